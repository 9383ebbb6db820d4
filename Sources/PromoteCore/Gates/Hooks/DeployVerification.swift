public import DeployCore
public import Foundation
public import PromoteGit
public import PromoteModel

/// `verify` hooks: checks run against a stage right after it was deployed, with the deployment URLs in their
/// environment. A failing hook makes the deploy count as failed (exit 3), and the results go into the deploy record.
public enum DeployVerification {
    /// Runs `stage`'s verify hooks (as defined on its branch head; the working tree's definition when that cannot
    /// be read) after a successful deploy, and marks `report` failed when one does not pass. Does nothing when the
    /// deploy already failed or there are no verify hooks.
    ///
    /// Besides `HookEnvironment`'s variables, hooks get `PROMOTE_RESOURCE_GROUP`, `PROMOTE_DEPLOYMENT_URLS` (every
    /// deployment URL, space-separated) and `PROMOTE_DEPLOYMENT_URL_<NAME>` per deployment, `<NAME>` being its
    /// configuration name in upper case with every other character than A-Z and 0-9 replaced by `_`.
    ///
    /// The hooks get a clean environment built from `parentEnvironment` (`HookEnvironment.clean`): no credential
    /// under any of `credentialPrefixes` reaches them, the stage's own included.
    public static func run(
        _ report: inout DeployReport, repository: Repository, stage: Stage, commit: OID, output: DeployOutput,
        credentialPrefixes: [String], parentEnvironment: [String: String] = ProcessInfo.processInfo.environment,
        killGrace: TimeInterval = 5
    ) async throws -> [HookRun] {
        guard report.outcome == "succeeded" else { return [] }
        let hooks = try verifyHooks(repository: repository, stage: stage)
        guard !hooks.isEmpty else { return [] }
        var environment = HookEnvironment.variables(stage: stage, commit: commit, repository: repository)
        environment.merge(variables(for: report)) { _, new in new }

        // Lines from the hook's reader thread reach the (actor) output in order through one stream.
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        let printer = Task {
            for await line in lines { await output.line(line) }
        }
        await output.line("verifying \(stage.name): \(hooks.map(\.name).joined(separator: ", "))")
        let runs: [HookRun]
        do {
            runs = try await HookRunner.run(
                hooks, repository: repository, commit: commit, environment: environment,
                credentialPrefixes: credentialPrefixes, parentEnvironment: parentEnvironment,
                output: { continuation.yield($0) }, killGrace: killGrace)
        } catch {
            continuation.finish()
            await printer.value
            throw error
        }
        continuation.finish()
        await printer.value
        if let failed = runs.first(where: { $0.outcome != .passed }) {
            report.outcome = "failed"
            await output.line(
                "verify hook \(failed.hook.name) \(failed.summary): the deploy of \(stage.name) counts as failed")
        }
        return runs
    }

    /// The verify hooks of the stage's branch head, so a deployed commit cannot drop the checks run against it.
    static func verifyHooks(repository: Repository, stage: Stage) throws -> [Hook] {
        guard let head = try? StageDeployment.resolveCommit(repository, stage: stage, revision: nil),
            let rules = try? GateRules.load(repository, stageName: stage.name, at: head), let defined = rules.stage
        else { return stage.gates.verify }
        return defined.gates.verify
    }

    /// The deployment URLs of a deploy, for hooks.
    static func variables(for report: DeployReport) -> [String: String] {
        var variables = ["PROMOTE_RESOURCE_GROUP": report.resourceGroup]
        let deployed = report.deployments.compactMap { run in run.url.map { (run.configuration, $0) } }
        variables["PROMOTE_DEPLOYMENT_URLS"] = deployed.map(\.1).joined(separator: " ")
        for (name, url) in deployed {
            let key = String(
                name.uppercased().unicodeScalars.map { scalar -> Character in
                    ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
                })
            variables["PROMOTE_DEPLOYMENT_URL_\(key)"] = url
        }
        return variables
    }

    /// The results as they are stored in the deploy record (`verify` key).
    static func recordValue(_ runs: [HookRun]) -> JSONValue {
        .array(
            runs.map { run in
                [
                    "hook": .string(run.hook.name), "digest": .string(run.hook.digest),
                    "outcome": .string(run.outcome.rawValue), "exit_code": .int(run.exitCode),
                    "duration_seconds": .number((run.seconds * 1000).rounded() / 1000),
                ]
            })
    }
}
