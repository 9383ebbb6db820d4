import AICore
import AICoreEmulator
import DeployCore
import Foundation
import PromoteCore
import PromoteGit
import PromoteModel
import TestSupport
import Testing

/// A live emulator syncing a fixture repository, and deploys of its stages against it.
final class DeployHarness: Sendable {
    let repository: GitFixture
    let emulator: RunningEmulator
    let lines = LockedBox<[String]>([])

    init(repository: GitFixture, _ adjust: (inout EmulatorConfiguration) -> Void = { _ in }) async throws {
        self.repository = repository
        var configuration = EmulatorConfiguration(
            port: 0, repositories: [(name: "fixture", url: repository.path)],
            resourceGroups: ["default", "rg-dev", "rg-tst"])
        configuration.syncDelay = 0.02
        adjust(&configuration)
        emulator = try await EmulatorServer.start(configuration)
        let client = makeClient()
        // One emulator is one tenant, and a tenant syncs each executable ID once: only dev's application here.
        try await client.createApplication(
            name: "app-dev", repositoryURL: repository.path, revision: "main", path: "templates")
        await client.shutdown()
    }

    func makeClient(
        stage: String = "dev", retry: RetryPolicy = RetryPolicy(maxAttempts: 12, baseDelay: 0.01, maxDelay: 0.1)
    ) -> AICoreClient {
        AICoreClient(
            credentials: AICoreCredentials(
                authURL: emulator.authURL, baseURL: emulator.baseURL, clientID: emulator.configuration.clientID,
                clientSecret: emulator.configuration.clientSecret, resourceGroup: "rg-\(stage)"),
            timeout: 5, retry: retry)
    }

    /// Deploys `stage` at its branch head (or `revision`); returns the report, or the error that stopped it.
    func deploy(_ stage: String = "dev", revision: String? = nil, only: [String] = [], retry: RetryPolicy? = nil)
        async throws
        -> DeployReport
    {
        let workspace = try Workspace(path: repository.path)
        let stageInfo = try workspace.stages.stage(named: stage)
        let output = DeployOutput { [lines] line in lines.update { $0.append(line) } }
        let commit =
            try revision.map { try workspace.repository.resolve($0) }
            ?? workspace.repository.resolve(stageInfo.branch)
        let config = try await StageDeployment.loadConfig(
            workspace.repository, stage: stageInfo, commit: commit, output: output
        )
        .filtered(only: only)
        let client = retry.map { makeClient(stage: stage, retry: $0) } ?? makeClient(stage: stage)
        let destinations = DestinationClient(
            credentials: DestinationCredentials(
                url: emulator.rootURL, authURL: emulator.authURL, clientID: emulator.configuration.destinationClientID,
                clientSecret: emulator.configuration.destinationClientSecret),
            retry: RetryPolicy(maxAttempts: 12, baseDelay: 0.01, maxDelay: 0.1))
        defer {
            Task {
                await client.shutdown()
                await destinations.shutdown()
            }
        }
        return try await Deployer(client: client, destinations: destinations, output: output).deploy(
            DeployRequest(
                stage: stageInfo, commit: commit.hex, config: config,
                options: DeployOptions(
                    timeout: 30, only: only, pollInterval: 0.02, maxPollInterval: 0.2,
                    concurrency: stageInfo.deploy.concurrency ?? DeployOptions.defaultConcurrency)))
    }

    /// The emulator's request and write counts.
    func stats() async throws -> JSONValue {
        // In-process: a blocking curl here would hold a cooperative thread the emulator needs to answer it.
        await emulator.stats()
    }

    /// Every object of a kind in a resource group, straight from the emulator.
    func objects(_ path: String, group: String = "rg-dev") async throws -> [JSONValue] {
        let client = makeClient(stage: String(group.dropFirst(3)))
        defer { Task { await client.shutdown() } }
        return try await client.listAll(path)
    }

    func stop() async {
        await emulator.stop()
    }
}
