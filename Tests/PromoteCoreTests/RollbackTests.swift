import AICore
import AICoreEmulator
import DeployCore
import Foundation
import PromoteGit
import PromoteModel
import TestSupport
import Testing

@testable import PromoteCore

/// `promote rollback` against a live emulator: the earlier configuration comes back to the same deployment in
/// place, nothing is re-trained, the stage is held, and only a signed release lets the branch head back in.
@Suite(.serialized) struct RollbackTests {
    /// The design config with a serving deployment updated in place (`existing` = its ID) and a parameter per commit.
    static func config(model: String, existing: String?) -> String {
        let existingLine = existing.map { #""existing_deployment_id": "\#($0)","# } ?? ""
        return """
            {
              "clean_up": true,
              "artifacts": [ { "key": "example-dataset", "name": "Example Dataset", "kind": "dataset",
                               "url": "ai://default/cicd/example.txt", "scenario_id": "cicdexample" } ],
              "executions": [ { "configuration": { "name": "Training", "scenario_id": "cicdexample",
                                  "executable_id": "cicdexample",
                                  "parameter_bindings": [ { "key": "envexample", "value": "\(model)" } ],
                                  "input_artifact_bindings": [ { "key": "example-dataset" } ] },
                                "wait_for_status": "COMPLETED" } ],
              "deployments": [ { \(existingLine)
                                 "configuration": { "name": "Serving", "scenario_id": "cicdexample",
                                   "executable_id": "cicdexample2",
                                   "parameter_bindings": [ { "key": "envexample", "value": "\(model)" } ],
                                   "input_artifact_bindings": [] },
                                 "wait_for_status": "RUNNING" } ]
            }
            """
    }

    /// A fixture whose dev stage (branch main) deploys to a live in-process emulator through its environment.
    final class Landscape: Sendable {
        let fixture: GitFixture
        let emulator: RunningEmulator
        let lines = LockedBox<[String]>([])
        let keys: TemporaryDirectory
        let rita: SSHKey

        init() async throws {
            keys = TemporaryDirectory("rollback-keys")
            rita = try SSHKey.generate("rita@example.com", in: keys)
            fixture = try DeployFixtures.repository(
                config: RollbackTests.config(model: "a", existing: nil),
                files: ["stages/allowed_signers": rita.signersLine() + "\n"])
            emulator = try await EmulatorServer.start(
                EmulatorConfiguration(
                    port: 0, syncDelay: 0.02, repositories: [(name: "fixture", url: fixture.path)],
                    resourceGroups: ["default", "rg-dev"]))
            let client = self.client()
            try await client.createApplication(
                name: "app-dev", repositoryURL: fixture.path, revision: "main", path: "templates")
            await client.shutdown()
        }

        var environment: [String: String] {
            [
                "AICORE_AUTH_URL": emulator.authURL, "AICORE_BASE_URL": emulator.baseURL,
                "AICORE_CLIENT_ID": emulator.configuration.clientID,
                "AICORE_CLIENT_SECRET": emulator.configuration.clientSecret,
            ]
        }

        func client() -> AICoreClient {
            AICoreClient(
                credentials: AICoreCredentials(
                    authURL: emulator.authURL, baseURL: emulator.baseURL, clientID: emulator.configuration.clientID,
                    clientSecret: emulator.configuration.clientSecret, resourceGroup: "rg-dev"), timeout: 5)
        }

        var output: DeployOutput { DeployOutput { [lines] line in lines.update { $0.append(line) } } }

        static let options = DeployOptions(timeout: 60, pollInterval: 0.02, maxPollInterval: 0.2)

        func deploy(_ revision: String? = nil) async throws -> DeployReport {
            try await StageDeployment.run(
                workspace: try Workspace(path: fixture.path), stageName: "dev", revision: revision,
                options: Self.options, target: .tenant, environment: environment, output: output)
        }

        func rollback(to: String? = nil, reason: String = "INC-7: bad model") async throws -> StageRollback.Result {
            var request = StageRollback.Request(stage: "dev", reason: reason)
            request.to = to
            request.options = Self.options
            return try await StageRollback.run(
                workspace: try Workspace(path: fixture.path), request: request, environment: environment,
                output: output)
        }

        func commit(model: String, existing: String) throws -> OID {
            try #require(
                OID(
                    hex: try fixture.commit(
                        "Model \(model)",
                        files: ["cicd/config.json": RollbackTests.config(model: model, existing: existing)])))
        }

        func hold() throws -> StageHold {
            let workspace = try Workspace(path: fixture.path)
            return try StageHolds.current(repository: workspace.repository, stages: workspace.stages, stage: "dev").hold
        }

        func release() throws -> StageHold {
            let workspace = try Workspace(path: fixture.path)
            let line = try StageHolds.signRelease(
                repository: workspace.repository, stages: workspace.stages, stage: "dev", comment: "fixed",
                key: SigningKey(path: rita.privateKeyPath, origin: "test"), keygen: SSHKeygen.locate())
            return try StageHolds.record(
                releaseLine: line, repository: workspace.repository, stages: workspace.stages, stage: "dev"
            ).hold
        }

        func stop() async { await emulator.stop() }
    }

