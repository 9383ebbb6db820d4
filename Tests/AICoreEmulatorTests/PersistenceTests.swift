import AICoreEmulator
import Foundation
import HTTPTypes
import HummingbirdTesting
import PromoteModel
import TestSupport
import Testing

/// `--state DIR`: what survives a restart, what is never written, and a state file that cannot be read.
@Suite struct PersistenceTests {
    private struct Created: Sendable {
        var token: String
        var artifact: String
        var configuration: String
    }

    private static let destinationPath = "/destination-configuration/v1/subaccountDestinations"

    private static func destinationToken(_ emulator: EmulatorClient) async throws -> String {
        let configuration = emulator.configuration
        let response = try await emulator.form(
            "/oauth/token",
            [
                "grant_type": "client_credentials", "client_id": configuration.destinationClientID,
                "client_secret": configuration.destinationClientSecret,
            ])
        return try #require(response.json["access_token"]?.stringValue)
    }

    private static let destination: JSONValue = [
        "Name": "aicore-dev", "Type": "HTTP", "URL": "https://api.ai.example.com/v2", "ProxyType": "Internet",
        "Authentication": "OAuth2ClientCredentials", "clientId": "sb-client",
        "clientSecret": "destination-secret-value-4711", "tokenServiceURL": "https://auth.example.com/oauth/token",
        "tokenServicePassword": "token-service-password-4711", "Password": "plain-password-4711",
        "URL.headers.AI-Resource-Group": "team-a",
    ]

    private static let secrets = [
        "destination-secret-value-4711", "token-service-password-4711", "plain-password-4711", "repo-pat-4711",
        "repo-pat-patched-4711",
    ]

    /// Fills an emulator on `directory` with one object of each kind and returns what the second start needs.
    private static func fill(_ emulator: EmulatorClient, repository: GitFixture) async throws -> Created {
        try await emulator.syncApplication(repository: repository)
        try await emulator.call(
            .post, "/v2/admin/resourceGroups",
            ["resourceGroupId": "team-a", "labels": [["key": "ext.ai.sap.com/team", "value": "a"]]], group: nil
        ).expectSuccess(202)
        let artifact = try await emulator.create(
            "/v2/lm/artifacts",
            [
                "name": "kept", "kind": "dataset", "url": "ai://default/kept",
                "scenarioId": .string(TemplateFixtures.scenario),
            ])
        let configuration = try await emulator.create(
            "/v2/lm/configurations",
            [
                "name": "kept", "scenarioId": .string(TemplateFixtures.scenario),
                "executableId": .string(TemplateFixtures.trainingID),
                "parameterBindings": [["key": "epochs", "value": "4"]],
                "inputArtifactBindings": [["key": "dataset", "artifactId": .string(artifact)]],
            ])
        let destinationToken = try await destinationToken(emulator)
        try await emulator.call(.post, destinationPath, destination, group: nil, token: destinationToken)
            .expectSuccess(201)
        try await emulator.call(
            .post, "/v2/admin/repositories",
            [
                "name": "private-repo", "url": "https://github.com/acme/private", "username": "bot",
                "password": "repo-pat-4711",
            ], group: nil
        ).expectSuccess()
        try await emulator.call(
            .patch, "/v2/admin/repositories/private-repo", ["username": "bot", "password": "repo-pat-patched-4711"],
            group: nil
        ).expectSuccess()
        return Created(token: emulator.token, artifact: artifact, configuration: configuration)
    }

