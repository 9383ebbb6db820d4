public import Foundation
public import PromoteGit
public import PromoteModel

/// `promote hold` and `promote release`: place a hold on a stage, or lift the open ones with a signed release.
public enum StageHolds {
    /// The stage's hold state now, with the context (rules of the stage's branch) it was judged by. Records must be
    /// local (`NotesSync.fetchRecords`).
    public static func current(repository: Repository, stages: StageSet, stage: String, now: Date = Date()) throws
        -> (hold: StageHold, context: GateContext)
    {
        let head = try BranchHeads(repository, stage: try stages.stage(named: stage), remote: NotesSync.defaultRemote)
            .published
        let context = try GateContext.resolve(
            repository: repository, stages: stages, stage: stage, commit: head, head: head)
        return (try judge(repository, context: context, now: now), context)
    }

    static func judge(_ repository: Repository, context: GateContext, now: Date) throws -> StageHold {
        try StageHold.judge(
            repository, stage: context.stage.name, allowedSigners: context.rules.allowedSigners,
            signersSource: context.rulesLocation, now: now)
    }

    /// Appends a hold (or, with `rollback`, a rollback) to the stage's ledger, signed with the record key when there
    /// is one, and pushes it.
    @discardableResult
    public static func place(
        repository: Repository, stages: StageSet, stage: String, reason: String, rollback: (from: String?, to: String)?
            = nil, environment: [String: String], publish: Bool = true
    ) throws -> (event: HoldEvent, publication: NotesPublication?) {
        _ = try stages.stage(named: stage)
        var fields: JSONObject = [
            "kind": .string((rollback == nil ? HoldEvent.Kind.hold : .rollback).rawValue),
            "version": .int(HoldEvent.formatVersion), "stage": .string(stage), "at": .string(RecordTime.format(Date())),
            "reason": .string(reason),
        ]
        if let rollback {
            fields["from"] = .optional(rollback.from)
            fields["to"] = .string(rollback.to)
        }
        let stamped = RecordOrigin.current(repository: repository, environment: environment).stamp(.object(fields))
        let signer = try RecordSigner.resolve(repository: repository, environment: environment)
        let line = try signer.line(stamped, stage: stage)
        try HoldLedger.append(line, repository, stage: stage)
        let publication = publish ? NotesSync.publish(HoldLedger.notesRef, repository: repository) : nil
        guard let event = HoldEvent.parse(line) else {
            throw PromoteError.cannotWrite(path: HoldLedger.notesRef, detail: "the hold record did not read back")
        }
        return (event, publication)
    }

    /// A release of every open hold and rollback of `stage`, signed with `key` as the person allowed_signers lists
    /// for it; checked as the gates will check it. Nothing is stored.
    public static func signRelease(
        repository: Repository, stages: StageSet, stage: String, comment: String, key: SigningKey,
        keygen: SSHKeygen?, now: Date = Date()
    ) throws -> String {
        guard let keygen else { throw PromoteError.sshKeygenMissing }
        let (hold, context) = try current(repository: repository, stages: stages, stage: stage, now: now)
        guard hold.isHeld else { throw PromoteError.notHeld(stage: stage) }
        guard let signers = context.rules.allowedSigners else {
            throw PromoteError.noAllowedSigners(
                stage: stage, branch: context.stage.branch, commit: context.rules.commit.short)
        }
        let scratch = try ScratchDirectory("release")
        let signersFile = try scratch.write(signers, to: "allowed_signers")
        let approver = try Approver.principal(
            for: key, keygen: keygen, signersFile: signersFile, context: context, scratch: scratch)
        let at = RecordTime.format(now)
        let releases = hold.open.map(\.id)
        let signature = try keygen.sign(
            HoldEvent.releasePayload(stage: stage, approver: approver, at: at, comment: comment, releases: releases),
            keyFile: key.path, namespace: ApprovalRecord.namespace(for: stage))
        return HoldEvent.releaseLine(
            stage: stage, approver: approver, at: at, comment: comment, releases: releases, signature: signature)
    }

    /// Stores a signed release line (from `signRelease`, here or on a laptop) once it is checked to lift at least one
    /// open hold, and pushes it. Returns the stage's hold state with the release.
    public static func record(
        releaseLine line: String, repository: Repository, stages: StageSet, stage: String, now: Date = Date(),
        publish: Bool = true
    ) throws -> (hold: StageHold, publication: NotesPublication?) {
        let (before, context) = try current(repository: repository, stages: stages, stage: stage, now: now)
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let event = HoldEvent.parse(trimmed), event.kind == .release else {
            throw PromoteError.releaseRefused(
                stage: stage, reason: "the record is not a release (a JSON line with \"kind\": \"release\")")
        }
        guard event.stage == stage else {
            throw PromoteError.releaseRefused(stage: stage, reason: "it releases stage \(event.stage), not \(stage)")
        }
        guard before.isHeld else { throw PromoteError.notHeld(stage: stage) }
        let signature = try ApproverSignature(
            stage: stage, allowedSigners: context.rules.allowedSigners, signersSource: context.rulesLocation,
            keygen: SSHKeygen.locate(), scratch: try ScratchDirectory("release"))
        if let problem = try StageHold.check(
            event, signature: signature, known: Set(before.events.map(\.id)), now: now)
        {
            throw PromoteError.releaseRefused(stage: stage, reason: problem)
        }
        guard event.releases.contains(where: { id in before.open.contains { $0.id == id } }) else {
            throw PromoteError.releaseRefused(
                stage: stage, reason: "it lifts none of the open holds (\(before.open.map(\.id).joined(separator: ", "))); sign a new one")
        }
        try HoldLedger.append(trimmed, repository, stage: stage)
        let publication = publish ? NotesSync.publish(HoldLedger.notesRef, repository: repository) : nil
        return (try judge(repository, context: context, now: now), publication)
    }
}
