public import AICore
import AICoreEmulator
public import DeployCore
public import Foundation
public import PromoteGit
public import PromoteModel

/// `promote deploy <stage>`: loads the stage's deploy config at a commit, deploys it to the stage's tenant (or an
/// in-process emulator), and records the outcome in git notes.
public enum StageDeployment {
    /// Where the deploy goes.
    public enum Target: String, Sendable, CaseIterable {
        /// The tenant the stage's environment variables name.
        case tenant
        /// An emulator started in-process, syncing this repository: no tenant needed.
        case emulator
    }

    public static let notesRef = "refs/notes/promote/deployments"

    /// Runs the deploy; the report's outcome decides the exit code (0, or 3 when an object missed its status).
    public static func run(
        workspace: Workspace, stageName: String, revision: String?, options: DeployOptions, target: Target,
        environment: [String: String], output: DeployOutput, breakGlass: BreakGlass? = nil, rollback: Bool = false
    ) async throws -> DeployReport {
        let repository = workspace.repository
        let stage = try workspace.stages.stage(named: stageName)
        let commit = try resolveCommit(repository, stage: stage, revision: revision)
        // Holds and freezes first, as the remote has them: a refused deploy touches nothing, not even the tenant's
        // credentials. A hold that cannot be read stops the deploy rather than being skipped.
        do {
            try NotesSync.fetchRecords(repository: repository)
        } catch {
            throw PromoteError.recordsUnavailable(
                stage: stageName, remote: NotesSync.defaultRemote, detail: error.localizedDescription)
        }
        let admission = try StageAdmission.check(
            repository: repository, stages: workspace.stages, stage: stageName, commit: commit,
            breakGlass: breakGlass, rollback: rollback)
        for freeze in admission.brokenFreezes {
            await output.line(
                "break-glass: \(freeze.window) is on until \(freeze.endsAt); deploying on the approval of \(freeze.breakGlass?.approvers.joined(separator: ", ") ?? "?")"
            )
        }
        let branchHead = try? BranchHeads(repository, stage: stage, remote: NotesSync.defaultRemote).published
        let config = try await loadConfig(repository, stage: stage, commit: commit, output: output)
            .filtered(only: options.only)
        var options = options
        options.timeout = min(options.timeout, TimeInterval(stage.deploy.timeoutSeconds))
        // The command line wins over the stage file, which wins over promote's default.
        if options.concurrencyFromCommandLine == nil, let concurrency = stage.deploy.concurrency {
            options.concurrency = concurrency
        }

        let emulator: RunningEmulator? =
            target == .emulator ? try await startEmulator(for: repository, stage: stage, output: output) : nil
        let credentials: AICoreCredentials
        var destinationCredentials: DestinationCredentials?
        if let emulator {
            credentials = AICoreCredentials(
                authURL: emulator.authURL, baseURL: emulator.baseURL, clientID: emulator.configuration.clientID,
                clientSecret: emulator.configuration.clientSecret, resourceGroup: stage.aicore.resourceGroup)
            destinationCredentials = DestinationCredentials(
                url: emulator.rootURL, authURL: emulator.authURL, clientID: emulator.configuration.destinationClientID,
                clientSecret: emulator.configuration.destinationClientSecret)
        } else {
            credentials = try AICoreCredentials.fromEnvironment(
                environment, prefix: stage.aicore.envPrefix, defaultResourceGroup: stage.aicore.resourceGroup,
                stage: stage.name)
            if config.deployments.contains(where: { $0.destinationName != nil }) {
                destinationCredentials = try DestinationCredentials.fromEnvironment(
                    environment, prefix: stage.aicore.envPrefix, stage: stage.name)
            }
        }
        let client = AICoreClient(credentials: credentials)
        let destinations = destinationCredentials.map { DestinationClient(credentials: $0) }
        // HTTP clients and the emulator must be shut down before they are released, whatever happens.
        func shutDown() async {
            await client.shutdown()
            await destinations?.shutdown()
            await emulator?.stop()
        }
        do {
            if let emulator {
                try await ensureEmulatorApplication(client, stage: stage, repository: repository, emulator: emulator)
            }
            await output.line(
                "deploying \(stage.name) at \(commit.short) to resource group \(credentials.resourceGroup) (\(target == .emulator ? "in-process emulator" : credentials.baseURL))"
            )
            var report = try await Deployer(client: client, destinations: destinations, output: output)
                .deploy(
                    DeployRequest(
                        stage: stage, commit: commit.hex, config: config, options: options,
                        pinsApplication: branchHead.map { $0 != commit } ?? false))
            // Before shutting down: verify hooks talk to the deployments (the in-process emulator's too).
            let metricChecks = await MetricVerification.run(
                &report, repository: repository, stage: stage, output: output)
            let verification = try await DeployVerification.run(
                &report, repository: repository, stage: stage, commit: commit, output: output,
                credentialPrefixes: workspace.stages.stages.map(\.aicore.envPrefix), parentEnvironment: environment)
            await shutDown()
            let signer = try RecordSigner.resolve(repository: repository, environment: environment)
            if !signer.signs { await output.line(RecordSigner.unsignedWarning) }
            try record(
                report, repository: repository, commit: commit, verify: verification, metricChecks: metricChecks,
                signer: signer, origin: .current(repository: repository, environment: environment),
                admission: RecordedAdmission(rollback: rollback, breakGlass: admission.brokenFreezes))
            if repository.hasRemote(named: NotesSync.defaultRemote) {
                let publication = NotesSync.publish(notesRef, repository: repository)
                await output.line("deploy record \(publication.message)")
            }
            return report
        } catch {
            await shutDown()
            throw error
        }
    }

