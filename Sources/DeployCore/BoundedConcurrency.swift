/// Runs independent calls at most `limit` at a time and returns their results in the order of the inputs, so
/// concurrent reconciliation still reports (and prints) in config order. The first error cancels what is still
/// running and is rethrown.
enum BoundedConcurrency {
    static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], limit: Int, _ body: @escaping @Sendable (Input) async throws -> Output
    ) async throws -> [Output] {
        guard inputs.count > 1, limit > 1 else {
            var outputs: [Output] = []
            for input in inputs { outputs.append(try await body(input)) }
            return outputs
        }
        return try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            var next = 0
            func addNext() {
                let index = next
                let input = inputs[index]
                group.addTask { (index, try await body(input)) }
                next += 1
            }
            while next < min(limit, inputs.count) { addNext() }
            var results: [(Int, Output)] = []
            results.reserveCapacity(inputs.count)
            while let result = try await group.next() {
                results.append(result)
                if next < inputs.count { addNext() }
            }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
