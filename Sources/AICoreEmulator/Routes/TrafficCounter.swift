import Foundation
import PromoteModel

/// Counts the requests the emulator answered, so tests and benchmarks can see how many calls a client made and
/// that a refused deploy wrote nothing. Served at `GET /emulator/stats` (no token needed).
actor TrafficCounter {
    private var requests: [String: Int] = [:]
    private var patterns: [String: Int] = [:]
    private var writes = 0
    /// Requests being answered now, and the most ever at once, by route class: what shows a client's concurrency.
    private var inFlight: [String: Int] = [:]
    private var peakInFlight: [String: Int] = [:]

    /// Path segments that name a collection: the segment after one is an object ID.
    private static let collections: Set<Substring> = [
        "executions", "deployments", "artifacts", "configurations", "scenarios", "executables", "versions",
        "applications", "resourceGroups", "destinations", "executionSchedules", "secrets", "objectStoreSecrets",
        "dockerRegistrySecrets",
    ]

    func begin(_ routeClass: FaultPlan.RouteClass) {
        let now = inFlight[routeClass.rawValue, default: 0] + 1
        inFlight[routeClass.rawValue] = now
        peakInFlight[routeClass.rawValue] = max(peakInFlight[routeClass.rawValue] ?? 0, now)
    }

    func end(_ routeClass: FaultPlan.RouteClass) {
        inFlight[routeClass.rawValue, default: 1] -= 1
    }

    func record(method: String, path: String, routeClass: FaultPlan.RouteClass, status: Int) {
        requests["\(routeClass.rawValue) \(method)", default: 0] += 1
        patterns["\(method) \(Self.pattern(of: path))", default: 0] += 1
        let changesState = method != "GET" && routeClass != .oauth && !path.hasSuffix("/refresh")
        if changesState && (200..<300).contains(status) { writes += 1 }
    }

    /// `{"requests": N, "writes": N, "byRoute": {"lm GET": N, ...}, "byPath": {"GET /v2/lm/executions/{id}": N,
    /// ...}, "peakInFlight": {"lm": N, ...}}`: writes are successful calls that create, change or delete an object (a
    /// sync refresh is not one); peakInFlight is the most requests of a route class answered at once.
    func snapshot() -> JSONValue {
        var byRoute = JSONObject()
        for key in requests.keys.sorted() { byRoute[key] = .int(requests[key] ?? 0) }
        var byPath = JSONObject()
        for key in patterns.keys.sorted() { byPath[key] = .int(patterns[key] ?? 0) }
        var peaks = JSONObject()
        for key in peakInFlight.keys.sorted() { peaks[key] = .int(peakInFlight[key] ?? 0) }
        return [
            "requests": .int(requests.values.reduce(0, +)), "writes": .int(writes), "byRoute": .object(byRoute),
            "byPath": .object(byPath), "peakInFlight": .object(peaks),
        ]
    }

    /// The path with object IDs replaced by `{id}`, query dropped: `/v2/lm/executions/{id}/logs`.
    static func pattern(of path: String) -> String {
        let bare = path.split(separator: "?", maxSplits: 1).first ?? ""
        var result: [Substring] = []
        for segment in bare.split(separator: "/") {
            if let previous = result.last, collections.contains(previous), !collections.contains(segment) {
                result.append("{id}")
            } else {
                result.append(segment)
            }
        }
        return "/" + result.joined(separator: "/")
    }
}
