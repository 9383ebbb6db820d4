import AICore
import Foundation

/// How a followed run ended.
struct FollowResult: Sendable {
    let kind: RunKind
    let destinationName: String?
    let report: RunReport
}

/// Follows every started run at once: status changes and new log lines (de-duplicated, prefixed with the object),
/// polling fast at first and backing off while nothing changes.
struct RunFollower: Sendable {
    static let firstLogInterval: TimeInterval = 1
    let client: AICoreClient
    let output: DeployOutput
    let options: DeployOptions
    let started: Date
    let deadline: Date

    func follow(_ runs: [StartedRun]) async -> [FollowResult] {
        let board = RunStatusBoard(client: client, runs: runs)
        return await withTaskGroup(of: (Int, FollowResult).self) { group in
            for (index, run) in runs.enumerated() {
                group.addTask { (index, await self.follow(run, board: board)) }
            }
            var results: [(Int, FollowResult)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private func follow(_ run: StartedRun, board: RunStatusBoard) async -> FollowResult {
        let prefix = "[\(run.kind.rawValue) \(run.name)]"
        var report = RunReport(
            configuration: run.name, configurationID: run.configurationID, executableID: run.executableID, id: run.id,
            status: "UNKNOWN",
            wanted: run.wanted,
            reached: run.wanted == nil, message: nil, url: nil, seconds: nil, rolledBackTo: nil)
        guard let wanted = run.wanted else {
            if let info = try? await client.run(run.kind, run.id) { report.status = info.status }
            return FollowResult(kind: run.kind, destinationName: run.destinationName, report: report)
        }
        var logs = LogCursor()
        var interval = options.pollInterval
        // Logs have no list call: each read is a request of its own, so they are read when the status changes
        // (which includes the end) and otherwise at most every `logInterval`, which grows while no lines come.
        var logInterval = Self.firstLogInterval
        var nextLogRead = Date.distantPast
        var lastStatus = ""
        while true {
            if Task.isCancelled {
                report.message = "cancelled while \(report.status)"
                break
            }
            var changed = false
            do {
                // Followers polling at about the same pace share one list answer.
                let info = try await board.status(run.kind, run.id, maximumAge: interval / 2)
                changed = info.status != lastStatus
                if changed {
                    await output.line("\(prefix) \(info.status)\(info.statusMessage.map { ": \($0)" } ?? "")")
                    lastStatus = info.status
                }
                report.status = info.status
                report.message = info.statusMessage
                report.url = info.deploymentURL.flatMap { $0.isEmpty ? nil : $0 }
                // Logs exist only once the pod runs; asking earlier costs a request for nothing.
                if !["UNKNOWN", "PENDING"].contains(info.status) && (changed || Date() >= nextLogRead) {
                    let lines = await newLogLines(run, &logs)
                    for line in lines { await output.line("\(prefix) \(line)") }
                    logInterval =
                        lines.isEmpty ? min(logInterval * 1.5, options.maxPollInterval) : Self.firstLogInterval
                    nextLogRead = Date().addingTimeInterval(logInterval)
                }
                let updating =
                    run.rollbackTo != nil && info.configurationID == run.configurationID
                    && info.status == "RUNNING" && info.latestRunningConfigurationID != nil
                    && info.latestRunningConfigurationID != run.configurationID
                if info.status == wanted && !updating && info.configurationID == run.configurationID {
                    report.reached = true
                    break
                }
                if info.status == "DEAD" || (info.isSettled && info.status != wanted) {
                    report.message = info.statusMessage ?? "ended \(info.status) instead of \(wanted)"
                    break
                }
            } catch {
                report.message = error.localizedDescription
            }
            guard Date() < deadline else {
                report.message = "still \(report.status) when the deploy timeout ran out (want \(wanted))"
                break
            }
            interval = changed ? options.pollInterval : min(interval * 1.5, options.maxPollInterval)
            try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
        }
        report.seconds = (Date().timeIntervalSince(started) * 100).rounded() / 100
        if !report.reached, let previous = run.rollbackTo {
            report.rolledBackTo = await rollBack(run, to: previous, prefix: prefix)
        }
        return FollowResult(kind: run.kind, destinationName: run.destinationName, report: report)
    }

    /// Puts the previous configuration back after a failed in-place update and waits until it runs again.
    private func rollBack(_ run: StartedRun, to previous: String, prefix: String) async -> String? {
        await output.line("\(prefix) the new configuration did not reach RUNNING; putting back \(previous)")
        do {
            try await client.changeConfiguration(deployment: run.id, to: previous)
            var interval = options.pollInterval
            while Date() < deadline.addingTimeInterval(120) && !Task.isCancelled {
                let info = try await client.run(.deployment, run.id)
                if info.status == "RUNNING" && info.configurationID == previous {
                    await output.line("\(prefix) rolled back: \(run.id) runs \(previous) again")
                    return previous
                }
                try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
                interval = min(interval * 1.5, options.maxPollInterval)
            }
            await output.line("\(prefix) the rollback to \(previous) was requested but has not reached RUNNING yet")
            return previous
        } catch {
            await output.line("\(prefix) the rollback to \(previous) failed: \(error.localizedDescription)")
            return nil
        }
    }

    private func newLogLines(_ run: StartedRun, _ cursor: inout LogCursor) async -> [String] {
        guard let lines = try? await client.logs(run.kind, run.id, start: cursor.start) else { return [] }
        return cursor.accept(lines).filter { options.platformLogs || !$0.hasPrefix("time=") }
    }
}

/// Remembers which log lines were shown. `start` has whole-second resolution, so the boundary second is read again
/// and its lines de-duplicated.
struct LogCursor {
    private var seen: Set<LogLine> = []
    private var latest: String?

    var start: String? { latest.map { String($0.prefix(19)) + "Z" } }

    mutating func accept(_ lines: [LogLine]) -> [String] {
        var fresh: [String] = []
        for line in lines where seen.insert(line).inserted {
            fresh.append(line.message)
            if latest.map({ line.timestamp > $0 }) ?? true { latest = line.timestamp }
        }
        return fresh
    }
}
