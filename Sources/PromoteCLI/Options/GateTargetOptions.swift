import ArgumentParser
import Foundation
import PromoteCore
import PromoteGit

/// `<stage> --commit REV`, shared by approve, approvals, gate and test.
struct GateTargetOptions: ParsableArguments {
    @Argument(help: "The stage being entered (its gates are judged).")
    var stage: String

    @Option(
        help: ArgumentHelp(
            "The commit to judge; default: the head of the upstream stage's branch (what the next promotion brings), or the stage's own head for an entry stage.",
            valueName: "rev"))
    var commit: String?

    /// The commit named by `--commit`, or the default.
    func resolveCommit(in workspace: Workspace) throws -> OID {
        if let commit { return try workspace.repository.resolve(commit) }
        return try GateContext.defaultCommit(repository: workspace.repository, stages: workspace.stages, stage: stage)
    }
}

/// `--no-fetch`: records (approvals, test results, deploys) come from the remote first unless told otherwise.
struct NotesFetchOptions: ParsableArguments {
    @Flag(help: "Do not fetch promote's records (refs/notes/promote/*) from origin first.")
    var noFetch = false

    /// Fetches and merges the records; a failure is reported and the local records are used.
    func pull(_ workspace: Workspace) {
        guard !noFetch else { return }
        do {
            try NotesSync.fetchRecords(repository: workspace.repository)
        } catch {
            FileHandle.standardError.write(
                Data(
                    "warning: could not fetch records from origin (\(error.localizedDescription)); judging the local records only\n"
                        .utf8))
        }
    }
}
