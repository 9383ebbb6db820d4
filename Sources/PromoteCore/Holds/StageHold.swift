public import Foundation
public import PromoteGit

/// Whether a stage is held, judged from its hold ledger: every hold and rollback that no valid release names stays
/// open, and the stage is held while one is open.
///
/// Anyone who can push notes can place a hold (it only ever stops things); lifting one takes a release signed by a
/// person the stage accepts approvals from, in its approval namespace, by the stage branch's `allowed_signers`. A
/// release names the IDs of the events it lifts, so it cannot be replayed against a later hold.
public struct StageHold: Sendable, Equatable, Codable {
    public struct Event: Sendable, Equatable, Codable {
        public let id: String
        public let kind: HoldEvent.Kind
        public let at: String
        public let by: String
        public let reason: String
        public let run: String?
        public let from: String?
        public let to: String?
    }

    /// A release and whether it counted.
    public struct Release: Sendable, Equatable, Codable {
        public let id: String
        public let approver: String
        public let at: String
        public let comment: String
        public let releases: [String]
        public let accepted: Bool
        /// Why it counts or not.
        public let reason: String
    }

    public let stage: String
    /// Open holds and rollbacks, oldest first.
    public let open: [Event]
    /// Every event ever recorded, oldest first (for history).
    public let events: [Event]
    public let releases: [Release]

    public var isHeld: Bool { !open.isEmpty }

    /// The commit the stage was last rolled back to while held: the only commit that may be deployed to it.
    public var rolledBackTo: String? { open.last { $0.kind == .rollback }?.to }

    enum CodingKeys: String, CodingKey {
        case stage, open, events, releases
    }

    /// Judges `stage`'s ledger; releases are checked against `allowedSigners` (read at `signersSource`).
    public static func judge(
        _ repository: Repository, stage: String, allowedSigners: Data?, signersSource: String, now: Date = Date(),
        keygen: SSHKeygen? = SSHKeygen.locate()
    ) throws -> StageHold {
        let all = try HoldLedger.events(repository, stage: stage)
        let placed = all.filter { $0.kind != .release }
        let releaseEvents = all.filter { $0.kind == .release }
        var releases: [Release] = []
        var lifted: Set<String> = []
        if !releaseEvents.isEmpty {
            let signature = try ApproverSignature(
                stage: stage, allowedSigners: allowedSigners, signersSource: signersSource, keygen: keygen,
                scratch: try ScratchDirectory("release"))
            let known = Set(placed.map(\.id))
            for release in releaseEvents {
                let problem = try check(release, signature: signature, known: known, now: now)
                if problem == nil { lifted.formUnion(release.releases) }
                releases.append(
                    Release(
                        id: release.id, approver: release.by, at: release.at, comment: release.reason,
                        releases: release.releases, accepted: problem == nil,
                        reason: problem ?? "valid release by \(release.by)"))
            }
        }
        let events = placed.map(Self.summary)
        return StageHold(
            stage: stage, open: events.filter { !lifted.contains($0.id) }, events: events, releases: releases)
    }

    static func check(_ release: HoldEvent, signature: ApproverSignature, known: Set<String>, now: Date)
        throws -> String?
    {
        if release.releases.isEmpty { return "names no hold to release" }
        if case .failure(let problem) = try signature.verify(
            release.releasePayload, signature: release.signature, principal: release.by, what: "release")
        {
            return problem.message
        }
        guard let date = release.date else { return "time \"\(release.at)\" is not an ISO 8601 UTC time" }
        if date.timeIntervalSince(now) > ApprovalJudge.allowedClockSkew { return "dated \(release.at), in the future" }
        if let unknown = release.releases.first(where: { !known.contains($0) }) {
            return "names \(unknown), which is no hold of this stage"
        }
        return nil
    }

    private static func summary(_ event: HoldEvent) -> Event {
        Event(
            id: event.id, kind: event.kind, at: event.at, by: event.by, reason: event.reason, run: event.run,
            from: event.from, to: event.to)
    }

    /// "prd is held since 2026-12-06 12:00:00 UTC by Ann <ann@example.com> (INC-42: bad model); it runs 1a2b3c4
    /// (rolled back) while its branch is at ..." : one sentence for refusals and gate rows.
    public func describe(branchHead: OID? = nil) -> String {
        guard let first = open.first else { return "\(stage) is not held" }
        var text = "\(stage) is held since \(Self.readable(first.at)) by \(first.by)"
        if !first.reason.isEmpty { text += " (\(first.reason))" }
        if open.count > 1 { text += " and \(open.count - 1) later hold\(open.count == 2 ? "" : "s")/rollback\(open.count == 2 ? "" : "s")" }
        if let to = rolledBackTo {
            text += "; it was rolled back to \(to.prefix(7))"
            if let branchHead, branchHead.hex != to { text += " while its branch is at \(branchHead.short)" }
        }
        return text + "; a person who may approve \(stage) lifts it with 'promote release \(stage)'"
    }

    public static func readable(_ at: String) -> String {
        at.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    }
}
