public import Foundation
public import PromoteGit
public import PromoteModel

/// What `promote approve` is asked to sign.
public struct ApprovalRequest: Sendable {
    public var stage: String
    public var commit: OID
    public var comment: String
    public var revoke: Bool
    public var key: SigningKey
    public var at: Date

    public init(
        stage: String, commit: OID, comment: String = "", revoke: Bool = false, key: SigningKey, at: Date = Date()
    ) {
        self.stage = stage
        self.commit = commit
        self.comment = comment
        self.revoke = revoke
        self.key = key
        self.at = at
    }
}

/// A recorded approval and where it went.
public struct ApprovalResult: Sendable {
    public let record: ApprovalRecord
    /// How the gate judges it right now (always accepted: a record the gate would reject is not stored).
    public let judged: JudgedApproval
    /// Where the rules were read (the stage branch at a commit).
    public let rulesLocation: String
    /// nil when publishing was not asked for.
    public let publication: NotesPublication?
}

/// `promote approve <stage>`: signs an approval (or a revocation) of a commit for a stage and records it in git notes.
public enum Approver {
    /// Signs, checks and records `request`. The approver is the principal `stages/allowed_signers` (on the stage's
    /// branch) lists for the key; a record the gate would reject (unlisted key, author of the change, a
    /// `namespaces=` restriction excluding this stage) is refused with the reason, not stored.
    public static func approve(
        _ request: ApprovalRequest, repository: Repository, stages: StageSet, keygen: SSHKeygen?,
        publish: Bool = true
    ) throws -> ApprovalResult {
        guard let keygen else { throw PromoteError.sshKeygenMissing }
        let context = try GateContext.resolve(
            repository: repository, stages: stages, stage: request.stage, commit: request.commit)
        guard let rulesStage = context.rules.stage else {
            throw PromoteError.rulesUnreadable(
                stage: request.stage, commit: context.rules.commit.short, reason: context.rules.problem ?? "unknown")
        }
        guard let signers = context.rules.allowedSigners else {
            throw PromoteError.noAllowedSigners(
                stage: request.stage, branch: context.stage.branch, commit: context.rules.commit.short)
        }
        let scratch = try ScratchDirectory("approve")
        let signersFile = try scratch.write(signers, to: "allowed_signers")
        let approver = try principal(
            for: request.key, keygen: keygen, signersFile: signersFile, context: context, scratch: scratch)
        var record = ApprovalRecord(
            stage: rulesStage.name, commit: request.commit.hex, approver: approver, at: RecordTime.format(request.at),
            comment: request.comment, revoke: request.revoke)
        record.signature = try keygen.sign(
            record.payload, keyFile: request.key.path, namespace: ApprovalRecord.namespace(for: rulesStage.name))

        let gate = rulesStage.gates.approvals
        let judge = ApprovalJudge(
            stage: rulesStage.name, commit: request.commit, allowAuthors: gate?.allowAuthors ?? false,
            ttlHours: gate?.ttlHours, allowedSigners: signers, signersSource: context.rulesLocation,
            people: context.range.people, now: request.at, keygen: keygen)
        let verdict = try judge.judge([record.line]).judged.first
        guard let judged = verdict, judged.verdict == .accepted else {
            throw PromoteError.approvalRefused(
                stage: request.stage, commit: request.commit.short, reason: verdict?.reason ?? "rejected")
        }
        try NoteLines.append(record.line, repository, commit: request.commit, notesRef: ApprovalRecord.notesRef)
        let publication = publish ? NotesSync.publish(ApprovalRecord.notesRef, repository: repository) : nil
        return ApprovalResult(
            record: record, judged: judged, rulesLocation: context.rulesLocation, publication: publication)
    }

    /// The principal allowed_signers lists by name for the key: the names on every line with the key's fingerprint
    /// (find-principals would stop at the first line). Patterns (`*@example.com`) do not name a person, and a key
    /// under two names would let one person count twice, so neither is accepted.
    static func principal(
        for key: SigningKey, keygen: SSHKeygen, signersFile: String, context: GateContext, scratch: ScratchDirectory
    ) throws -> String {
        let namespace = ApprovalRecord.namespace(for: context.stage.name)
        let payload = Data("promote approval probe\n".utf8)
        let probe = try keygen.sign(payload, keyFile: key.path, namespace: namespace)
        let signers = SignerIndex(context.rules.allowedSigners ?? Data())
        if let fingerprint = try keygen.signingKey(payload, signature: probe, namespace: namespace, scratch: scratch) {
            let names = signers.names(forFingerprint: fingerprint)
            if names.count > 1 {
                throw PromoteError.keyUnderSeveralNames(key: fingerprint, names: names, stage: context.stage.name)
            }
            if let name = names.first { return name }
        }
        let principals = try keygen.principals(of: probe, allowedSigners: signersFile, scratch: scratch)
        if let certified = principals.first(where: { signers.certificateAuthorityNames.contains($0) }) { return certified }
        if !principals.isEmpty {
            throw PromoteError.onlyPatternPrincipals(patterns: principals, stage: context.stage.name)
        }
        throw PromoteError.keyNotListed(
            stage: context.stage.name, branch: context.stage.branch, commit: context.rules.commit.short)
    }
}
