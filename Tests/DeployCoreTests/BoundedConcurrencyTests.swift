@testable import DeployCore
import Foundation
import Testing

/// The helper every concurrent reconciliation step uses: at most `limit` calls at once, results in input order.
@Suite struct BoundedConcurrencyTests {
    private actor Gauge {
        var now = 0
        var peak = 0
        func enter() {
            now += 1
            peak = max(peak, now)
        }
        func leave() { now -= 1 }
    }

    private struct Refused: Error {}

    @Test(arguments: [1, 3, 8])
    func neverMoreThanTheLimitRunAtOnceAndResultsKeepTheirOrder(_ limit: Int) async throws {
        let gauge = Gauge()
        let inputs = Array(0..<24)
        let outputs = try await BoundedConcurrency.map(inputs, limit: limit) { value in
            await gauge.enter()
            // Later inputs finish first, so order can only come from the helper.
            try await Task.sleep(nanoseconds: UInt64((24 - value) % 5) * 2_000_000)
            await gauge.leave()
            return value * 10
        }
        #expect(outputs == inputs.map { $0 * 10 })
        let peak = await gauge.peak
        #expect(peak <= limit)
        if limit > 1 { #expect(peak > 1, "calls overlapped") }
    }

    @Test func theFirstErrorIsRethrownAndStopsWhatIsLeft() async throws {
        let gauge = Gauge()
        await #expect(throws: Refused.self) {
            _ = try await BoundedConcurrency.map(Array(0..<50), limit: 4) { value in
                await gauge.enter()
                defer { Task { await gauge.leave() } }
                if value == 5 { throw Refused() }
                try await Task.sleep(nanoseconds: 20_000_000)
                return value
            }
        }
    }

    @Test func emptyAndSingleInputsNeedNoTasks() async throws {
        #expect(try await BoundedConcurrency.map([Int](), limit: 4) { $0 }.isEmpty)
        #expect(try await BoundedConcurrency.map([7], limit: 4) { $0 + 1 } == [8])
    }
}
