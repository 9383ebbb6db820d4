public import Foundation
public import PromoteGit
import PromoteModel

/// Decides which approval records on a commit count for a stage, each rejection with its reason.
public struct ApprovalJudge {
    /// How far in the future an approval's time may lie (clock skew between machines).
    static let allowedClockSkew: TimeInterval = 300

    public let stage: String
    public let commit: OID
    /// Whether authors and committers of the promoted range may approve (`allow_authors`).
    public let allowAuthors: Bool
    /// How long an approval stays valid (`ttl_hours`); nil: forever.
    public let ttlHours: Double?
    /// The stage's allowed_signers as on its branch (`GateRules.allowedSigners`).
    public let allowedSigners: Data?
    /// Where the allowed_signers file was read, for messages (e.g. "tst at 1a2b3c4").
    public let signersSource: String
    /// Authors and committers of the promoted range (`PromotedRange.people`).
    public let people: [String: OID]
    public let now: Date
    public let keygen: SSHKeygen?

    public init(
        stage: String, commit: OID, allowAuthors: Bool, ttlHours: Double?, allowedSigners: Data?, signersSource: String,
        people: [String: OID], now: Date, keygen: SSHKeygen?
    ) {
        self.stage = stage
        self.commit = commit
        self.allowAuthors = allowAuthors
        self.ttlHours = ttlHours
        self.allowedSigners = allowedSigners
        self.signersSource = signersSource
        self.people = people
        self.now = now
        self.keygen = keygen
    }

    /// A record that passed every check on its own, before revocations and duplicates are settled.
    private struct Valid {
        let index: Int
        let record: ApprovalRecord
        let date: Date
        let fingerprint: String
    }

    /// Judges every line of the commit's approvals note; returns the judgements in note order and the approvers
    /// who count.
    public func judge(_ lines: [String]) throws -> (judged: [JudgedApproval], counted: [String]) {
        guard !lines.isEmpty else { return ([], []) }
        let signature = try ApproverSignature(
            stage: stage, allowedSigners: allowedSigners, signersSource: signersSource, keygen: keygen,
            scratch: try ScratchDirectory("verify"))
        var judged: [JudgedApproval] = []
        var valid: [Valid] = []
        for (index, line) in lines.enumerated() {
            switch ApprovalRecord.parse(line) {
            case .failure(let problem):
                judged.append(
                    JudgedApproval(
                        approver: nil, key: nil, at: nil, comment: nil, revoke: false, stage: nil, commit: nil,
                        verdict: .rejected, reason: "line \(index + 1) of the note: \(problem.message)"))
            case .success(let record):
                var entry = JudgedApproval(
                    approver: record.approver, key: nil, at: record.at, comment: record.comment, revoke: record.revoke,
                    stage: record.stage, commit: record.commit, verdict: .rejected, reason: "")
                switch try check(record, signature: signature) {
                case .failure(let problem):
                    entry.reason = problem.message
                case .success(let accepted):
                    entry.key = accepted.fingerprint
                    valid.append(
                        Valid(index: index, record: record, date: accepted.date, fingerprint: accepted.fingerprint))
                }
                judged.append(entry)
            }
        }
        let counted = settle(valid, into: &judged)
        return (judged, counted)
    }

    /// Revocations withdraw earlier approvals by the same person; of what remains, each person (principal or key)
    /// counts once, with their latest approval.
    private func settle(_ valid: [Valid], into judged: inout [JudgedApproval]) -> [String] {
        var standing: [String: [Valid]] = [:]
        for entry in valid.sorted(by: { ($0.date, $0.index) < ($1.date, $1.index) }) {
            let person = entry.record.approver.lowercased()
            if entry.record.revoke {
                let withdrawn = standing[person] ?? []
                for approval in withdrawn {
                    judged[approval.index].reason = "withdrawn by \(entry.record.approver) at \(entry.record.at)"
                }
                standing[person] = []
                judged[entry.index].verdict = .accepted
                judged[entry.index].reason =
                    withdrawn.isEmpty
                    ? "revocation by \(entry.record.approver); there was no earlier approval to withdraw"
                    : "revocation by \(entry.record.approver): withdraws their earlier approval"
            } else {
                standing[person, default: []].append(entry)
            }
        }
        var counted: [String] = []
        var countedKeys: [String: String] = [:]
        let latestFirst = standing.values.compactMap(\.last).sorted { ($0.date, $0.index) > ($1.date, $1.index) }
        for approval in latestFirst {
            if let other = countedKeys[approval.fingerprint] {
                judged[approval.index].reason =
                    "same key (\(approval.fingerprint)) as the approval of \(other), which already counts: one person counts once"
                continue
            }
            countedKeys[approval.fingerprint] = approval.record.approver
            counted.append(approval.record.approver)
            judged[approval.index].verdict = .accepted
            judged[approval.index].reason = "valid approval by \(approval.record.approver)"
        }
        for approvals in standing.values {
            for earlier in approvals.dropLast() {
                judged[earlier.index].reason =
                    "\(earlier.record.approver) approved again later; the same person counts once"
            }
        }
        return counted.sorted()
    }

    private struct Accepted {
        let date: Date
        let fingerprint: String
    }

    /// Every check one record must pass on its own, in order: what it is for, its signature, its signer, its time,
    /// and whether the signer wrote part of the change.
    private func check(
        _ record: ApprovalRecord, signature: ApproverSignature
    ) throws -> Result<Accepted, RecordProblem> {
        let what = record.revoke ? "revocation" : "approval"
        guard record.stage == stage else {
            return .failure(RecordProblem("\(what) for stage \(record.stage), not \(stage)"))
        }
        guard record.commit == commit.hex else {
            return .failure(
                RecordProblem(
                    "\(what) signed for commit \(record.commit.prefix(7)), not \(commit.short): a record copied from another commit does not count"
                ))
        }
        let fingerprint: String
        switch try signature.verify(
            record.payload, signature: record.signature, principal: record.approver, what: "approval")
        {
        case .failure(let problem): return .failure(problem)
        case .success(let key): fingerprint = key
        }
        guard let date = record.date else {
            return .failure(RecordProblem("time \"\(record.at)\" is not an ISO 8601 UTC time"))
        }
        if date.timeIntervalSince(now) > Self.allowedClockSkew {
            return .failure(RecordProblem("dated \(record.at), in the future"))
        }
        if !record.revoke {
            if let ttl = ttlHours, now.timeIntervalSince(date) > ttl * 3600 {
                let age = Int(now.timeIntervalSince(date) / 3600)
                return .failure(
                    RecordProblem(
                        "expired: given \(age)h ago, \(stage) accepts approvals for \(Self.hours(ttl)) (ttl_hours)"))
            }
            if !allowAuthors, let authored = people[record.approver.lowercased()] {
                return .failure(
                    RecordProblem(
                        "\(record.approver) authored or committed \(authored.short) in the promoted range; \(stage) does not allow authors to approve (allow_authors)"
                    ))
            }
        }
        return .success(Accepted(date: date, fingerprint: fingerprint))
    }

    static func hours(_ value: Double) -> String {
        value.rounded() == value ? "\(Int(value))h" : "\(value)h"
    }
}
