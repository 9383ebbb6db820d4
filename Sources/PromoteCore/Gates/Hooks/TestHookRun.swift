public import Foundation
public import PromoteGit
public import PromoteModel

/// What `promote test` did: the hooks it ran, the records it wrote, and whether they reached the remote.
public struct TestRunReport: Sendable {
    public let stage: String
    public let commit: OID
    /// Where the hook definitions were read (the stage branch at a commit).
    public let rulesLocation: String
    public let runs: [HookRun]
    public let records: [TestRecord]
    /// Hooks not run because a passing result of their current definition was already recorded.
    public let skipped: [String]
    /// nil when nothing was recorded.
    public let publication: NotesPublication?

    public var allPassed: Bool { runs.allSatisfy { $0.outcome == .passed } }
}

/// `promote test <stage>`: runs the stage's test hooks (as defined on its branch) on a commit and records each
/// result in git notes (`refs/notes/promote/tests`).
public enum TestHookRun {
    /// Runs the test hooks that gate `stage` on `commit`, records the results and pushes them.
    ///
    /// - Parameters:
    ///   - onlyMissing: skip hooks whose current definition already has a passing result on this commit (what
    ///     `promote <from> <to>` does before it judges the gates).
    ///   - publish: push the notes ref to `origin` afterwards, when there is one.
    ///   - environment: promote's environment: where the record key comes from, and what a hook's clean environment
    ///     is built from (`HookEnvironment.clean`).
    public static func run(
        repository: Repository, stages: StageSet, stage stageName: String, commit: OID, onlyMissing: Bool = false,
        publish: Bool = true, environment: [String: String] = ProcessInfo.processInfo.environment,
        output: @escaping @Sendable (String) -> Void, killGrace: TimeInterval = 5
    ) async throws -> TestRunReport {
        let context = try GateContext.resolve(repository: repository, stages: stages, stage: stageName, commit: commit)
        guard let stage = context.rules.stage else {
            throw PromoteError.rulesUnreadable(
                stage: stageName, commit: context.rules.commit.short, reason: context.rules.problem ?? "unknown")
        }
        var hooks = stage.gates.tests
        var skipped: [String] = []
        // Unreviewed code never runs where secrets are: in a job that holds a stage's credentials or a record key,
        // a stage that requires approvals must have them before its hooks run.
        if !hooks.isEmpty, let gate = stage.gates.approvals, gate.required > 0,
            let secret = HookEnvironment.heldSecret(in: environment, credentialPrefixes: stages.stages.map(\.aicore.envPrefix))
        {
            let approvals = try GateEvaluator.judgeApprovals(
                gate, context, repository: repository, now: Date(), keygen: SSHKeygen.locate())
            guard approvals.verdict == .pass else {
                throw PromoteError.unreviewedHooks(
                    stage: stage.name, commit: commit.short, secret: secret, reason: approvals.reason)
            }
        }
        if onlyMissing {
            // Only results the gate will count: an unsigned pass where signed records are required is run again.
            let lines = try NoteLines.ledger(repository, commit: commit, notesRef: TestRecord.notesRef)
            let judge = TestJudge(
                stage: stage.name, commit: commit,
                records: RecordCheck(context: context, required: stage.gates.requiresSignedRecords))
            skipped = try hooks.filter { try judge.judge($0, lines: lines).verdict == .pass }.map(\.name)
            hooks.removeAll { skipped.contains($0.name) }
        }
        if hooks.isEmpty {
            return TestRunReport(
                stage: stage.name, commit: commit, rulesLocation: context.rulesLocation, runs: [], records: [],
                skipped: skipped, publication: nil)
        }
        output(
            "running \(hooks.count) test hook\(hooks.count == 1 ? "" : "s") of \(stage.name) (from \(context.rulesLocation)) on \(commit.short)"
        )
        let runs = try await HookRunner.run(
            hooks, repository: repository, commit: commit,
            environment: HookEnvironment.variables(stage: stage, commit: commit, repository: repository),
            credentialPrefixes: stages.stages.map(\.aicore.envPrefix), parentEnvironment: environment,
            output: output, killGrace: killGrace)
        let origin = RecordOrigin.current(repository: repository, environment: environment)
        let records = runs.map { run in
            TestRecord(
                stage: stage.name, commit: commit.hex, hook: run.hook.name, digest: run.hook.digest,
                outcome: run.outcome, exitCode: run.exitCode, durationSeconds: run.seconds,
                startedAt: RecordTime.format(run.startedAt), finishedAt: RecordTime.format(run.finishedAt), origin: origin)
        }
        let signer = try RecordSigner.resolve(repository: repository, environment: environment)
        if !signer.signs { output(RecordSigner.unsignedWarning) }
        for record in records {
            try NoteLines.append(
                try record.line(signedWith: signer), repository, commit: commit, notesRef: TestRecord.notesRef)
        }
        let publication = publish ? NotesSync.publish(TestRecord.notesRef, repository: repository) : nil
        return TestRunReport(
            stage: stage.name, commit: commit, rulesLocation: context.rulesLocation, runs: runs, records: records,
            skipped: skipped, publication: publication)
    }
}
