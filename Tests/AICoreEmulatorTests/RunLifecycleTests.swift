import AICoreEmulator
import Foundation
import HTTPTypes
import PromoteModel
import TestSupport
import Testing

/// Executions and deployments through AI Core's lifecycle, with the checks AI Core makes where it makes them.
@Suite struct RunLifecycleTests {
    /// A synced emulator with a dataset artifact; `body` gets the client and the artifact id.
    private func withSyncedEmulator(
        _ adjust: @escaping (inout EmulatorConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (EmulatorClient, String) async throws -> Void
    ) async throws {
        let repository = try TemplateFixtures.repository()
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository, adjust)) {
            emulator in
            try await emulator.syncApplication(repository: repository)
            let dataset = try await emulator.create(
                "/v2/lm/artifacts",
                ["name": "training data", "kind": "dataset", "url": "ai://default/data", "scenarioId": "demo-scenario"])
            try await body(emulator, dataset)
        }
    }

    private func trainingConfiguration(
        _ emulator: EmulatorClient, dataset: String, parameters: JSONValue = [["key": "epochs", "value": "3"]]
    )
        async throws -> String
    {
        try await emulator.create(
            "/v2/lm/configurations",
            [
                "name": "train", "scenarioId": "demo-scenario", "executableId": "train-model",
                "parameterBindings": parameters,
                "inputArtifactBindings": [["key": "dataset", "artifactId": .string(dataset)]],
            ])
    }

    @Test func anExecutionRunsToCompletionWithLogsAndOutputs() async throws {
        // Pending long enough that a loaded machine (the whole suite at once on two cores) still reads the logs first.
        try await withSyncedEmulator({ $0.timings = RunTimings(pending: 4, running: 0.3, stopping: 0.1) }) {
            emulator, dataset in
            let configuration = try await trainingConfiguration(emulator, dataset: dataset)
            let created = try await emulator.call(
                .post, "/v2/lm/executions", ["configurationId": .string(configuration)])
            #expect(created.status == 202)
            #expect(created.json["status"] == "UNKNOWN")
            #expect(created.json["message"] == "Execution scheduled")
            let id = try #require(created.json["id"]?.stringValue)
            // Logs appear only once the pod runs.
            #expect(try await emulator.call(.get, "/v2/lm/executions/\(id)/logs").json["data"]?["result"] == [])

            let done = try await emulator.waitFor("/v2/lm/executions/\(id)") { $0["status"] == "COMPLETED" }
            #expect(done["status"] == "COMPLETED")
            #expect(done["targetStatus"] == "COMPLETED")
            #expect(done["configurationName"] == "train")
            #expect(done["scenarioId"] == "demo-scenario")
            let times = ["createdAt", "submissionTime", "startTime", "completionTime"].compactMap {
                done[$0]?.stringValue
            }
            #expect(times.count == 4)
            #expect(times == times.sorted())
            let outputs = done["outputArtifacts"]?.arrayValue ?? []
            #expect(outputs.map { $0["name"] } == ["housemodel"])
            #expect(outputs.first?["url"]?.stringValue == "ai://default/\(id)/housemodel")
            let registered = try await emulator.call(.get, "/v2/lm/artifacts?executionId=\(id)").json
            #expect(registered["count"] == 1)

            let logs =
                try await emulator.call(.get, "/v2/lm/executions/\(id)/logs").json["data"]?["result"]?.arrayValue ?? []
            let messages = logs.compactMap { $0["msg"]?.stringValue }
            #expect(messages.contains("parameters: epochs=3"))
            #expect(messages.contains { $0.hasPrefix("time=") })
            #expect(logs.allSatisfy { $0["timestamp"]?.stringValue?.hasSuffix("Z") == true })

            let status = try await emulator.call(.get, "/v2/lm/executions/\(id)?$select=status").json
            #expect(
                status.objectValue?.keys.sorted() == [
                    "configurationId", "createdAt", "id", "modifiedAt", "status", "statusDetails",
                ])
        }
    }

    @Test(arguments: [
        ("undeclared", "parameter 'learning_rate' is not declared by executable 'train-model' (declared: epochs)"),
        ("unbound", "input artifact 'dataset' of executable 'train-model' is not bound"),
        ("unknown-artifact", "artifact 'nope' bound to 'dataset' does not exist"),
    ])
    func badBindingsAreAcceptedAndTheRunEndsDead(_ problem: String, _ message: String) async throws {
        try await withSyncedEmulator { emulator, dataset in
            var body: JSONObject = ["name": "bad", "scenarioId": "demo-scenario", "executableId": "train-model"]
            switch problem {
            case "undeclared":
                body["parameterBindings"] = [["key": "learning_rate", "value": "0.1"]]
                body["inputArtifactBindings"] = [["key": "dataset", "artifactId": .string(dataset)]]
            case "unbound": break
            default: body["inputArtifactBindings"] = [["key": "dataset", "artifactId": "nope"]]
            }
            let configuration = try await emulator.create("/v2/lm/configurations", .object(body))
            let id = try await emulator.create("/v2/lm/executions", ["configurationId": .string(configuration)])
            let dead = try await emulator.waitFor("/v2/lm/executions/\(id)") { $0["status"] == "DEAD" }
            #expect(dead["status"] == "DEAD")
            #expect(dead["statusMessage"]?.stringValue == message)
        }
    }

    @Test func theFailureSwitchMakesARunDieAfterItStarted() async throws {
        try await withSyncedEmulator { emulator, dataset in
            let configuration = try await trainingConfiguration(
                emulator, dataset: dataset, parameters: [["key": "epochs", "value": "emulator:fail:out of memory"]])
            let id = try await emulator.create("/v2/lm/executions", ["configurationId": .string(configuration)])
            let dead = try await emulator.waitFor("/v2/lm/executions/\(id)") { $0["status"] == "DEAD" }
            #expect(dead["statusMessage"] == "out of memory")
            #expect(dead["startTime"] != nil)
            let logs = try await emulator.call(.get, "/v2/lm/executions/\(id)/logs").json.serialized()
            #expect(logs.contains("ERROR: out of memory"))
        }
    }

    @Test func stopAndDeleteFollowAICoresStateRules() async throws {
        // Running and stopping last long enough that a loaded machine still sees RUNNING, then STOPPING.
        try await withSyncedEmulator({ $0.timings = RunTimings(pending: 0.05, running: 20, stopping: 3) }) {
            emulator, dataset in
            let configuration = try await trainingConfiguration(emulator, dataset: dataset)
            let id = try await emulator.create("/v2/lm/executions", ["configurationId": .string(configuration)])
            _ = try await emulator.waitFor("/v2/lm/executions/\(id)") { $0["status"] == "RUNNING" }
            let refused = try await emulator.call(.delete, "/v2/lm/executions/\(id)")
            #expect(refused.status == 412)
            #expect(refused.errorMessage?.contains("stop it first") == true)
            #expect(
                try await emulator.call(.patch, "/v2/lm/executions/\(id)", ["targetStatus": "COMPLETED"]).status == 400)
            let stop = try await emulator.call(.patch, "/v2/lm/executions/\(id)", ["targetStatus": "STOPPED"])
            #expect(stop.status == 202)
            #expect(try await emulator.call(.get, "/v2/lm/executions/\(id)").json["status"] == "STOPPING")
            let stopped = try await emulator.waitFor("/v2/lm/executions/\(id)") { $0["status"] == "STOPPED" }
            #expect(stopped["targetStatus"] == "STOPPED")
            #expect(
                try await emulator.call(.patch, "/v2/lm/executions/\(id)", ["targetStatus": "STOPPED"]).status == 412)
            let deleted = try await emulator.call(.delete, "/v2/lm/executions/\(id)")
            #expect(deleted.status == 202)
            // The spec's deletion answer has only id and message.
            #expect(deleted.json.objectValue?.keys.sorted() == ["id", "message"])
            let gone = try await emulator.waitFor("/v2/lm/executions/\(id)") { $0["error"] != nil }
            #expect(gone["error"]?["message"] == .string("Execution \(id) not found"))
        }
    }

    @Test func bulkModifyReportsEachItem() async throws {
        try await withSyncedEmulator({ $0.timings = RunTimings(pending: 0.05, running: 5, stopping: 0.05) }) {
            emulator, dataset in
            let configuration = try await trainingConfiguration(emulator, dataset: dataset)
            let id = try await emulator.create("/v2/lm/executions", ["configurationId": .string(configuration)])
            _ = try await emulator.waitFor("/v2/lm/executions/\(id)") { $0["status"] == "RUNNING" }
            let response = try await emulator.call(
                .patch, "/v2/lm/executions",
                [
                    "executions": [
                        ["id": .string(id), "targetStatus": "STOPPED"], ["id": "missing", "targetStatus": "STOPPED"],
                    ]
                ])
            #expect(response.status == 202)
            let items = response.json["executions"]?.arrayValue ?? []
            #expect(items.count == 2)
            #expect(items[0]["message"] != nil && items[0]["error"] == nil)
            #expect(items[1]["error"]?["code"] != nil && items[1]["error"]?["message"] == "Execution missing not found")
        }
    }

    @Test func aDeploymentRunsWithAURLAndRefusesUnresolvedPlaceholders() async throws {
        try await withSyncedEmulator { emulator, dataset in
            let unresolved = try await emulator.create(
                "/v2/lm/configurations",
                ["name": "serve", "scenarioId": "demo-scenario", "executableId": "serve-model"])
            let refused = try await emulator.call(.post, "/v2/lm/deployments", ["configurationId": .string(unresolved)])
            #expect(refused.status == 400)
            #expect(
                refused.errorMessage
                    == "Missing input parameter or artifacts for executable 'serve-model': placeholder values are not resolved: inputs.artifacts.model"
            )
            let training = try await trainingConfiguration(emulator, dataset: dataset)
            #expect(
                try await emulator.call(.post, "/v2/lm/deployments", ["configurationId": .string(training)]).status
                    == 400)

            let configuration = try await emulator.create(
                "/v2/lm/configurations",
                [
                    "name": "serve", "scenarioId": "demo-scenario", "executableId": "serve-model",
                    "inputArtifactBindings": [["key": "model", "artifactId": .string(dataset)]],
                ])
            #expect(
                try await emulator.call(.post, "/v2/lm/executions", ["configurationId": .string(configuration)]).status
                    == 400)
            let created = try await emulator.call(
                .post, "/v2/lm/deployments", ["configurationId": .string(configuration)])
            #expect(created.status == 202)
            #expect(created.json["deploymentUrl"] == "")
            #expect(created.json["status"] == "UNKNOWN")
            let id = try #require(created.json["id"]?.stringValue)
            let running = try await emulator.waitFor("/v2/lm/deployments/\(id)") { $0["status"] == "RUNNING" }
            #expect(running["deploymentUrl"]?.stringValue?.hasSuffix("/v2/inference/deployments/\(id)") == true)
            #expect(running["lastOperation"] == "CREATE")
            #expect(running["targetStatus"] == "RUNNING")
            let status = try await emulator.call(.get, "/v2/lm/deployments/\(id)?%24select=status").json
            #expect(
                status.objectValue?.keys.sorted() == [
                    "configurationId", "createdAt", "details", "id", "modifiedAt", "status", "statusDetails",
                ])
            #expect(try await emulator.call(.delete, "/v2/lm/deployments/\(id)").status == 412)
            #expect(
                try await emulator.call(.patch, "/v2/lm/deployments/\(id)", ["targetStatus": "STOPPED"]).status == 202)
            _ = try await emulator.waitFor("/v2/lm/deployments/\(id)") { $0["status"] == "STOPPED" }
            #expect(try await emulator.call(.delete, "/v2/lm/deployments/\(id)").status == 202)
            let gone = try await emulator.waitFor("/v2/lm/deployments/\(id)") { $0["error"] != nil }
            #expect(gone["error"] != nil)
        }
    }

    @Test func aTTLStopsAndDeletesTheDeployment() async throws {
        try await withSyncedEmulator({ $0.ttlScale = 0.005 }) { emulator, dataset in
            let configuration = try await emulator.create(
                "/v2/lm/configurations",
                [
                    "name": "serve", "scenarioId": "demo-scenario", "executableId": "serve-model",
                    "inputArtifactBindings": [["key": "model", "artifactId": .string(dataset)]],
                ])
            #expect(
                try await emulator.call(
                    .post, "/v2/lm/deployments", ["configurationId": .string(configuration), "ttl": "4.5h"]
                ).status == 400)
            let created = try await emulator.call(
                .post, "/v2/lm/deployments", ["configurationId": .string(configuration), "ttl": "1m"])
            #expect(created.json["ttl"] == "1m")
            let id = try #require(created.json["id"]?.stringValue)
            let gone = try await emulator.waitFor("/v2/lm/deployments/\(id)") { $0["error"] != nil }
            #expect(gone["error"]?["message"] == .string("Deployment \(id) not found"))
        }
    }

    @Test func logsHonourStartEndTopAndOrder() async throws {
        try await withSyncedEmulator { emulator, dataset in
            let configuration = try await trainingConfiguration(emulator, dataset: dataset)
            let id = try await emulator.create("/v2/lm/executions", ["configurationId": .string(configuration)])
            _ = try await emulator.waitFor("/v2/lm/executions/\(id)") { $0["status"] == "COMPLETED" }
            let all =
                try await emulator.call(.get, "/v2/lm/executions/\(id)/logs").json["data"]?["result"]?.arrayValue ?? []
            #expect(all.count >= 6)
            let top =
                try await emulator.call(.get, "/v2/lm/executions/\(id)/logs?top=2&order=desc").json["data"]?["result"]?
                .arrayValue ?? []
            #expect(top == Array(all.reversed().prefix(2)))
            let dollar = try await emulator.call(.get, "/v2/lm/executions/\(id)/logs?%24top=2&%24order=desc").json[
                "data"]?["result"]?.arrayValue
            #expect(dollar == top)
            let future = try await emulator.call(.get, "/v2/lm/executions/\(id)/logs?start=2999-01-01T00:00:00Z").json[
                "data"]?["result"]
            #expect(future == [])
            let lastSecond = String((all.last?["timestamp"]?.stringValue ?? "").prefix(19)) + "Z"
            let fromLast =
                try await emulator.call(.get, "/v2/lm/executions/\(id)/logs?start=\(lastSecond)").json["data"]?[
                    "result"]?.arrayValue ?? []
            #expect(fromLast.contains(all.last ?? .null))
            let offset = try await emulator.call(
                .get, "/v2/lm/executions/\(id)/logs?start=\(lastSecond.dropLast())%2B00:00"
            ).json["data"]?["result"]?.arrayValue
            #expect(offset == fromLast)
            let bad = try await emulator.call(.get, "/v2/lm/executions/\(id)/logs?start=yesterday")
            #expect(bad.status == 400)
        }
    }
}

@Suite struct TrafficCounterTests {
    @Test func statsCountRequestsAndWrites() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            try await emulator.call(.get, "/v2/lm/scenarios")
            try await emulator.call(.post, "/v2/admin/resourceGroups", ["resourceGroupId": "team-a"], group: nil)
            try await emulator.call(.post, "/v2/admin/resourceGroups", ["resourceGroupId": "x"], group: nil)
            let stats = try await emulator.send(.get, "/emulator/stats", headers: [:], raw: nil).json
            #expect(stats["writes"] == 1)
            #expect(stats["byRoute"]?["lm GET"] == 1)
            #expect(stats["byRoute"]?["admin POST"] == 2)
            #expect(stats["byRoute"]?["oauth POST"] == 1)
            #expect(stats["requests"] == 4)
        }
    }
}
