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
    ///   - environment: the `PROMOTE_*` variables (see `HookEnvironment`); each hook gets these on top of a clean
    ///     environment built from `parentEnvironment` (`HookEnvironment.clean`).
    ///   - credentialPrefixes: every stage's `aicore.env_prefix`: nothing under them reaches a hook.
    ///   - killGrace: how long a timed-out hook has between SIGTERM and SIGKILL.
    public static func run(
        _ hooks: [Hook], repository: Repository, commit: OID, environment: [String: String],
        credentialPrefixes: [String], parentEnvironment: [String: String] = ProcessInfo.processInfo.environment,
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
            let prefix = "[\(hook.name)] "
            let clean = try HookEnvironment.clean(
                for: hook, parent: parentEnvironment, credentialPrefixes: credentialPrefixes, scratch: scratch)
            for name in clean.refused {
                output(prefix + "promote: not passing \(name) to the hook: it is a credential")
            }
            var variables = clean.variables
            variables.merge(environment) { _, new in new }
            variables["PROMOTE_HOOK"] = hook.name
            variables["PROMOTE_WORKDIR"] = tree
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

/// The environment hooks run in: clean, so that code under test sees no secret (README, Security).
public enum HookEnvironment {
    /// `PROMOTE_STAGE`, `PROMOTE_BRANCH`, `PROMOTE_ENVIRONMENT`, `PROMOTE_FROM` (empty for an entry stage),
    /// `PROMOTE_COMMIT` and `PROMOTE_COMMIT_SHORT`, so one script can serve several stages. Hooks also get
    /// `PROMOTE_HOOK` (their name) and `PROMOTE_WORKDIR` (the export they run in), but not the repository's path: its
    /// git configuration may hold a push token.
    public static func variables(stage: Stage, commit: OID, repository: Repository) -> [String: String] {
        [
            "PROMOTE_STAGE": stage.name, "PROMOTE_BRANCH": stage.branch, "PROMOTE_ENVIRONMENT": stage.environment,
            "PROMOTE_FROM": stage.from ?? "", "PROMOTE_COMMIT": commit.hex, "PROMOTE_COMMIT_SHORT": commit.short,
        ]
    }

    /// The name of a secret `environment` holds (a stage's credential, the record key, a git token), if any: what
    /// makes a job one that unreviewed code must not run in.
    public static func heldSecret(in environment: [String: String], credentialPrefixes: [String]) -> String? {
        environment.keys.sorted().first { name in
            guard let value = environment[name], !value.isEmpty else { return false }
            return HookVariables.isStageCredential(name, prefixes: credentialPrefixes)
                || [RecordSigner.keyVariable, RecordSigner.keyFileVariable, "PROMOTE_GIT_TOKEN"].contains(name)
        }
    }

    /// A hook's environment before the `PROMOTE_*` variables: `HookVariables.passed` from `parent`, the variables
    /// the hook's `env` lists (less any credential: those are returned as `refused`), an empty `HOME` and `TMPDIR` in
    /// `scratch`, and git told to read no system or global configuration.
    static func clean(
        for hook: Hook, parent: [String: String], credentialPrefixes: [String], scratch: ScratchDirectory
    ) throws -> (variables: [String: String], refused: [String]) {
        var variables: [String: String] = [:]
        for name in HookVariables.passed { variables[name] = parent[name] }
        if variables["PATH"] == nil { variables["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        var refused: [String] = []
        for name in hook.env {
            if HookVariables.isCredential(name) || HookVariables.isStageCredential(name, prefixes: credentialPrefixes) {
                refused.append(name)
            } else {
                variables[name] = parent[name]
            }
        }
        for (name, folder) in [("HOME", "home"), ("TMPDIR", "tmp")] {
            let path = scratch.file(folder)
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            variables[name] = path
        }
        variables["GIT_CONFIG_NOSYSTEM"] = "1"
        variables["GIT_CONFIG_GLOBAL"] = "/dev/null"
        return (variables, refused)
    }
}