    @Test func objectsSurviveANewApplicationOnTheSameDirectory() async throws {
        let directory = TemporaryDirectory("promote-emulator-state")
        let repository = try TemplateFixtures.repository()
        let configuration = EmulatorHarness.configuration(repository: repository) { $0.stateDirectory = directory.path }
        let recorder = TestRecorder<Created>()
        try await EmulatorHarness.withEmulator(configuration) { emulator in
            await recorder.record(try await Self.fill(emulator, repository: repository))
        }
        let created = try #require(await recorder.value)
        #expect(FileManager.default.fileExists(atPath: directory.appending("state.json")))

        try await EmulatorHarness.withEmulator(configuration, setup: .live) { emulator in
            let group = try await emulator.call(.get, "/v2/admin/resourceGroups/team-a", group: nil)
            group.expectSuccess()
            #expect(group.json["labels"] == [["key": "ext.ai.sap.com/team", "value": "a"]])

            let artifact = try await emulator.call(.get, "/v2/lm/artifacts/\(created.artifact)")
            artifact.expectSuccess()
            #expect(artifact.json["name"] == "kept")
            #expect(artifact.json["url"] == "ai://default/kept")

            let stored = try await emulator.call(.get, "/v2/lm/configurations/\(created.configuration)")
            stored.expectSuccess()
            #expect(stored.json["parameterBindings"] == [["key": "epochs", "value": "4"]])
            #expect(stored.json["inputArtifactBindings"]?.arrayValue?.first?["artifactId"] == .string(created.artifact))

            let executables = try await emulator.call(.get, "/v2/lm/scenarios/\(TemplateFixtures.scenario)/executables")
            #expect(executables.json["count"] == 2)
            let application = try await emulator.call(.get, "/v2/admin/applications/demo-app", group: nil)
            application.expectSuccess()
            let repositoryRecord = try await emulator.call(.get, "/v2/admin/repositories/private-repo", group: nil)
            repositoryRecord.expectSuccess()
            #expect(repositoryRecord.json["url"] == "https://github.com/acme/private")

            let destination = try await emulator.call(
                .get, "\(Self.destinationPath)/aicore-dev", group: nil, token: try await Self.destinationToken(emulator)
            )
            destination.expectSuccess()
            #expect(destination.json["URL"] == "https://api.ai.example.com/v2")
            #expect(destination.json["URL.headers.AI-Resource-Group"] == "team-a")
            #expect(destination.json["clientId"] == "sb-client")

            // ai-api.md §3: tokens issued before a restart stay valid.
            try await emulator.call(.get, "/v2/lm/artifacts/\(created.artifact)", token: created.token).expectSuccess()
        }
    }

    @Test func theStateFileHoldsNoSecrets() async throws {
        let directory = TemporaryDirectory("promote-emulator-state")
        let repository = try TemplateFixtures.repository()
        let configuration = EmulatorHarness.configuration(repository: repository) { $0.stateDirectory = directory.path }
        try await EmulatorHarness.withEmulator(configuration) { emulator in
            _ = try await Self.fill(emulator, repository: repository)
            let token = try await Self.destinationToken(emulator)
            var replaced = Self.destination.objectValue ?? [:]
            replaced["clientSecret"] = "destination-secret-value-4711"
            try await emulator.call(.put, Self.destinationPath, .object(replaced), group: nil, token: token)
                .expectSuccess()
        }
        let text = try String(contentsOfFile: directory.appending("state.json"), encoding: .utf8)
        #expect(text.contains("aicore-dev"), "the destination was saved")
        #expect(text.contains("private-repo"), "the repository was saved")
        #expect(text.contains("sb-client"))
        for secret in Self.secrets {
            #expect(!text.contains(secret), "state.json holds \(secret)")
        }
        for key in ["clientSecret", "tokenServicePassword", "\"Password\"", "\"password\""] {
            #expect(!text.contains(key), "state.json holds the key \(key)")
        }
    }

    @Test(arguments: ["{not json", "", "[1, 2, 3]", #"{"resourceGroups": 7}"#])
    func aCorruptStateFileStopsTheStartNamingTheFile(_ contents: String) throws {
        let directory = TemporaryDirectory("promote-emulator-state")
        let file = directory.appending("state.json")
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        let configuration = EmulatorHarness.configuration { $0.stateDirectory = directory.path }
        let error = #expect(throws: EmulatorStartError.self) { _ = try EmulatorServer.buildApplication(configuration) }
        Self.expectUnreadableState(error, file: file)
    }

    /// A state file that exists but cannot be read must not be taken for "no state": the next save would
    /// overwrite it.
    @Test func aStateFileThatCannotBeReadStopsTheStart() throws {
        let directory = TemporaryDirectory("promote-emulator-state")
        let file = directory.appending("state.json")
        try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: true)
        let configuration = EmulatorHarness.configuration { $0.stateDirectory = directory.path }
        let error = #expect(throws: EmulatorStartError.self) { _ = try EmulatorServer.buildApplication(configuration) }
        Self.expectUnreadableState(error, file: file)
    }

    private static func expectUnreadableState(
        _ error: EmulatorStartError?, file: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error else { return }
        guard case .unreadableState(let reported, _) = error else {
            Issue.record("expected unreadableState, got \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(reported == file, sourceLocation: sourceLocation)
        #expect(error.description.contains(file), "\(error.description)", sourceLocation: sourceLocation)
    }
}
