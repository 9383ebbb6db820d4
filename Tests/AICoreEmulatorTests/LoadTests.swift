import AICoreEmulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PromoteModel
import TestSupport
import Testing

/// Many clients at once against a live emulator: every answer right, no lost update, no id given twice.
@Suite struct LoadTests {
    private static let clients = 32
    private static let objectsPerClient = 10

    /// One client's own connection to the live server (the harness's client has a single connection).
    private struct LoadClient: Sendable {
        let connection: TestClient
        var token = ""

        mutating func authenticate(_ configuration: EmulatorConfiguration) async throws {
            let form =
                "grant_type=client_credentials&client_id=\(configuration.clientID)"
                + "&client_secret=\(configuration.clientSecret)"
            let response = try await connection.execute(
                TestClient.Request(
                    "/oauth/token", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: form)))
            let json = try JSONValue(parsing: Array(String(buffer: response.body ?? ByteBuffer()).utf8))
            token = try #require(json["access_token"]?.stringValue)
        }

        func send(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil) async throws
            -> (status: Int, json: JSONValue)
        {
            var headers: HTTPFields = [
                .authorization: "Bearer \(token)", EmulatorHarness.resourceGroupHeader: "default",
            ]
            if body != nil { headers[.contentType] = "application/json" }
            let response = try await connection.execute(
                TestClient.Request(
                    path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0.serialized()) }))
            let text = String(buffer: response.body ?? ByteBuffer())
            return (Int(response.status.code), (try? JSONValue(parsing: Array(text.utf8))) ?? .null)
        }
    }

    private struct ClientResult: Sendable {
        var artifacts: [String] = []
        var configurations: [String] = []
        var problems: [String] = []
    }

    /// Creates `objectsPerClient` artifacts and configurations, reads each back, and lists its own.
    private static func runClient(_ index: Int, port: Int, configuration: EmulatorConfiguration) async throws
        -> ClientResult
    {
        try await TestClient.withClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(30))) {
            connection in
            var client = LoadClient(connection: connection)
            try await client.authenticate(configuration)
            let prefix = "load-c\(index < 10 ? "0" : "")\(index)-"
            var result = ClientResult()
            func problem(_ text: String) { result.problems.append("client \(index): \(text)") }

            for number in 0..<objectsPerClient {
                let artifact = try await client.send(
                    .post, "/v2/lm/artifacts",
                    [
                        "name": .string("\(prefix)a\(number)"), "kind": "dataset",
                        "url": .string("ai://default/\(prefix)\(number)"),
                        "scenarioId": .string(TemplateFixtures.scenario),
                    ])
                guard artifact.status == 201, let artifactID = artifact.json["id"]?.stringValue else {
                    problem("artifact \(number): \(artifact.status) \(artifact.json.serialized())")
                    continue
                }
                result.artifacts.append(artifactID)
                let created = try await client.send(
                    .post, "/v2/lm/configurations",
                    [
                        "name": .string("\(prefix)k\(number)"), "scenarioId": .string(TemplateFixtures.scenario),
                        "executableId": .string(TemplateFixtures.trainingID),
                        "parameterBindings": [["key": "epochs", "value": .string("\(number)")]],
                        "inputArtifactBindings": [["key": "dataset", "artifactId": .string(artifactID)]],
                    ])
                guard created.status == 201, created.json["message"] == "Configuration created",
                    let configurationID = created.json["id"]?.stringValue
                else {
                    problem("configuration \(number): \(created.status) \(created.json.serialized())")
                    continue
                }
                result.configurations.append(configurationID)
            }

            for (number, id) in result.artifacts.enumerated() {
                let artifact = try await client.send(.get, "/v2/lm/artifacts/\(id)")
                if artifact.status != 200 || artifact.json["name"] != .string("\(prefix)a\(number)")
                    || artifact.json["url"] != .string("ai://default/\(prefix)\(number)")
                {
                    problem("read artifact \(id): \(artifact.status) \(artifact.json.serialized())")
                }
            }
            for (number, id) in result.configurations.enumerated() {
                let configuration = try await client.send(.get, "/v2/lm/configurations/\(id)")
                let artifactID = result.artifacts.indices.contains(number) ? result.artifacts[number] : ""
                if configuration.status != 200 || configuration.json["name"] != .string("\(prefix)k\(number)")
                    || configuration.json["parameterBindings"] != [["key": "epochs", "value": .string("\(number)")]]
                    || configuration.json["inputArtifactBindings"]?.arrayValue?.first?["artifactId"]
                        != .string(artifactID)
                {
                    problem("read configuration \(id): \(configuration.status) \(configuration.json.serialized())")
                }
            }

            let ownArtifacts = try await client.send(.get, "/v2/lm/artifacts?%24search=\(prefix)")
            let expectedArtifacts = Set((0..<objectsPerClient).map { "\(prefix)a\($0)" })
            if ownArtifacts.status != 200 || ownArtifacts.json["count"] != .int(objectsPerClient)
                || Set(ownArtifacts.json.resourceStrings("name")) != expectedArtifacts
            {
                problem("list artifacts: \(ownArtifacts.status) \(ownArtifacts.json["count"]?.serialized() ?? "-")")
            }
            let ownConfigurations = try await client.send(.get, "/v2/lm/configurations?%24search=\(prefix)&top=100")
            if ownConfigurations.status != 200 || ownConfigurations.json["count"] != .int(objectsPerClient)
                || Set(ownConfigurations.json.resourceStrings("id")) != Set(result.configurations)
            {
                let count = ownConfigurations.json["count"]?.serialized() ?? "-"
                problem("list configurations: \(ownConfigurations.status) \(count)")
            }
            return result
        }
    }

    /// Every id of a list, read in pages the way a client loops `$skip` (small pages keep the parsing cheap).
    private static func listAll(_ path: String, emulator: EmulatorClient, expectedCount: Int) async throws -> [String] {
        var ids: [String] = []
        while ids.count < expectedCount {
            let page = try await emulator.call(.get, "\(path)?%24top=40&%24skip=\(ids.count)")
            page.expectSuccess()
            #expect(page.json["count"] == .int(expectedCount), "\(path) count")
            let pageIDs = page.json.resourceStrings("id")
            if pageIDs.isEmpty { break }
            ids += pageIDs
        }
        return ids
    }

    @Test(.timeLimit(.minutes(1)))
    func concurrentClientsLoseNoUpdatesAndGetUniqueIDs() async throws {
        try await EmulatorHarness.withSyncedFixture(setup: .live) { emulator in
            let port = try #require(emulator.client.port)
            let configuration = emulator.configuration
            let start = ContinuousClock.now
            let results = try await withThrowingTaskGroup(of: ClientResult.self) { group in
                for index in 0..<Self.clients {
                    group.addTask { try await Self.runClient(index, port: port, configuration: configuration) }
                }
                var results: [ClientResult] = []
                for try await result in group { results.append(result) }
                return results
            }
            let elapsed = ContinuousClock.now - start
            let total = Self.clients * Self.objectsPerClient

            let problems = results.flatMap(\.problems)
            #expect(problems.isEmpty, "\(problems.count) wrong answers, first: \(problems.prefix(5))")
            let artifacts = results.flatMap(\.artifacts)
            let configurations = results.flatMap(\.configurations)
            #expect(artifacts.count == total)
            #expect(configurations.count == total)
            #expect(Set(artifacts).count == total, "artifact ids given twice")
            #expect(Set(configurations).count == total, "configuration ids given twice")
            #expect(Set(artifacts).isDisjoint(with: configurations))

            for (path, created) in [("/v2/lm/artifacts", artifacts), ("/v2/lm/configurations", configurations)] {
                let listed = try await Self.listAll(path, emulator: emulator, expectedCount: total)
                #expect(listed.count == total, "\(path) lists \(listed.count)")
                #expect(Set(listed) == Set(created), "\(path) lists other ids than were created")
                #expect(try await emulator.call(.get, "\(path)/$count").text == "\(total)")
            }
            #expect(elapsed < .seconds(30), "\(Self.clients) clients took \(elapsed)")
        }
    }
}
