import AICoreEmulator
import Foundation
import HTTPTypes
import PromoteModel
import TestSupport
import Testing

/// Tracking (`/v2/lm/metrics`): what training code logs with the SDK's tracking helpers, filtered and selected as
/// the spec says, and the loss the emulated training logs itself.
@Suite struct MetricsRouteTests {
    /// A synced emulator with one completed execution; `body` gets the client and the execution's id.
    private func withCompletedExecution(
        _ body: @escaping @Sendable (EmulatorClient, String) async throws -> Void
    ) async throws {
        let repository = try TemplateFixtures.repository()
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            try await emulator.syncApplication(repository: repository)
            let dataset = try await emulator.create(
                "/v2/lm/artifacts",
                ["name": "data", "kind": "dataset", "url": "ai://default/data", "scenarioId": "demo-scenario"])
            let configuration = try await emulator.create(
                "/v2/lm/configurations",
                [
                    "name": "train", "scenarioId": "demo-scenario", "executableId": "train-model",
                    "parameterBindings": [["key": "epochs", "value": "3"]],
                    "inputArtifactBindings": [["key": "dataset", "artifactId": .string(dataset)]],
                ])
            let execution = try await emulator.create("/v2/lm/executions", ["configurationId": .string(configuration)])
            let done = try await emulator.waitFor("/v2/lm/executions/\(execution)") { $0["status"] == "COMPLETED" }
            #expect(done["status"] == "COMPLETED")
            try await body(emulator, execution)
        }
    }

    @Test func aCompletedExecutionHasItsTrainingLossPerEpoch() async throws {
        try await withCompletedExecution { emulator, execution in
            let found = try await emulator.call(.get, "/v2/lm/metrics?executionIds=\(execution)")
            found.expectSuccess()
            #expect(found.json["count"] == 1)
            let resource = try #require(found.json["resources"]?.arrayValue?.first)
            #expect(resource["executionId"] == .string(execution))
            let metrics = resource["metrics"]?.arrayValue ?? []
            #expect(metrics.map { $0["name"] } == ["loss", "loss", "loss"])
            #expect(metrics.map { $0["step"] } == [1, 2, 3])
            #expect(metrics.map { $0["value"] } == [0.3, 0.2, 0.15])
        }
    }

    @Test func loggedMetricsTagsAndCustomInfoAreMergedAndFound() async throws {
        try await withCompletedExecution { emulator, execution in
            let logged = try await emulator.call(
                .patch, "/v2/lm/metrics",
                [
                    "executionId": .string(execution),
                    "metrics": [
                        ["name": "auc", "value": 0.81, "step": 1, "labels": [["name": "split", "value": "validation"]]],
                        ["name": "auc", "value": 0.84, "step": 2, "timestamp": "2026-12-03T10:00:00Z"],
                    ],
                    "tags": [["name": "dataset", "value": "2026-11"]],
                    "customInfo": [["name": "confusion", "value": "[[1,2],[3,4]]"]],
                ])
            #expect(logged.status == 204, "\(logged.text)")
            #expect(logged.text.isEmpty)
            // A second patch adds metrics and replaces the tag of the same name.
            try await emulator.call(
                .patch, "/v2/lm/metrics",
                ["executionId": .string(execution), "tags": [["name": "dataset", "value": "2026-12"]]])

            let byFilter = try await emulator.call(.get, "/v2/lm/metrics?$filter=executionId%20eq%20'\(execution)'")
            byFilter.expectSuccess()
            let resource = try #require(byFilter.json["resources"]?.arrayValue?.first)
            let auc = (resource["metrics"]?.arrayValue ?? []).filter { $0["name"] == "auc" }
            #expect(auc.map { $0["value"] } == [0.81, 0.84])
            #expect(auc[0]["labels"] == [["name": "split", "value": "validation"]])
            #expect(auc[1]["timestamp"] == "2026-12-03T10:00:00.000000Z")
            #expect(resource["tags"] == [["name": "dataset", "value": "2026-12"]])
            #expect(resource["customInfo"] == [["name": "confusion", "value": "[[1,2],[3,4]]"]])

            let inList = try await emulator.call(
                .get, "/v2/lm/metrics?$filter=executionId%20in%20('\(execution)','other-id')")
            #expect(inList.json["count"] == 1)
            let selected = try await emulator.call(.get, "/v2/lm/metrics?executionIds=\(execution)&$select=tags")
            #expect(selected.json["resources"]?.arrayValue?.first?.objectValue?.keys.sorted() == ["createdAt", "executionId", "modifiedAt", "tags"])
            let tagged = try await emulator.call(.get, "/v2/lm/metrics?tagFilters=dataset%3D2026-12")
            #expect(tagged.json["count"] == 1)
            let notTagged = try await emulator.call(.get, "/v2/lm/metrics?tagFilters=dataset!%3D2026-12")
            #expect(notTagged.json["count"] == 0)

            let deleted = try await emulator.call(.delete, "/v2/lm/metrics?executionId=\(execution)")
            deleted.expectSuccess()
            #expect(deleted.json == ["id": .string(execution), "message": "Metric Resource was successfully deleted"])
            try await emulator.call(.delete, "/v2/lm/metrics?executionId=\(execution)").expectError(404)
            #expect(try await emulator.call(.get, "/v2/lm/metrics?executionIds=\(execution)").json["count"] == 0)
        }
    }

    @Test func badMetricsAreRefusedAndRecordNothing() async throws {
        try await withCompletedExecution { emulator, execution in
            let cases: [(JSONValue, String)] = [
                (["metrics": [["name": "auc", "value": 1]]], "executionId is required and must match ^[\\w.-]{4,64}$"),
                (["executionId": "nope-execution", "metrics": []],
                 "Execution or deployment nope-execution not found in resource group default"),
                (["executionId": .string(execution), "metrics": [["name": "auc", "value": "high"]]],
                 "metric auc needs a numeric value"),
                (["executionId": .string(execution), "metrics": [["name": "auc", "value": 1, "step": -1]]],
                 "metric auc has a step that is not a non-negative integer"),
                (["executionId": .string(execution), "tags": [["name": "t", "value": ""]]],
                 "every item of tags needs a non-empty name and value"),
            ]
            for (body, message) in cases {
                try await emulator.call(.patch, "/v2/lm/metrics", body).expectError(400, message: message)
            }
            let found = try await emulator.call(.get, "/v2/lm/metrics?executionIds=\(execution)")
            #expect(found.json["resources"]?.arrayValue?.first?["metrics"]?.arrayValue?.count == 3, "only the training loss")
            try await emulator.call(.get, "/v2/lm/metrics?$filter=executionId%20ne%20'x'").expectError(400)
            try await emulator.call(.get, "/v2/lm/metrics?$select=everything").expectError(400)
            try await emulator.call(.get, "/v2/lm/metrics?$top=10001").expectError(400)
        }
    }
}