    @Test func rollbackRestoresTheEarlierConfigurationInPlaceAndHoldsUntilASignedRelease() async throws {
        let landscape = try await Landscape()
        let first = try await landscape.deploy()
        #expect(first.outcome == "succeeded")
        let deployment = try #require(first.deployments.first)
        let b = try landscape.commit(model: "b", existing: deployment.id)
        let second = try await landscape.deploy()
        let modelB = try #require(second.deployments.first)
        #expect(modelB.id == deployment.id && second.outcome == "succeeded")
        let c = try landscape.commit(model: "c", existing: deployment.id)
        let third = try await landscape.deploy()
        let modelC = try #require(third.deployments.first)
        #expect(modelC.id == deployment.id && modelC.configurationID != modelB.configurationID)

        let client = landscape.client()
        defer { Task { await client.shutdown() } }
        let executionsBefore = try await client.runs(.execution).count

        // The default target: the last successful deploy before the current one.
        let rolled = try await landscape.rollback()
        #expect(rolled.from == c && rolled.to == b)
        #expect(rolled.deploy.outcome == "succeeded")
        #expect(rolled.deploy.commit == b.hex)
        let restored = try #require(rolled.deploy.deployments.first)
        #expect(restored.id == deployment.id)
        #expect(restored.configurationID == modelB.configurationID)
        #expect(restored.status == "RUNNING" && restored.url == modelB.url && restored.url != nil)
        #expect(rolled.deploy.executions.isEmpty)
        #expect(try await client.runs(.execution).count == executionsBefore)
        let live = try await client.run(.deployment, deployment.id)
        #expect(live.configurationID == modelB.configurationID && live.status == "RUNNING")
        // The tenant syncs B's templates: the application is pinned to B, the branch is untouched.
        #expect(try await client.application("app-dev").revision == b.hex)
        #expect(try landscape.fixture.git(["rev-parse", "main"]) == c.hex)

        // Held at B: the branch head may not deploy; B may.
        let hold = try landscape.hold()
        #expect(hold.isHeld && hold.rolledBackTo == b.hex)
        #expect(hold.open.first?.from == c.hex && hold.open.first?.reason == "INC-7: bad model")
        await #expect(throws: StageRefusal.self) { _ = try await landscape.deploy() }
        #expect(try await client.run(.deployment, deployment.id).configurationID == modelB.configurationID)
        let again = try await landscape.deploy(b.hex)
        #expect(again.outcome == "succeeded")

        // The deploy record says it was a rollback.
        let note = try landscape.fixture.git(["notes", "--ref", "refs/notes/promote/deployments", "show", b.hex])
        #expect(note.contains(#""rollback":true"#))

        // A listed approver releases it: the head deploys again and the application follows the branch again.
        #expect(!(try landscape.release().isHeld))
        let forward = try await landscape.deploy()
        #expect(forward.outcome == "succeeded")
        #expect(try #require(forward.deployments.first).configurationID == modelC.configurationID)
        #expect(try await client.application("app-dev").revision == "main")
        await landscape.stop()
    }

    @Test func aRollbackToACommitNeverDeployedToTheStageIsRefusedAndChangesNothing() async throws {
        let landscape = try await Landscape()
        let first = try await landscape.deploy()
        let deployed = try #require(OID(hex: first.commit))
        let deployment = try #require(first.deployments.first)
        let never = try landscape.commit(model: "b", existing: deployment.id)
        _ = try landscape.commit(model: "c", existing: deployment.id)
        _ = try await landscape.deploy()
        let notesBefore = try landscape.fixture.git(["for-each-ref", "refs/notes/"])

        await #expect {
            _ = try await landscape.rollback(to: never.hex)
        } throws: { error in
            guard case .rollbackTargetRefused(_, let reason) = error as? PromoteError else { return false }
            return reason.contains("\(never.short) was never successfully deployed to dev")
                && reason.contains("choose one of \(deployed.short)")
        }
        await #expect {
            _ = try await landscape.rollback(to: "no-such-commit")
        } throws: { error in
            guard case .rollbackTargetRefused = error as? PromoteError else { return false }
            return true
        }
        #expect(try landscape.fixture.git(["for-each-ref", "refs/notes/"]) == notesBefore)
        #expect(!(try landscape.hold().isHeld))
        await landscape.stop()
    }

    @Test func withOneDeployThereIsNothingToRollBackTo() async throws {
        let landscape = try await Landscape()
        _ = try await landscape.deploy()
        await #expect {
            _ = try await landscape.rollback()
        } throws: { error in
            guard case .rollbackTargetRefused(_, let reason) = error as? PromoteError else { return false }
            return reason.contains("is the only commit successfully deployed to dev")
        }
        await landscape.stop()
    }
}
