import AICore
import AICoreEmulator
import DeployCore
import Foundation
import PromoteGit
import PromoteModel
import TestSupport
import Testing

/// `promote deploy`'s core against the emulator over loopback.
@Suite(.serialized) struct DeployTests {
    @Test func theDesignConfigDeploysUnchangedFollowingBothObjects() async throws {
        let harness = try await DeployHarness(repository: try DeployFixtures.repository())
        defer { Task { await harness.stop() } }
        let report = try await harness.deploy()
        #expect(report.outcome == "succeeded")
        #expect(report.executions.map(\.status) == ["COMPLETED"])
        #expect(report.deployments.map(\.status) == ["RUNNING"])
        #expect(report.deployments.first?.url?.contains("/v2/inference/deployments/") == true)
        #expect(report.destinations.map(\.name) == ["AI_CORE_DEPLOYMENT"])
        #expect(report.destinations.first?.action == "created")
        #expect(report.artifacts.map(\.reused) == [false])
        #expect(report.configurations.map(\.reused) == [false, false])
        let lines = harness.lines.get()
        #expect(
            lines.contains {
                $0.hasPrefix("[execution Configuration CI/CD Example Training] parameters: envexample=test1")
            })
        #expect(lines.contains { $0.hasPrefix("[deployment Configuration CI/CD Example Serving] RUNNING") })
        #expect(!lines.contains { $0.contains("time=\"") })
        #expect(lines.contains { $0.contains("existing_deployment_id de43dcb158de6825 does not exist") })
        // Every line once: logs are de-duplicated across polls.
        let logLines = lines.filter { $0.contains("epoch") }
        #expect(logLines.count == Set(logLines).count)
        #expect(logLines.count == 2)
    }

    @Test func aSecondRunCreatesNoArtifactOrConfiguration() async throws {
        let harness = try await DeployHarness(repository: try DeployFixtures.repository())
        defer { Task { await harness.stop() } }
        _ = try await harness.deploy()
        let second = try await harness.deploy()
        #expect(second.outcome == "succeeded")
        #expect(second.artifacts.allSatisfy { $0.reused })
        #expect(second.configurations.allSatisfy { $0.reused })
        #expect(try await harness.objects("/lm/artifacts").count == 1)
        #expect(try await harness.objects("/lm/configurations").count == 2)
        #expect(second.destinations.first?.action == "updated")
        // clean_up removed the first run's execution and deployment.
        #expect(second.cleanedUp.count == 2)
    }

    @Test func aDeadExecutionFailsTheDeployWithItsMessage() async throws {
        let config = DeployFixtures.designConfig.replacingFirst(
            #""value": "test1""#, with: #""value": "emulator:fail:disk full""#)
        #expect(config != DeployFixtures.designConfig)
        let harness = try await DeployHarness(repository: try DeployFixtures.repository(config: config))
        defer { Task { await harness.stop() } }
        let report = try await harness.deploy()
        #expect(report.outcome == "failed")
        #expect(report.executions.first?.status == "DEAD")
        #expect(report.executions.first?.message == "disk full")
        #expect(report.deployments.first?.reached == true)
    }

    @Test func anInPlaceUpdateKeepsTheURLAndAFailingOneIsRolledBack() async throws {
        let harness = try await DeployHarness(repository: try DeployFixtures.repository())
        defer { Task { await harness.stop() } }
        let first = try await harness.deploy()
        let deployment = try #require(first.deployments.first)
        let url = try #require(deployment.url)

        // Point the config at the running deployment and change its parameter: an in-place update.
        func config(value: String) -> String {
            DeployFixtures.designConfig.replacingOccurrences(of: "de43dcb158de6825", with: deployment.id)
                .replacingLast(#""value": "test1""#, with: #""value": "\#(value)""#)
        }
        try harness.repository.commit("update in place", files: ["cicd/config.json": config(value: "test2")])
        let updated = try await harness.deploy()
        #expect(updated.outcome == "succeeded")
        #expect(updated.deployments.first?.id == deployment.id)
        #expect(updated.deployments.first?.url == url)
        #expect(updated.deployments.first?.configurationID != deployment.configurationID)

        try harness.repository.commit(
            "broken update", files: ["cicd/config.json": config(value: "emulator:fail:crash on start")])
        let failed = try await harness.deploy()
        #expect(failed.outcome == "failed")
        let rolledBack = try #require(failed.deployments.first)
        #expect(rolledBack.rolledBackTo == updated.deployments.first?.configurationID)
        #expect(rolledBack.message == "crash on start")
        #expect(harness.lines.get().contains { $0.contains("rolled back: \(deployment.id) runs") })
        let now = try await harness.objects("/lm/deployments").first { $0["id"]?.stringValue == deployment.id }
        #expect(now?["status"] == "RUNNING")
        #expect(now?["configurationId"]?.stringValue == updated.deployments.first?.configurationID)
    }

    @Test func cleanUpIsLimitedToTheConfigsScenariosUnlessTheStageSaysOtherwise() async throws {
        let other = TemplateFixtures.training().replacingOccurrences(of: "demo-scenario", with: "other-scenario")
        let repository = try DeployFixtures.repository(files: ["templates/other.yaml": other])
        let harness = try await DeployHarness(repository: repository)
        defer { Task { await harness.stop() } }
        // A long-running execution in another scenario.
        let client = harness.makeClient()
        defer { Task { await client.shutdown() } }
        _ = try await harness.deploy()
        let foreignArtifact = try await client.createArtifact(
            name: "d", kind: "dataset", url: "ai://default/d", scenarioID: "other-scenario", description: nil,
            labels: [])
        let foreign = try await client.createConfiguration(
            name: "foreign", scenarioID: "other-scenario", executableID: "train-model", parameterBindings: [],
            inputArtifactBindings: [BindingPair(key: "dataset", value: foreignArtifact.id)])
        let foreignRun = try await client.createRun(.execution, configurationID: foreign.id, known: [])

        let scoped = try await harness.deploy()
        #expect(!scoped.cleanedUp.contains(foreignRun.id))
        #expect(try await harness.objects("/lm/executions").contains { $0["id"]?.stringValue == foreignRun.id })

        try repository.commit(
            "clean the whole group",
            files: [
                "stages/dev.json": DeployFixtures.stage("dev", branch: "main", from: nil, cleanUp: "resource_group")
            ])
        let everything = try await harness.deploy()
        #expect(everything.cleanedUp.contains(foreignRun.id))
    }

    @Test func onlyDeploysTheNamedObjects() async throws {
        let harness = try await DeployHarness(repository: try DeployFixtures.repository())
        defer { Task { await harness.stop() } }
        let report = try await harness.deploy(only: ["cicdexample"])
        #expect(report.executions.count == 1)
        #expect(report.deployments.isEmpty)
        #expect(report.configurations.map(\.name) == ["Configuration CI/CD Example Training"])
    }

    @Test func aConfigThatDoesNotFitTheTemplatesIsRefusedBeforeAnyWrite() async throws {
        let config = DeployFixtures.designConfig
            .replacingFirst(
                #"{ "key": "envexample", "value": "test1" }"#, with: #"{ "key": "learning_rate", "value": "0.1" }"#
            )
            .replacingOccurrences(
                of: #""input_artifact_bindings": [ { "key": "example-dataset" } ]"#,
                with: #""input_artifact_bindings": [ ]"#
            )
            .replacingOccurrences(of: #""executable_id": "cicdexample2""#, with: #""executable_id": "cicdexample3""#)
        let harness = try await DeployHarness(repository: try DeployFixtures.repository(config: config))
        defer { Task { await harness.stop() } }
        let before = try await harness.stats()["writes"]
        await #expect {
            _ = try await harness.deploy()
        } throws: { error in
            guard case DeployError.configDoesNotFit(let problems) = error else { return false }
            return problems == [
                "executions[0] (Configuration CI/CD Example Training): parameter 'learning_rate' is not declared by 'cicdexample' (declared: envexample)",
                "executions[0] (Configuration CI/CD Example Training): input artifact 'example-dataset' of 'cicdexample' is not bound",
                "deployments[0] (Configuration CI/CD Example Serving): executable 'cicdexample3' is not synced in scenario 'cicdexample' (synced: cicdexample, cicdexample2)",
            ]
        }
        #expect(try await harness.stats()["writes"] == before)
    }

    @Test func aSyncErrorStopsTheDeployWithAICoresMessage() async throws {
        let harness = try await DeployHarness(
            repository: try DeployFixtures.repository(files: [
                "templates/serve.yaml": "kind: ServingTemplate\nmetadata: [broken\n"
            ]))
        defer { Task { await harness.stop() } }
        await #expect {
            _ = try await harness.deploy()
        } throws: { error in
            guard case DeployError.syncFailed(let application, let message) = error else { return false }
            return application == "app-dev" && message.contains("Failed to unmarshal \"serve.yaml\"")
        }
    }

    @Test func aTemplateThatFailsToApplyIsReportedOnce() async throws {
        // A readable template with an error: AI Core's message quotes the resource's reason, which is listed once.
        let broken = DeployFixtures.serving.replacingOccurrences(of: "apiVersion: ai.sap.com/v1alpha1", with: "apiVersion: ai.sap.com/v2")
        let harness = try await DeployHarness(
            repository: try DeployFixtures.repository(files: ["templates/serve.yaml": broken]))
        defer { Task { await harness.stop() } }
        do {
            _ = try await harness.deploy()
            Issue.record("the deploy should have failed to sync")
        } catch DeployError.syncFailed(_, let message) {
            let reason = try #require(message.components(separatedBy: "reason: ").last?.components(separatedBy: "; ").first)
            #expect(!reason.isEmpty)
            #expect(message.components(separatedBy: reason).count == 2, "listed more than once: \(message)")
        }
    }
}
