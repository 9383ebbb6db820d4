import ArgumentParser
import Foundation
import PromoteCore
import PromoteGit

extension Promote {
    /// `promote test <stage>`: run the stage's test hooks on a commit and record the results.
    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run a stage's test hooks on a commit, in a clean export of it, and record the results.",
            discussion: """
                The hooks are gates.tests of stages/<stage>.json as on the stage's branch (the ones its gate will \
                require). Each runs with /bin/sh -c in its own fresh export of the commit (no working-tree files, \
                nothing left by another hook), with its timeout_seconds (then its whole process group is \
                terminated), its output streamed with a [<hook>] prefix, and a clean environment: PATH, an empty HOME \
                and TMPDIR, the locale, the CI's non-secret metadata (CI, GITHUB_SHA, CI_PIPELINE_ID, BUILD_NUMBER, \
                ...), the variables the hook's "env" lists (never a credential: no stage's <prefix>* variables, no \
                token, secret, password or key, nor git settings), and PROMOTE_STAGE, PROMOTE_BRANCH, \
                PROMOTE_ENVIRONMENT, PROMOTE_FROM (the upstream stage), PROMOTE_COMMIT, PROMOTE_COMMIT_SHORT, \
                PROMOTE_HOOK and PROMOTE_WORKDIR.

                Each result (hook, sha256 digest of its definition, exit code, duration, passed/failed/timed_out) \
                is recorded in git notes (refs/notes/promote/tests), signed with the record key \
                (PROMOTE_RECORD_KEY, PROMOTE_RECORD_KEY_FILE or git config user.signingkey), and pushed to origin. The gate accepts the \
                latest result of the current definition only, so editing a hook requires running it again.

                Where the job holds secrets (a stage's <prefix>* credentials, PROMOTE_RECORD_KEY, PROMOTE_GIT_TOKEN) \
                and the stage requires approvals, the hooks run only once the commit's approvals pass: unreviewed \
                code does not run where secrets are (exit 2 otherwise).

                Results that cannot be pushed (a pull-request job has no push credential) are kept locally and \
                reported with a warning; they do not change the exit code. --no-push keeps them locally without \
                trying, for CI jobs that push every record in a later step (so that no git token is in the \
                environment the hooks run under).

                Exit codes: 0 every hook passed; 1 a hook failed or timed out; 2 refused: unapproved code in a job \
                that holds secrets.

                Examples:
                  promote test tst
                  promote test prd --commit tst --junit reports/promote-prd.xml
                  promote test tst --missing      # only hooks without a passing result for this commit
                """
        )

        @OptionGroup var target: GateTargetOptions
        @OptionGroup var repository: RepositoryOptions

        @Option(help: ArgumentHelp("Also write a JUnit XML report here.", valueName: "path"))
        var junit: String?

        @Flag(help: "Run only hooks that have no passing result of their current definition on this commit.")
        var missing = false

        @Flag(help: "Record the results in the local notes only; a later step pushes them (refs/notes/promote/tests).")
        var noPush = false

        func run() async throws {
            let workspace = try repository.openWorkspace()
            if missing { NotesFetchOptions().pull(workspace) }
            let commit = try target.resolveCommit(in: workspace)
            let report: TestRunReport
            do {
                report = try await TestHookRun.run(
                    repository: workspace.repository, stages: workspace.stages, stage: target.stage, commit: commit,
                    onlyMissing: missing, publish: !noPush,
                    output: { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) })
            } catch let error as PromoteError {
                guard case .unreviewedHooks = error else { throw error }
                FileHandle.standardError.write(Data("refused: \(error.localizedDescription)\n".utf8))
                throw ExitCode(2)
            }
            if let junit {
                do {
                    let url = URL(fileURLWithPath: junit)
                    // CI jobs name a reports folder that does not exist yet.
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(report.junitXML().utf8).write(to: url)
                } catch {
                    throw PromoteError.cannotWrite(path: junit, detail: error.localizedDescription)
                }
            }
            for name in report.skipped { print("[\(name)] skipped: a passing result of this definition is recorded") }
            if report.runs.isEmpty && report.skipped.isEmpty {
                print("\(target.stage) has no test hooks on \(report.rulesLocation)")
            }
            let failed = report.runs.filter { $0.outcome != .passed }
            if !report.runs.isEmpty {
                print(
                    "\(report.runs.count - failed.count) of \(report.runs.count) hooks passed on \(commit.short) for \(target.stage); results \(report.publication?.message ?? "kept locally (refs/notes/promote/tests)")"
                )
            }
            // Results that cannot be pushed (a pull-request job has no push credential) stay local and are reported
            // above; the command's result is the hooks' result.
            if report.publication?.failed == true {
                FileHandle.standardError.write(
                    Data("warning: the test results were not pushed: \(report.publication?.message ?? "")\n".utf8))
            }
            if !failed.isEmpty { throw ExitCode(1) }
        }
    }
}
