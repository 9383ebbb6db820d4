import Foundation
import PromoteModel

/// Counts the requests the emulator answered, so tests and benchmarks can see how many calls a client made and
/// that a refused deploy wrote nothing. Served at `GET /emulator/stats` (no token needed).
actor TrafficCounter {
    private var requests: [String: Int] = [:]
    private var writes = 0

    func record(method: String, routeClass: FaultPlan.RouteClass, status: Int) {
        requests["\(routeClass.rawValue) \(method)", default: 0] += 1
        if method != "GET" && routeClass != .oauth && (200..<300).contains(status) { writes += 1 }
    }

    /// `{"requests": N, "writes": N, "byRoute": {"lm GET": N, ...}}`: writes are successful non-GET API calls.
    func snapshot() -> JSONValue {
        var byRoute = JSONObject()
        for key in requests.keys.sorted() { byRoute[key] = .int(requests[key] ?? 0) }
        return ["requests": .int(requests.values.reduce(0, +)), "writes": .int(writes), "byRoute": .object(byRoute)]
    }
}
