import Foundation
import Testing

@testable import DeployCore

/// The deploy's creation graph: each call once what it needs has finished, at most `limit` at once, the ready call
/// with the lowest priority first, and a failure that stops what has not started but keeps what finished.
@Suite struct DependencySchedulerTests {
    private actor Journal {
        /// "start x" and "finish x", in the order they happened.
        var events: [String] = []
        var now = 0
        var peak = 0
        var started: [String] { events.filter { $0.hasPrefix("start ") }.map { String($0.dropFirst(6)) } }
        func start(_ name: String) {
            events.append("start \(name)")
            now += 1
            peak = max(peak, now)
        }
        func finish(_ name: String) {
            events.append("finish \(name)")
            now -= 1
        }
    }

    private struct Refused: Error {}

    private typealias Job = DependencyScheduler.Job<String>

    @Test(arguments: [1, 2, 8])
    func everyJobStartsOnlyAfterItsDependenciesAndGetsTheirOutputsInOrder(_ limit: Int) async throws {
        // a0, a1 -> c0 (binds both); a2 -> c1; c0 -> r0; c1 -> r1; r2 needs nothing.
        let jobs: [Job] = [
            .init(input: "a0", dependencies: [], priority: 2), .init(input: "a1", dependencies: [], priority: 2),
            .init(input: "a2", dependencies: [], priority: 6), .init(input: "c0", dependencies: [1, 0], priority: 1),
            .init(input: "c1", dependencies: [2], priority: 5), .init(input: "r0", dependencies: [3], priority: 0),
            .init(input: "r1", dependencies: [4], priority: 4), .init(input: "r2", dependencies: [], priority: 8),
        ]
        let journal = Journal()
        let outcome = await DependencyScheduler.run(jobs, limit: limit) { (name: String, inputs: [String]) in
            await journal.start(name)
            try await Task.sleep(nanoseconds: 5_000_000)
            await journal.finish(name)
            return inputs.isEmpty ? name : "\(name)(\(inputs.joined(separator: ",")))"
        }
        #expect(outcome.error == nil)
        #expect(
            outcome.outputs == ["a0", "a1", "a2", "c0(a1,a0)", "c1(a2)", "r0(c0(a1,a0))", "r1(c1(a2))", "r2"])
        let events = await journal.events
        for job in jobs {
            let start = try #require(events.firstIndex(of: "start \(job.input)"))
            for dependency in job.dependencies {
                let done = try #require(events.firstIndex(of: "finish \(jobs[dependency].input)"))
                #expect(done < start, "\(job.input) started before \(jobs[dependency].input) finished")
            }
        }
        #expect(await journal.peak <= limit)
    }

    /// With one call at a time the order is exactly the priority order among ready jobs: the chain of the first
    /// run (its artifacts, its configuration, the run) before anything of the second.
    @Test func oneAtATimeFollowsPriorityAmongReadyJobs() async {
        let jobs: [Job] = [
            .init(input: "artifact of run 2", dependencies: [], priority: 6),
            .init(input: "artifact of run 1", dependencies: [], priority: 2),
            .init(input: "configuration of run 1", dependencies: [1], priority: 1),
            .init(input: "run 1", dependencies: [2], priority: 0),
            .init(input: "configuration of run 2", dependencies: [0], priority: 5),
            .init(input: "run 2", dependencies: [4], priority: 4),
        ]
        let journal = Journal()
        let outcome = await DependencyScheduler.run(jobs, limit: 1) { (name: String, _: [String]) in
            await journal.start(name)
            await journal.finish(name)
            return name
        }
        #expect(outcome.error == nil)
        #expect(
            await journal.started == [
                "artifact of run 1", "configuration of run 1", "run 1", "artifact of run 2",
                "configuration of run 2", "run 2",
            ])
    }

    /// A failing job: what depends on it never starts, nothing new starts after it, and what finished is kept.
    @Test func theFirstFailureStopsNewJobsAndKeepsWhatFinished() async {
        let jobs: [Job] = [
            .init(input: "ok", dependencies: [], priority: 0),
            .init(input: "fails", dependencies: [0], priority: 0),
            .init(input: "after", dependencies: [1], priority: 0),
            .init(input: "later", dependencies: [0], priority: 9),
        ]
        let journal = Journal()
        let outcome = await DependencyScheduler.run(jobs, limit: 1) { (name: String, _: [String]) in
            await journal.start(name)
            defer { Task { await journal.finish(name) } }
            if name == "fails" { throw Refused() }
            return name
        }
        #expect(outcome.error is Refused)
        #expect(outcome.outputs == ["ok", nil, nil, nil])
        #expect(await journal.started == ["ok", "fails"])
    }

    @Test func noJobsIsNoWork() async {
        let outcome = await DependencyScheduler.run([Job](), limit: 4) { (name: String, _: [String]) in name }
        #expect(outcome.outputs.isEmpty && outcome.error == nil)
    }
}
