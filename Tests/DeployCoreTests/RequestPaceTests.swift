@testable import AICore
import Foundation
import Testing

/// A client's calls in flight: bounded, halved on 429, regrown on successes.
@Suite struct RequestPaceTests {
    @Test func aTooManyRequestsAnswerHalvesTheLimitAndSuccessesGrowItBack() async {
        let pace = RequestPace(maximum: 8)
        await pace.enter()
        await pace.leave(status: 429, retryAfter: nil)
        #expect(await pace.limit == 4)
        await pace.enter()
        await pace.leave(status: 429, retryAfter: nil)
        await pace.enter()
        await pace.leave(status: 429, retryAfter: nil)
        await pace.enter()
        await pace.leave(status: 429, retryAfter: nil)
        #expect(await pace.limit == 1, "never below one")
        for _ in 0..<1 {
            await pace.enter()
            await pace.leave(status: 200, retryAfter: nil)
        }
        #expect(await pace.limit == 2)
        for _ in 0..<100 {
            await pace.enter()
            await pace.leave(status: 200, retryAfter: nil)
        }
        #expect(await pace.limit == 8, "grown back to the maximum, not past it")
        // A server error says nothing about the rate: the limit stays.
        await pace.enter()
        await pace.leave(status: 503, retryAfter: nil)
        #expect(await pace.limit == 8)
    }

    @Test func neverMoreCallsThanTheLimitAreInFlight() async {
        let pace = RequestPace(maximum: 3)
        actor Gauge {
            var now = 0
            var peak = 0
            func enter() { now += 1; peak = max(peak, now) }
            func leave() { now -= 1 }
        }
        let gauge = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    await pace.enter()
                    await gauge.enter()
                    try? await Task.sleep(nanoseconds: 3_000_000)
                    await gauge.leave()
                    await pace.leave(status: 200, retryAfter: nil)
                }
            }
        }
        #expect(await gauge.peak <= 3)
        #expect(await gauge.peak > 1)
    }

    @Test func setMaximumStartsTheLimitAgainFromTheNewCeiling() async {
        let pace = RequestPace(maximum: 64)
        await pace.setMaximum(4)
        #expect(await pace.limit == 4)
        await pace.setMaximum(0)
        #expect(await pace.limit == 1)
    }
}
