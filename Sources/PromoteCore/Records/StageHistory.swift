import Foundation
public import PromoteGit
public import PromoteModel

/// `promote history <stage>`: the stage's promotions and deploys, read from git notes, newest first. Its JSON form
/// (schema `promote.history/v1`) is documented in docs/json/history.md.
public struct StageHistory: Codable, Equatable, Sendable {
    public var schema = "promote.history/v1"
    public let stage: String
    public let events: [Event]

    /// One record. `kind` is `promotion`, `deployment`, `approval`, `test`, `hold`, `rollback` or `release`; the
    /// other fields depend on it.
    public struct Event: Codable, Equatable, Sendable {
        public let kind: String
        /// When it happened (ISO 8601, UTC): a promotion's time, a deploy's finish time.
        public let at: String
        /// The commit the record is attached to.
        public let commit: String
        /// Promotion: the stage promoted from, the branch's old head and who promoted.
        public let from: String?
        public let old: String?
        public let by: String?
        /// Deployment: succeeded or failed, and the object IDs.
        public let outcome: String?
        public let executions: [String]?
        public let deployments: [String]?
        /// Hold, rollback, release: why (a release's comment), and the ledger ID releases name.
        public var reason: String? = nil
        public var id: String? = nil
        /// The CI run (job, build) that wrote the record, when it was written on a CI.
        public var run: String? = nil
    }

    /// Reads the promotion and deploy records, and with `stages` the hold ledger (releases judged by the stage's
    /// rules); records of other stages and lines that are not JSON are skipped.
    public static func read(_ repository: Repository, stage: String, stages: StageSet? = nil) throws -> StageHistory {
        var events: [Event] = []
        for (notesRef, kind) in [
            (PromotionRecord.notesRef, "promotion"), (StageDeployment.notesRef, "deployment"),
            (ApprovalRecord.notesRef, "approval"), (TestRecord.notesRef, "test"),
        ] where try repository.referenceTarget(notesRef) != nil {
            for (commit, text) in try repository.notes(notesRef: notesRef) {
                for line in text.split(separator: "\n") {
                    guard let record = try? JSONValue(parsing: Array(line.utf8)) else { continue }
                    if let event = event(record, kind: kind, commit: commit, stage: stage) { events.append(event) }
                }
            }
        }
        if let stages, try repository.referenceTarget(HoldLedger.notesRef) != nil {
            events += try holdEvents(repository, stages: stages, stage: stage)
        }
        events.sort { ($0.at, $0.kind, $0.commit) > ($1.at, $1.kind, $1.commit) }
        return StageHistory(stage: stage, events: events)
    }

    /// The event of one note line, when it is a record of `kind` for `stage` attached to its own commit.
    private static func event(_ record: JSONValue, kind: String, commit: OID, stage: String) -> Event? {
        var event: Event
        switch kind {
        case "promotion":
            guard record["to"]?.stringValue == stage else { return nil }
            event = Event(
                kind: kind, at: record["at"]?.stringValue ?? "", commit: commit.hex,
                from: record["from"]?.stringValue, old: record["old"]?.stringValue, by: record["by"]?.stringValue,
                outcome: nil, executions: nil, deployments: nil)
        case "approval":
            guard case .success(let approval) = ApprovalRecord.parse(record.serialized(sortedKeys: true)),
                approval.stage == stage, approval.commit == commit.hex
            else { return nil }
            event = Event(
                kind: kind, at: approval.at, commit: commit.hex, from: nil, old: nil, by: approval.approver,
                outcome: approval.revoke ? "revoked" : "approved", executions: nil, deployments: nil,
                reason: approval.comment)
        case "test":
            guard record["stage"]?.stringValue == stage, record["commit"]?.stringValue == commit.hex,
                let hook = record["hook"]?.stringValue
            else { return nil }
            event = Event(
                kind: kind, at: record["finished_at"]?.stringValue ?? "", commit: commit.hex, from: nil, old: nil,
                by: record["by"]?.stringValue, outcome: record["outcome"]?.stringValue, executions: nil,
                deployments: nil, id: hook)
        default:
            guard record["stage"]?.stringValue == stage else { return nil }
            let ids: (String) -> [String] = { key in
                (record[key]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            }
            event = Event(
                kind: kind, at: record["finished_at"]?.stringValue ?? "", commit: commit.hex, from: nil, old: nil,
                by: record["by"]?.stringValue, outcome: record["outcome"]?.stringValue,
                executions: ids("executions"), deployments: ids("deployments"))
        }
        event.run = record["run"]?.stringValue
        return event
    }

    private static func holdEvents(_ repository: Repository, stages: StageSet, stage: String) throws -> [Event] {
        let hold = try StageHolds.current(repository: repository, stages: stages, stage: stage).hold
        let placed = hold.events.map { event in
            Event(
                kind: event.kind.rawValue, at: event.at, commit: event.to ?? "", from: nil, old: event.from,
                by: event.by, outcome: hold.open.contains(event) ? "open" : "released", executions: nil,
                deployments: nil, reason: event.reason, id: event.id)
        }
        let releases = hold.releases.map { release in
            Event(
                kind: "release", at: release.at, commit: "", from: nil, old: nil, by: release.approver,
                outcome: release.accepted ? "accepted" : "rejected: \(release.reason)", executions: release.releases,
                deployments: nil, reason: release.comment, id: release.id)
        }
        return placed + releases
    }

    public func renderText() -> String {
        guard !events.isEmpty else {
            return "no promotions, deploys or holds of \(stage) are recorded (refs/notes/promote/*); fetch them with "
                + "git fetch origin 'refs/notes/promote/*:refs/notes/promote/*'\n"
        }
        var lines = ["History of \(stage) (newest first):"]
        for event in events {
            let when = event.at.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
            let commit = String(event.commit.prefix(7))
            if let line = Self.holdLine(event, when: when) ?? Self.recordLine(event, when: when) {
                lines.append(line)
            } else if event.kind == "promotion" {
                let old = event.old.map { String($0.prefix(7)) } ?? "none"
                lines.append(
                    "  \(when)  promoted   \(commit)  from \(event.from ?? "?") (was \(old)) by \(event.by ?? "?")")
            } else {
                let objects = (event.executions?.count ?? 0) + (event.deployments?.count ?? 0)
                lines.append("  \(when)  deployed   \(commit)  \(event.outcome ?? "?"), \(objects) objects")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Approvals and test runs: recorded facts, judged only by the gates.
    private static func recordLine(_ event: Event, when: String) -> String? {
        let commit = String(event.commit.prefix(7))
        switch event.kind {
        case "approval":
            let comment = event.reason.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
            return
                "  \(when)  \((event.outcome ?? "?").padding(toLength: 9, withPad: " ", startingAt: 0))  \(commit)  by \(event.by ?? "?")\(comment)"
        case "test":
            return "  \(when)  tested     \(commit)  \(event.id ?? "?"): \(event.outcome ?? "?")"
        default:
            return nil
        }
    }

    private static func holdLine(_ event: Event, when: String) -> String? {
        let why = event.reason.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
        switch event.kind {
        case "hold":
            return "  \(when)  held       -        by \(event.by ?? "?")\(why), \(event.outcome ?? "?")"
        case "rollback":
            let old = event.old.map { String($0.prefix(7)) } ?? "none"
            return
                "  \(when)  rollback   \(event.commit.prefix(7))  back from \(old), by \(event.by ?? "?")\(why), hold \(event.outcome ?? "?")"
        case "release":
            return "  \(when)  released   -        by \(event.by ?? "?")\(why), \(event.outcome ?? "?")"
        default:
            return nil
        }
    }
}
