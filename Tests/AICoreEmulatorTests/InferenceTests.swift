import AICoreEmulator
import Foundation
import HTTPTypes
import HummingbirdTesting
import PromoteModel
import TestSupport
import Testing

/// What a deployment answers at its `deploymentUrl` (templates.md §5.1), so smoke tests can check which
/// configuration serves.
@Suite struct InferenceTests {
    /// Creates a model artifact and a serving configuration (with `greeting` bound unless nil); returns its id.
    private static func servingConfiguration(_ emulator: EmulatorClient, greeting: String?) async throws -> String {
        let model = try await emulator.create(
            "/v2/lm/artifacts",
            [
                "name": "model", "kind": "model", "url": "ai://default/model",
                "scenarioId": .string(TemplateFixtures.scenario),
            ])
        var body: JSONObject = [
            "name": "serve", "scenarioId": .string(TemplateFixtures.scenario),
            "executableId": .string(TemplateFixtures.servingID),
            "inputArtifactBindings": [["key": "model", "artifactId": .string(model)]],
        ]
        if let greeting { body["parameterBindings"] = [["key": "greeting", "value": .string(greeting)]] }
        return try await emulator.create("/v2/lm/configurations", .object(body))
    }

    /// The path of a deployment URL (`http://host:port/v2/inference/deployments/<id>`).
    private static func path(of url: String) throws -> String {
        try #require(URL(string: url)?.path)
    }

    @Test(arguments: [TestingSetup.router, .live])
    func aRunningDeploymentAnswersWithItsConfigurationAndParameters(_ setup: TestingSetup) async throws {
        try await EmulatorHarness.withSyncedFixture(setup: setup) { emulator in
            let configuration = try await Self.servingConfiguration(emulator, greeting: "bonjour")
            let id = try await emulator.create("/v2/lm/deployments", ["configurationId": .string(configuration)])
            let running = try await emulator.waitFor("/v2/lm/deployments/\(id)") { $0["status"] == "RUNNING" }
            #expect(running["status"] == "RUNNING")
            let url = try #require(running["deploymentUrl"]?.stringValue)
            #expect(try Self.path(of: url) == "/v2/inference/deployments/\(id)")
            if let port = emulator.client.port {
                #expect(url == "http://127.0.0.1:\(port)/v2/inference/deployments/\(id)", "reachable from the client")
            }
            let base = try Self.path(of: url)

            let get = try await emulator.call(.get, base + "/v2/predict")
            get.expectSuccess()
            #expect(get.json["deploymentId"] == .string(id))
            #expect(get.json["configurationId"] == .string(configuration))
            #expect(get.json["executableId"] == .string(TemplateFixtures.servingID))
            #expect(get.json["parameters"] == ["greeting": "bonjour"])
            #expect(get.json["path"] == "/v2/predict")
            #expect(get.json["method"] == "GET")

            let post = try await emulator.call(.post, base + "/v2/predict", ["instances": [[1, 2, 3]]])
            post.expectSuccess()
            #expect(post.json["configurationId"] == .string(configuration))
            #expect(post.json["parameters"] == ["greeting": "bonjour"])
            #expect(post.json["method"] == "POST")
        }
    }

    @Test func anUnboundParameterServesItsTemplateDefault() async throws {
        try await EmulatorHarness.withSyncedFixture { emulator in
            let configuration = try await Self.servingConfiguration(emulator, greeting: nil)
            let id = try await emulator.create("/v2/lm/deployments", ["configurationId": .string(configuration)])
            _ = try await emulator.waitFor("/v2/lm/deployments/\(id)") { $0["status"] == "RUNNING" }
            let answer = try await emulator.call(.get, "/v2/inference/deployments/\(id)/v2/predict")
            answer.expectSuccess()
            #expect(answer.json["parameters"] == ["greeting": "hello"])
        }
    }

    @Test func aDeploymentThatIsNotRunningYetIsUnavailable() async throws {
        let slowStart: (inout EmulatorConfiguration) -> Void = {
            $0.timings = RunTimings(pending: 30, running: 1, stopping: 0.1)
        }
        try await EmulatorHarness.withSyncedFixture(slowStart) { emulator in
            let configuration = try await Self.servingConfiguration(emulator, greeting: "hi")
            let id = try await emulator.create("/v2/lm/deployments", ["configurationId": .string(configuration)])
            let answer = try await emulator.call(.post, "/v2/inference/deployments/\(id)/v2/predict", ["instances": []])
            answer.expectError(503)
            #expect(try await emulator.call(.get, "/v2/lm/deployments/\(id)").json["status"] != "RUNNING")
        }
    }

    @Test func anUnknownDeploymentIsNotFound() async throws {
        try await EmulatorHarness.withSyncedFixture { emulator in
            try await emulator.call(.get, "/v2/inference/deployments/0123456789abcdef/v2/predict").expectError(404)
            try await emulator.call(.post, "/v2/inference/deployments/0123456789abcdef/v2/predict", [:])
                .expectError(404)
        }
    }

    @Test func inferenceNeedsAnAICoreToken() async throws {
        try await EmulatorHarness.withSyncedFixture { emulator in
            let configuration = try await Self.servingConfiguration(emulator, greeting: "hi")
            let id = try await emulator.create("/v2/lm/deployments", ["configurationId": .string(configuration)])
            _ = try await emulator.waitFor("/v2/lm/deployments/\(id)") { $0["status"] == "RUNNING" }
            let anonymous = try await emulator.send(
                .get, "/v2/inference/deployments/\(id)/v2/predict",
                headers: [EmulatorHarness.resourceGroupHeader: "default"], raw: nil)
            anonymous.expectError(401)
        }
    }

    @Test(arguments: [TestingSetup.router, .live])
    func everyCallAppendsALogLine(_ setup: TestingSetup) async throws {
        try await EmulatorHarness.withSyncedFixture(setup: setup) { emulator in
            let configuration = try await Self.servingConfiguration(emulator, greeting: "hi")
            let id = try await emulator.create("/v2/lm/deployments", ["configurationId": .string(configuration)])
            _ = try await emulator.waitFor("/v2/lm/deployments/\(id)") { $0["status"] == "RUNNING" }
            let logs = "/v2/lm/deployments/\(id)/logs"
            let before = try await emulator.call(.get, logs).json["data"]?["result"]?.arrayValue ?? []

            try await emulator.call(.get, "/v2/inference/deployments/\(id)/v2/predict").expectSuccess()
            try await emulator.call(.post, "/v2/inference/deployments/\(id)/v2/predict", ["instances": []])
                .expectSuccess()
            try await emulator.call(.get, "/v2/inference/deployments/\(id)/v2/health").expectSuccess()

            let after = try await emulator.call(.get, logs)
            after.expectSuccess()
            let records = after.json["data"]?["result"]?.arrayValue ?? []
            #expect(records.count == before.count + 3)
            let added = records.dropFirst(before.count).compactMap { $0["msg"]?.stringValue }
            #expect(added.count == 3)
            #expect(added.first?.contains("GET /v2/predict") == true, "\(added)")
            #expect(added.dropFirst().first?.contains("POST /v2/predict") == true, "\(added)")
            #expect(added.last?.contains("GET /v2/health") == true, "\(added)")
            #expect(records.allSatisfy { $0["timestamp"]?.stringValue.map(WireTimeFormat.matches) == true })
        }
    }
}
