import AICoreEmulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PromoteModel
import TestSupport
import Testing

/// Builds emulators for tests and talks to them the way AI Core clients do: OAuth token, then JSON calls with
/// the resource-group header.
struct EmulatorHarness {
    static let resourceGroupHeader = HTTPField.Name("AI-Resource-Group")!

    /// A configuration with the fixture repository on-boarded and fast timings.
    static func configuration(repository: GitFixture? = nil, _ adjust: (inout EmulatorConfiguration) -> Void = { _ in })
        -> EmulatorConfiguration
    {
        var configuration = EmulatorConfiguration(
            port: 0, repositories: repository.map { [(name: "fixture", url: $0.path)] } ?? [])
        configuration.syncDelay = 0
        adjust(&configuration)
        return configuration
    }

    /// Runs `body` against an emulator, in-process (`.router`) or over loopback (`.live`).
    static func withEmulator(
        _ configuration: EmulatorConfiguration, setup: TestingSetup = .router,
        _ body: @escaping @Sendable (EmulatorClient) async throws -> Void
    ) async throws {
        let application = try EmulatorServer.buildApplication(configuration)
        try await application.test(setup) { client in
            var emulator = EmulatorClient(client: client, configuration: configuration)
            try await emulator.authenticate()
            try await body(emulator)
        }
    }
}

/// The answer to one call: status, parsed JSON body and headers.
struct EmulatorResponse: Sendable {
    let status: Int
    let json: JSONValue
    let headers: HTTPFields
    let text: String

    /// The `error.message` of an error body.
    var errorMessage: String? { json["error"]?["message"]?.stringValue }
}

struct EmulatorClient: Sendable {
    let client: any TestClientProtocol
    let configuration: EmulatorConfiguration
    var token = ""

    mutating func authenticate() async throws {
        let response = try await form(
            "/oauth/token",
            [
                "grant_type": "client_credentials", "client_id": configuration.clientID,
                "client_secret": configuration.clientSecret,
            ])
        token = try #require(response.json["access_token"]?.stringValue)
    }

    /// A form-encoded POST (the OAuth token endpoint).
    func form(_ path: String, _ fields: [String: String], headers: HTTPFields = [:]) async throws -> EmulatorResponse {
        let body = fields.sorted { $0.key < $1.key }.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.value)"
        }.joined(separator: "&")
        var fields = headers
        fields[.contentType] = "application/x-www-form-urlencoded"
        return try await send(.post, path, headers: fields, raw: ByteBuffer(string: body))
    }

    /// A call to the AI API with the bearer token and (unless nil) the resource group header.
    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, group: String? = "default",
        token: String? = nil
    ) async throws -> EmulatorResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token ?? self.token)"]
        if let group { headers[EmulatorHarness.resourceGroupHeader] = group }
        if body != nil { headers[.contentType] = "application/json" }
        return try await send(method, path, headers: headers, raw: body.map { ByteBuffer(string: $0.serialized()) })
    }

    func send(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields, raw: ByteBuffer?) async throws
        -> EmulatorResponse
    {
        try await client.execute(uri: path, method: method, headers: headers, body: raw) { response in
            let text = String(buffer: response.body)
            let json = (try? JSONValue(parsing: Array(text.utf8))) ?? .null
            return EmulatorResponse(
                status: Int(response.status.code), json: json, headers: response.headers, text: text)
        }
    }

    /// Creates an application for the fixture repository and waits until it is synced.
    @discardableResult
    func syncApplication(
        _ name: String = "demo-app", repository: GitFixture, revision: String = "main", path: String = "templates"
    )
        async throws -> EmulatorResponse
    {
        let created = try await call(
            .post, "/v2/admin/applications",
            [
                "applicationName": .string(name), "repositoryUrl": .string(repository.path),
                "revision": .string(revision), "path": .string(path),
            ],
            group: nil)
        #expect(created.status == 200, "\(created.text)")
        return try await waitForStatus(name)
    }

    func waitForStatus(_ name: String) async throws -> EmulatorResponse {
        for _ in 0..<100 {
            let status = try await call(.get, "/v2/admin/applications/\(name)/status", group: nil)
            if status.json["syncStatus"]?.stringValue != "OutOfSync"
                || status.json["healthStatus"]?.stringValue != "Progressing"
            {
                return status
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return try await call(.get, "/v2/admin/applications/\(name)/status", group: nil)
    }

    /// Polls a run until `done` holds for it (or two seconds pass), returning its last state.
    func waitFor(_ path: String, _ done: (JSONValue) -> Bool) async throws -> JSONValue {
        var last: JSONValue = .null
        for _ in 0..<1000 {
            last = try await call(.get, path).json
            if done(last) { return last }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        return last
    }

    /// Creates an object and returns its id.
    func create(_ path: String, _ body: JSONValue) async throws -> String {
        let response = try await call(.post, path, body)
        #expect((200..<300).contains(response.status), "\(path): \(response.text)")
        return try #require(response.json["id"]?.stringValue, "\(path): \(response.text)")
    }
}