    /// The commit to deploy: `--commit`, else the stage branch as the remote has it (the local branch without one).
    public static func resolveCommit(_ repository: Repository, stage: Stage, revision: String?) throws -> OID {
        if let revision { return try repository.resolve(revision) }
        return try BranchHeads(repository, stage: stage, remote: NotesSync.defaultRemote).published
    }

    /// The stage's config at `commit`, with its overlay and the `${PROMOTE_…}` values filled in.
    public static func loadConfig(_ repository: Repository, stage: Stage, commit: OID, output: DeployOutput)
        async throws
        -> DeployConfig
    {
        let (config, missingOverlay) = try config(repository, stage: stage, commit: commit)
        if let missingOverlay {
            await output.line(
                "no overlay \(missingOverlay) at \(commit.short): deploying the base config \(stage.deploy.config) as it is"
            )
        }
        return config
    }

    /// The stage's config at `commit` as `promote deploy` uses it, and the overlay the stage names when it does
    /// not exist there (the base config then applies as it is). `promote plan` checks exactly this.
    static func config(_ repository: Repository, stage: Stage, commit: OID) throws -> (
        config: DeployConfig, missingOverlay: String?
    ) {
        guard let base = try repository.file(at: commit, path: stage.deploy.config) else {
            throw DeployConfigError.missingFile(path: stage.deploy.config, commit: commit.short)
        }
        let overlay = try stage.deploy.overlay.flatMap { try repository.file(at: commit, path: $0) }.map(Array.init)
        let config = try DeployConfigLoader.load(
            base: Array(base), basePath: stage.deploy.config, overlay: overlay,
            overlayPath: overlay == nil ? nil : stage.deploy.overlay,
            substitutions: [
                "PROMOTE_COMMIT": commit.hex, "PROMOTE_COMMIT_SHORT": commit.short, "PROMOTE_STAGE": stage.name,
            ])
        return (config, overlay == nil ? stage.deploy.overlay : nil)
    }

    private static func startEmulator(for repository: Repository, stage: Stage, output: DeployOutput) async throws
        -> RunningEmulator
    {
        let location = repository.workingDirectory ?? repository.gitDirectory
        let emulator = try await EmulatorServer.start(
            EmulatorConfiguration(
                port: 0, repositories: [(name: "local", url: location)],
                resourceGroups: ["default", stage.aicore.resourceGroup]))
        await output.line("started an in-process AI Core emulator at \(emulator.rootURL)")
        return emulator
    }

    /// The in-process emulator starts empty: create the stage's git-sync application, as an admin would once.
    private static func ensureEmulatorApplication(
        _ client: AICoreClient, stage: Stage, repository: Repository, emulator: RunningEmulator
    ) async throws {
        let location = repository.workingDirectory ?? repository.gitDirectory
        try await client.createApplication(
            name: stage.aicore.application, repositoryURL: location, revision: stage.branch,
            path: stage.aicore.templatesPath
        )
    }

    /// What a deploy record says about how the deploy was let in: as a rollback, past freezes with break-glass.
    struct RecordedAdmission {
        let rollback: Bool
        let breakGlass: [JudgedFreeze]
    }

    /// Appends the deploy to the commit's note under `refs/notes/promote/deployments`, one JSON object per line;
    /// with the verify hooks' results when any ran, the schedules when there were any and each execution's metrics
    /// when it logged any (`MetricsRecord`); signed with `signer`'s key when it has one.
    static func record(
        _ report: DeployReport, repository: Repository, commit: OID, verify: [HookRun] = [],
        metricChecks: [MetricVerification.Check] = [], signer: RecordSigner = .unsigned, origin: RecordOrigin? = nil,
        admission: RecordedAdmission = RecordedAdmission(rollback: false, breakGlass: [])
    ) throws {
        var record: JSONValue = [
            "stage": .string(report.stage), "commit": .string(report.commit), "outcome": .string(report.outcome),
            "resource_group": .string(report.resourceGroup), "started_at": .string(report.startedAt),
            "finished_at": .string(report.finishedAt),
            "executions": .array(
                report.executions.map { execution in
                    var fields: JSONObject = [
                        "id": .string(execution.id), "status": .string(execution.status),
                        "configuration": .string(execution.configuration),
                        "executable": .optional(execution.executableID),
                    ]
                    if let metrics = execution.metrics { fields["metrics"] = MetricsRecord.value(metrics) }
                    return .object(fields)
                }),
            "deployments": .array(
                report.deployments.map {
                    ["id": .string($0.id), "status": .string($0.status), "url": .optional($0.url)]
                }),
        ]
        if case .object(var fields) = record {
            if !verify.isEmpty { fields["verify"] = DeployVerification.recordValue(verify) }
            if !metricChecks.isEmpty { fields["verify_metrics"] = MetricVerification.recordValue(metricChecks) }
            if !report.schedules.isEmpty {
                fields["schedules"] = .array(
                    report.schedules.map {
                        ["name": .string($0.name), "id": .string($0.id), "action": .string($0.action.rawValue)]
                    })
            }
            if let error = report.error { fields["error"] = .string(error) }
            if admission.rollback { fields["rollback"] = .bool(true) }
            if !admission.breakGlass.isEmpty {
                fields["break_glass"] = .array(
                    admission.breakGlass.map { freeze in
                        [
                            "window": .string(freeze.window), "ends_at": .string(freeze.endsAt),
                            "reason": .string(freeze.breakGlass?.reason ?? ""),
                            "approvers": .array((freeze.breakGlass?.approvers ?? []).map { .string($0) }),
                        ]
                    })
            }
            record = .object(fields)
        }
        if let origin { record = origin.stamp(record) }
        let line = try signer.line(record, stage: report.stage)
        try NoteLines.append(line, repository, commit: commit, notesRef: notesRef)
    }
}
