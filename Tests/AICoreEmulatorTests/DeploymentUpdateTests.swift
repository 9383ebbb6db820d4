import AICoreEmulator
import Foundation
import HTTPTypes
import PromoteModel
import TestSupport
import Testing

/// Changing the configuration of a running deployment (templates.md §5.4): same URL, UPDATE, and the previous
/// configuration kept for a rollback.
@Suite struct DeploymentUpdateTests {
    private func withRunningDeployment(
        _ body:
            @escaping @Sendable (EmulatorClient, _ deployment: String, _ dataset: String, _ configuration: String)
            async throws -> Void
    ) async throws {
        let repository = try TemplateFixtures.repository()
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            try await emulator.syncApplication(repository: repository)
            let model = try await emulator.create(
                "/v2/lm/artifacts",
                ["name": "model", "kind": "model", "url": "ai://default/model", "scenarioId": "demo-scenario"])
            let configuration = try await serving(emulator, model: model, greeting: "hello")
            let id = try await emulator.create("/v2/lm/deployments", ["configurationId": .string(configuration)])
            _ = try await emulator.waitFor("/v2/lm/deployments/\(id)") { $0["status"] == "RUNNING" }
            try await body(emulator, id, model, configuration)
        }
    }

    private func serving(_ emulator: EmulatorClient, model: String, greeting: String) async throws -> String {
        try await emulator.create(
            "/v2/lm/configurations",
            [
                "name": .string("serve \(greeting)"), "scenarioId": "demo-scenario", "executableId": "serve-model",
                "parameterBindings": [["key": "greeting", "value": .string(greeting)]],
                "inputArtifactBindings": [["key": "model", "artifactId": .string(model)]],
            ])
    }

    @Test func aNewConfigurationRollsOutBehindTheSameURL() async throws {
        try await withRunningDeployment { emulator, id, model, old in
            let before = try await emulator.call(.get, "/v2/lm/deployments/\(id)").json
            let new = try await serving(emulator, model: model, greeting: "bonjour")
            let patched = try await emulator.call(.patch, "/v2/lm/deployments/\(id)", ["configurationId": .string(new)])
            #expect(patched.status == 202)
            #expect(patched.json["message"] == "Deployment modification scheduled")
            let during = try await emulator.call(.get, "/v2/lm/deployments/\(id)").json
            #expect(during["lastOperation"] == "UPDATE")
            #expect(during["configurationId"] == .string(new))
            #expect(during["deploymentUrl"] == before["deploymentUrl"])
            let after = try await emulator.waitFor("/v2/lm/deployments/\(id)") {
                $0["status"] == "RUNNING" && $0["latestRunningConfigurationId"] == .string(new)
            }
            #expect(after["status"] == "RUNNING")
            #expect(after["deploymentUrl"] == before["deploymentUrl"])
            #expect(after["configurationName"] == "serve bonjour")
            #expect(old != new)
        }
    }

    @Test func aFailingConfigurationLeavesItDeadAndTheOldOneCanBePutBack() async throws {
        try await withRunningDeployment { emulator, id, model, old in
            let failing = try await serving(emulator, model: model, greeting: "emulator:fail:model does not load")
            #expect(
                try await emulator.call(.patch, "/v2/lm/deployments/\(id)", ["configurationId": .string(failing)])
                    .status == 202)
            let dead = try await emulator.waitFor("/v2/lm/deployments/\(id)") { $0["status"] == "DEAD" }
            #expect(dead["statusMessage"] == "model does not load")
            #expect(dead["latestRunningConfigurationId"] == .string(old))
            #expect(
                try await emulator.call(.patch, "/v2/lm/deployments/\(id)", ["configurationId": .string(old)]).status
                    == 202)
            let back = try await emulator.waitFor("/v2/lm/deployments/\(id)") { $0["status"] == "RUNNING" }
            #expect(back["configurationId"] == .string(old))
        }
    }

    /// A pipeline that PATCHes its deployment on every push (the blog's deploy script does) sends the
    /// configuration it already runs when nothing changed: a no-op, not an error (the spec has no such rule).
    @Test func changingToTheConfigurationItRunsIsANoOp() async throws {
        try await withRunningDeployment { emulator, id, _, old in
            let before = try await emulator.call(.get, "/v2/lm/deployments/\(id)").json
            for _ in 0..<2 {
                let same = try await emulator.call(
                    .patch, "/v2/lm/deployments/\(id)", ["configurationId": .string(old)])
                #expect(same.status == 202, "\(same.text)")
                #expect(same.json["id"] == .string(id))
            }
            let after = try await emulator.call(.get, "/v2/lm/deployments/\(id)").json
            #expect(after["status"] == "RUNNING")
            #expect(after["lastOperation"] == before["lastOperation"])
            #expect(after["modifiedAt"] == before["modifiedAt"])
            #expect(after["deploymentUrl"] == before["deploymentUrl"])
        }
    }

    @Test func invalidChangesAreRefusedAndChangeNothing() async throws {
        try await withRunningDeployment { emulator, id, model, old in
            let notAConfiguration = try await emulator.call(
                .patch, "/v2/lm/deployments/\(id)", ["configurationId": .string(model)])
            #expect(notAConfiguration.status == 400)
            let both = try await emulator.call(
                .patch, "/v2/lm/deployments/\(id)", ["configurationId": .string(old), "targetStatus": "STOPPED"])
            #expect(both.status == 400)
            let unresolved = try await emulator.create(
                "/v2/lm/configurations",
                ["name": "no model", "scenarioId": "demo-scenario", "executableId": "serve-model"])
            let refused = try await emulator.call(
                .patch, "/v2/lm/deployments/\(id)", ["configurationId": .string(unresolved)])
            #expect(refused.status == 400)
            #expect(refused.errorMessage?.contains("inputs.artifacts.model") == true)
            let unchanged = try await emulator.call(.get, "/v2/lm/deployments/\(id)").json
            #expect(unchanged["configurationId"] == .string(old))
            #expect(unchanged["status"] == "RUNNING")
            #expect(
                try await emulator.call(.patch, "/v2/lm/deployments/\(id)", ["targetStatus": "STOPPED"]).status == 202)
            _ = try await emulator.waitFor("/v2/lm/deployments/\(id)") { $0["status"] == "STOPPED" }
            let new = try await serving(emulator, model: model, greeting: "hola")
            #expect(
                try await emulator.call(.patch, "/v2/lm/deployments/\(id)", ["configurationId": .string(new)]).status
                    == 412)
        }
    }
}
