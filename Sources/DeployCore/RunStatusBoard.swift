import AICore
import Foundation

/// Where the follower reads its runs' statuses. With several runs of a kind it lists them (one request for all,
/// shared by every follower that asks while the answer is fresh enough for it) instead of one GET per run per poll;
/// a run the list does not show yet is read on its own.
actor RunStatusBoard {
    /// From this many followed runs of a kind on, one list beats a GET each.
    static let listFrom = 3

    private let client: AICoreClient
    private let listed: Set<RunKind>
    private var snapshots: [RunKind: (at: Date, runs: [String: RunInfo])] = [:]
    private var refreshing: [RunKind: Task<[String: RunInfo], any Error>] = [:]

    init(client: AICoreClient, runs: [StartedRun]) {
        self.client = client
        let counts = Dictionary(grouping: runs.filter { $0.wanted != nil }, by: \.kind).mapValues(\.count)
        listed = Set(counts.filter { $0.value >= Self.listFrom }.keys)
    }

    /// The run's status, from a list answer at most `maximumAge` old where the kind is listed.
    func status(_ kind: RunKind, _ id: String, maximumAge: TimeInterval) async throws -> RunInfo {
        guard listed.contains(kind) else { return try await client.run(kind, id) }
        if let snapshot = snapshots[kind], Date().timeIntervalSince(snapshot.at) < maximumAge,
            let info = snapshot.runs[id]
        {
            return info
        }
        if let info = try await refresh(kind)[id] { return info }
        return try await client.run(kind, id)
    }

    /// One list per kind at a time: followers asking while it runs wait for the same answer.
    private func refresh(_ kind: RunKind) async throws -> [String: RunInfo] {
        if let running = refreshing[kind] { return try await running.value }
        let client = self.client
        let task = Task { () throws -> [String: RunInfo] in
            Dictionary(try await client.runs(kind).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        refreshing[kind] = task
        defer { refreshing[kind] = nil }
        let runs = try await task.value
        snapshots[kind] = (Date(), runs)
        return runs
    }
}
