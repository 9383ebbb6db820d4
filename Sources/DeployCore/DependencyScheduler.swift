/// Runs a graph of calls: each job once every job it depends on has finished, at most `limit` at a time, the ready
/// job with the lowest `priority` first. There are no barriers between kinds of job: a run starts as soon as its
/// configuration exists, even while other artifacts are still being created, so a deploy at 100 ms per request
/// waits for its longest chain, not for the sum of its levels.
///
/// The first failure stops new jobs from starting and cancels those in flight; what finished before it is still
/// returned, so a deploy can report what it created.
enum DependencyScheduler {
    struct Job<Input: Sendable>: Sendable {
        let input: Input
        /// Indices of the jobs whose outputs this one needs (handed to it in this order).
        let dependencies: [Int]
        /// Lower goes first among the jobs that are ready; ties go in job order.
        let priority: Int
    }

    struct Outcome<Output> {
        /// Per job, its output, or nil when it did not run or failed.
        let outputs: [Output?]
        let error: (any Error)?
    }

    static func run<Input: Sendable, Output: Sendable>(
        _ jobs: [Job<Input>], limit: Int, _ body: @escaping @Sendable (Input, [Output]) async throws -> Output
    ) async -> Outcome<Output> {
        var outputs = [Output?](repeating: nil, count: jobs.count)
        var waitingOn = jobs.map { Set($0.dependencies) }
        var dependents = [[Int]](repeating: [], count: jobs.count)
        for (index, job) in jobs.enumerated() {
            for dependency in Set(job.dependencies) { dependents[dependency].append(index) }
        }
        var ready = jobs.indices.filter { waitingOn[$0].isEmpty }
        var firstError: (any Error)?
        await withTaskGroup(of: (Int, Result<Output, any Error>).self) { group in
            var running = 0
            while true {
                while firstError == nil, running < max(1, limit), let position = nextReady(ready, jobs) {
                    let index = ready.remove(at: position)
                    let job = jobs[index]
                    // Every dependency finished (a failure stops all launching), so its output is there.
                    let inputs = job.dependencies.compactMap { outputs[$0] }
                    group.addTask {
                        do {
                            return (index, .success(try await body(job.input, inputs)))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                    running += 1
                }
                guard let (index, result) = await group.next() else { break }
                running -= 1
                switch result {
                case .success(let output):
                    outputs[index] = output
                    for dependent in dependents[index] {
                        waitingOn[dependent].remove(index)
                        if waitingOn[dependent].isEmpty { ready.append(dependent) }
                    }
                case .failure(let error):
                    if firstError == nil {
                        firstError = error
                        group.cancelAll()
                    }
                }
            }
        }
        if firstError == nil, let stuck = waitingOn.firstIndex(where: { !$0.isEmpty }), outputs[stuck] == nil {
            preconditionFailure("DependencyScheduler: job \(stuck) depends on a cycle")
        }
        return Outcome(outputs: outputs, error: firstError)
    }

    /// The position in `ready` of the job to start next.
    private static func nextReady<Input>(_ ready: [Int], _ jobs: [Job<Input>]) -> Int? {
        ready.indices.min { (jobs[ready[$0]].priority, ready[$0]) < (jobs[ready[$1]].priority, ready[$1]) }
    }
}
