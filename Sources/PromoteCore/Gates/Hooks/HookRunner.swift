public import Foundation
public import PromoteGit
public import PromoteModel

/// Runs hooks the way gates need them run: each in a fresh export of the commit, so a result says something about
/// that commit alone (not about a working tree, nor about what an earlier hook left behind).
public enum HookRunner {
    /// Runs `hooks` one after another in exports of `commit`; every output line goes to `output` as
    /// `[<hook>] <line>`, followed by a line with the outcome.
    ///
    /// - Parameters:
    ///   - environment: added to this process's environment (see `HookEnvironment`).
    ///   - killGrace: how long a timed-out hook has between SIGTERM and SIGKILL.
    public static func run(
        _ hooks: [Hook], repository: Repository, commit: OID, environment: [String: String],
        output: @escaping @Sendable (String) -> Void, killGrace: TimeInterval = 5
    ) async throws -> [HookRun] {
        var runs: [HookRun] = []
        // On a CI, each hook's output is a collapsible group and a failure an annotation (plain lines elsewhere).
        let ci = CIEnvironment()
        for hook in hooks {
            let scratch = try ScratchDirectory("hook")
            let tree = scratch.file("tree")
            do {
                try repository.export(commit, to: tree)
            } catch {
                throw PromoteError.exportFailed(commit: commit.short, detail: error.localizedDescription)
            }
            var variables = ProcessInfo.processInfo.environment
            variables.merge(environment) { _, new in new }
            variables["PROMOTE_HOOK"] = hook.name
            variables["PROMOTE_WORKDIR"] = tree
            let prefix = "[\(hook.name)] "
            let (group, opening) = ci.beginGroup("hook \(hook.name)")
            if let opening { output(opening) }
            let started = Date()
            let exit = try await HookProcess.run(
                command: hook.run, directory: tree, environment: variables, timeout: TimeInterval(hook.timeoutSeconds),
                killGrace: killGrace, onLine: { output(prefix + $0) })
            let run = HookRun(
                hook: hook, startedAt: started, finishedAt: Date(), exitCode: exit.exitCode, timedOut: exit.timedOut,
                seconds: exit.seconds, outputTail: exit.outputTail)
            output(prefix + run.summary)
            if let closing = ci.endGroup(group) { output(closing) }
            if run.outcome != .passed && ci.provider != .none {
                output(ci.errorLine("hook \(hook.name) \(run.summary)", title: "promote: hook \(hook.name)"))
            }
            runs.append(run)
        }
        return runs
    }
}

/// The variables every hook sees, so one script can serve several stages.
public enum HookEnvironment {
    /// `PROMOTE_STAGE`, `PROMOTE_BRANCH`, `PROMOTE_ENVIRONMENT`, `PROMOTE_FROM` (empty for an entry stage),
    /// `PROMOTE_COMMIT`, `PROMOTE_COMMIT_SHORT` and `PROMOTE_REPO` (the repository's working tree or git directory).
    /// Hooks also get `PROMOTE_HOOK` (their name) and `PROMOTE_WORKDIR` (the export they run in).
    public static func variables(stage: Stage, commit: OID, repository: Repository) -> [String: String] {
        var location = repository.workingDirectory ?? repository.gitDirectory
        if location.count > 1 && location.hasSuffix("/") { location.removeLast() }
        return [
            "PROMOTE_STAGE": stage.name, "PROMOTE_BRANCH": stage.branch, "PROMOTE_ENVIRONMENT": stage.environment,
            "PROMOTE_FROM": stage.from ?? "", "PROMOTE_COMMIT": commit.hex, "PROMOTE_COMMIT_SHORT": commit.short,
            "PROMOTE_REPO": location,
        ]
    }
}
