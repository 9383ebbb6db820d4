import AICoreEmulator
import Foundation
import HTTPTypes
import PromoteModel
import TestSupport
import Testing

/// Where the emulator used to mislead clients about SAP's published AI API (2.42.0): parameter bounds, bulk
/// changes, `$select`, answer shapes and label rules, each as the spec states it.
@Suite struct SpecRuleTests {
    private func withSyncedFixture(_ body: @escaping @Sendable (EmulatorClient) async throws -> Void) async throws {
        let repository = try TemplateFixtures.repository()
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            try await emulator.syncApplication(repository: repository)
            try await body(emulator)
        }
    }

    private func trainingConfiguration(_ emulator: EmulatorClient) async throws -> String {
        let dataset = try await emulator.create(
            "/v2/lm/artifacts",
            ["name": "data", "kind": "dataset", "url": "ai://default/data", "scenarioId": "demo-scenario"])
        return try await emulator.create(
            "/v2/lm/configurations",
            [
                "name": "train", "scenarioId": "demo-scenario", "executableId": "train-model",
                "inputArtifactBindings": [["key": "dataset", "artifactId": .string(dataset)]],
            ])
    }

    @Test(arguments: ["executions", "deployments"])
    func bulkChangesTakeOneToAHundredItemsEachWithAnID(_ kind: String) async throws {
        try await withSyncedFixture { emulator in
            let tooMany: JSONValue = .array(
                (0..<101).map { ["id": .string("id-\($0)-abcd"), "targetStatus": "STOPPED"] })
            let cases: [(JSONValue, String)] = [
                ([kind: tooMany], "\(kind) must be an array of 1 to 100 changes"),
                ([kind: []], "\(kind) must be an array of 1 to 100 changes"),
                ([kind: [["targetStatus": "STOPPED"]]], "every item of \(kind) needs an id matching ^[\\w.-]{4,64}$"),
                ([kind: [["id": "abcd-1234", "targetStatus": "RUNNING"]]],
                 "every item of \(kind) needs a targetStatus of STOPPED or DELETED"),
                ([kind: [["id": "abcd-1234", "targetStatus": "STOPPED"], ["id": "abcd-1234", "targetStatus": "STOPPED"]]],
                 "\(kind) names abcd-1234 twice with the same targetStatus; items must be unique"),
            ]
            for (body, message) in cases {
                try await emulator.call(.patch, "/v2/lm/\(kind)", body).expectError(400, message: message)
            }
            let hundred: JSONValue = .array((0..<100).map { ["id": .string("id-\($0)-abcd"), "targetStatus": "STOPPED"] })
            let answered = try await emulator.call(.patch, "/v2/lm/\(kind)", [kind: hundred])
            #expect(answered.status == 202)
            #expect(answered.json[kind]?.arrayValue?.count == 100)
        }
    }

    @Test func queryParametersAreCheckedAgainstTheSpec() async throws {
        try await withSyncedFixture { emulator in
            let refused = [
                "/v2/lm/executions?$top=100001", "/v2/lm/artifacts?$top=-1", "/v2/lm/executions?status=FINISHED",
                "/v2/lm/deployments?status=running", "/v2/lm/executions?$select=id",
                "/v2/lm/artifacts?kind=weights", "/v2/lm/configurations?$expand=executable",
                "/v2/lm/artifacts?$search=" + String(repeating: "a", count: 81),
                "/v2/lm/artifacts?artifactLabelSelector=team%3Dml",
                "/v2/admin/resourceGroups?labelSelector=bad", "/v2/lm/executions/x-execution/logs?$top=5001",
                "/v2/lm/executions/x-execution/logs?$top=0",
            ]
            for path in refused {
                let response = try await emulator.call(.get, path, group: path.hasPrefix("/v2/admin") ? nil : "default")
                response.expectError(400)
                #expect(response.status == 400, "\(path): \(response.text)")
            }
            for path in ["/v2/lm/executions?$top=100000", "/v2/lm/executions?status=COMPLETED"] {
                try await emulator.call(.get, path).expectSuccess()
            }
        }
    }

    @Test func listsAnswerOnlyTheStatusKeysWhenSelectIsStatus() async throws {
        try await withSyncedFixture { emulator in
            let configuration = try await trainingConfiguration(emulator)
            let id = try await emulator.create("/v2/lm/executions", ["configurationId": .string(configuration)])
            let list = try await emulator.call(.get, "/v2/lm/executions?$select=status")
            list.expectSuccess()
            #expect(
                list.json["resources"]?.arrayValue?.first?.objectValue?.keys.sorted()
                    == ["configurationId", "createdAt", "id", "modifiedAt", "status"])
            // Undeclared in the list schema (AiExecution): no statusDetails on full list items either.
            let full = try await emulator.call(.get, "/v2/lm/executions").json["resources"]?.arrayValue?.first
            #expect(full?["statusDetails"] == nil)
            #expect(full?["id"] == .string(id))
            // The single object's schema declares it.
            #expect(try await emulator.call(.get, "/v2/lm/executions/\(id)").json["statusDetails"] == [:])
        }
    }

    @Test func anExecutionThatIsStillUnknownCanBeStopped() async throws {
        let repository = try TemplateFixtures.repository()
        let slow = EmulatorHarness.configuration(repository: repository) {
            $0.timings = RunTimings(pending: 30, running: 1, stopping: 0.05)
        }
        try await EmulatorHarness.withEmulator(slow) { emulator in
            try await emulator.syncApplication(repository: repository)
            let configuration = try await trainingConfiguration(emulator)
            let id = try await emulator.create("/v2/lm/executions", ["configurationId": .string(configuration)])
            #expect(try await emulator.call(.get, "/v2/lm/executions/\(id)").json["status"] == "UNKNOWN")
            let stop = try await emulator.call(.patch, "/v2/lm/executions/\(id)", ["targetStatus": "STOPPED"])
            #expect(stop.status == 202, "\(stop.text)")
            let stopped = try await emulator.waitFor("/v2/lm/executions/\(id)") { $0["status"] == "STOPPED" }
            #expect(stopped["status"] == "STOPPED")
        }
    }

    @Test func logLinesHaveOnlyTheSpecsKeys() async throws {
        try await withSyncedFixture { emulator in
            let configuration = try await trainingConfiguration(emulator)
            let id = try await emulator.create("/v2/lm/executions", ["configurationId": .string(configuration)])
            _ = try await emulator.waitFor("/v2/lm/executions/\(id)") { $0["status"] == "COMPLETED" }
            let lines = try await emulator.call(.get, "/v2/lm/executions/\(id)/logs").json["data"]?["result"]
            #expect((lines?.arrayValue?.count ?? 0) > 3)
            for line in lines?.arrayValue ?? [] { #expect(line.objectValue?.keys.sorted() == ["msg", "timestamp"]) }
        }
    }

    /// The spec's resource-group label key pattern leaves its dots unescaped, so its validator accepts
    /// `ext-ai-sap-com/…`; lm labels escape them. Each is held to its own published pattern.
    @Test func labelKeysFollowEachSchemasOwnPattern() async throws {
        try await withSyncedFixture { emulator in
            try await emulator.call(
                .post, "/v2/admin/resourceGroups",
                ["resourceGroupId": "team-a", "labels": [["key": "ext-ai-sap-com/team", "value": "a"]]], group: nil
            ).expectSuccess(202)
            try await emulator.call(
                .post, "/v2/admin/resourceGroups",
                ["resourceGroupId": "team-b", "labels": [["key": "ext.ai.sap.com/team", "value": "b"]]], group: nil
            ).expectSuccess(202)
            for key in ["team", "ext.ai.sap.com/-team", "ext.ai.sap.com/" + String(repeating: "t", count: 49)] {
                try await emulator.call(
                    .post, "/v2/admin/resourceGroups",
                    ["resourceGroupId": "team-c", "labels": [["key": .string(key), "value": "c"]]], group: nil
                ).expectError(400)
            }
            let selected = try await emulator.call(
                .get, "/v2/admin/resourceGroups?labelSelector=ext.ai.sap.com/team%3Db", group: nil)
            #expect(selected.json.resourceStrings("resourceGroupId") == ["team-b"])
            let excluded = try await emulator.call(
                .get, "/v2/admin/resourceGroups?labelSelector=ext.ai.sap.com/team!%3Db", group: nil)
            #expect(Set(excluded.json.resourceStrings("resourceGroupId")) == ["default", "team-a"])

            try await emulator.call(
                .post, "/v2/lm/artifacts",
                [
                    "name": "a", "kind": "dataset", "url": "ai://default/a", "scenarioId": "demo-scenario",
                    "labels": [["key": "ext-ai-sap-com/team", "value": "a"]],
                ]
            ).expectError(400)
        }
    }

    @Test func scenarioModelsAreListedForEveryScenario() async throws {
        try await withSyncedFixture { emulator in
            for scenario in ["demo-scenario", "unknown-scenario"] {
                let models = try await emulator.call(.get, "/v2/lm/scenarios/\(scenario)/models")
                models.expectSuccess()
                #expect(models.json == ["count": 0, "resources": []])
            }
            let foundation = try await emulator.call(.get, "/v2/lm/scenarios/foundation-models/models")
            #expect(foundation.json["count"] == 2)
            #expect(foundation.json["resources"]?.arrayValue?.first?["versions"]?.arrayValue?.first?["isLatest"] == true)
        }
    }
}
