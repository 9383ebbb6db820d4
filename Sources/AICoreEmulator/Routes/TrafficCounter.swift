import Foundation
import PromoteModel

/// Counts the requests the emulator answered, so tests and benchmarks can see how many calls a client made and
/// that a refused deploy wrote nothing. Served at `GET /emulator/stats` (no token needed).
actor TrafficCounter {
    private var requests: [String: Int] = [:]
    private var writes = 0

    func record(method: String, path: String, routeClass: FaultPlan.RouteClass, status: Int) {
        requests["\(routeClass.rawValue) \(method)", default: 0] += 1
        let changesState = method != "GET" && routeClass != .oauth && !path.hasSuffix("/refresh")
        if changesState && (200..<300).contains(status) { writes += 1 }
    }

    /// `{"requests": N, "writes": N, "byRoute": {"lm GET": N, ...}}`: writes are successful calls that create,
    /// change or delete an object (a sync refresh is not one).
    func snapshot() -> JSONValue {
        var byRoute = JSONObject()
        for key in requests.keys.sorted() { byRoute[key] = .int(requests[key] ?? 0) }
        return ["requests": .int(requests.values.reduce(0, +)), "writes": .int(writes), "byRoute": .object(byRoute)]
    }
}
