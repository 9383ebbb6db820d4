import AICoreEmulator
import Foundation
import HTTPTypes
import HummingbirdTesting
import PromoteModel
import TestSupport
import Testing

/// The BTP destination service's subaccount destinations behind their own OAuth client (templates.md §6).
@Suite struct DestinationServiceTests {
    private static let path = "/destination-configuration/v1/subaccountDestinations"

    private static func destination(_ name: String, url: String = "https://api.ai.example.com/v2") -> JSONObject {
        [
            "Name": .string(name), "Type": "HTTP", "URL": .string(url), "ProxyType": "Internet",
            "Authentication": "OAuth2ClientCredentials", "clientId": "sb-client", "clientSecret": "s3cret",
            "tokenServiceURL": "https://auth.example.com/oauth/token", "Description": "AI Core dev",
            "URL.headers.AI-Resource-Group": "team-a",
        ]
    }

    /// Runs `body` with a client whose token is the destination service's.
    private static func withDestinationService(
        setup: TestingSetup = .router, _ body: @escaping @Sendable (EmulatorClient) async throws -> Void
    ) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(), setup: setup) { emulator in
            let configuration = emulator.configuration
            let response = try await emulator.form(
                "/oauth/token",
                [
                    "grant_type": "client_credentials", "client_id": configuration.destinationClientID,
                    "client_secret": configuration.destinationClientSecret,
                ])
            #expect(response.status == 200)
            var client = emulator
            client.token = try #require(response.json["access_token"]?.stringValue)
            try await body(client)
        }
    }

    private static func sortedKeys(_ value: JSONValue?) -> String { value?.serialized(sortedKeys: true) ?? "(none)" }

    @Test func theDestinationClientGetsATokenWithFormFieldsOrHTTPBasic() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            let configuration = emulator.configuration
            let basic =
                "Basic "
                + Data("\(configuration.destinationClientID):\(configuration.destinationClientSecret)".utf8)
                .base64EncodedString()
            let responses = [
                try await emulator.form(
                    "/oauth/token",
                    [
                        "grant_type": "client_credentials", "client_id": configuration.destinationClientID,
                        "client_secret": configuration.destinationClientSecret,
                    ]),
                try await emulator.form(
                    "/oauth/token", ["grant_type": "client_credentials"], headers: [.authorization: basic]),
            ]
            for response in responses {
                #expect(response.status == 200, "\(response.text)")
                let token = try #require(response.json["access_token"]?.stringValue)
                let list = try await emulator.call(.get, Self.path, group: nil, token: token)
                list.expectSuccess()
                #expect(list.json == [])
            }
        }
    }

    @Test(arguments: [TestingSetup.router, .live])
    func destinationsAreCreatedListedReplacedAndDeleted(_ setup: TestingSetup) async throws {
        try await Self.withDestinationService(setup: setup) { client in
            let created = try await client.call(.post, Self.path, .object(Self.destination("aicore-dev")), group: nil)
            created.expectSuccess(201)
            try await client.call(
                .post, Self.path, .object(Self.destination("aicore-dev", url: "https://x")), group: nil
            )
            .expectError(409)
            try await client.call(.post, Self.path, .object(Self.destination("aicore-tst")), group: nil)
                .expectSuccess(201)

            let list = try await client.call(.get, Self.path, group: nil)
            list.expectSuccess()
            let elements = try #require(list.json.arrayValue)
            #expect(elements.compactMap { $0["Name"]?.stringValue }.sorted() == ["aicore-dev", "aicore-tst"])
            #expect(
                elements.allSatisfy { element in
                    element.objectValue?.members.allSatisfy { $0.value.stringValue != nil } == true
                })

            let single = try await client.call(.get, "\(Self.path)/aicore-dev", group: nil)
            single.expectSuccess()
            #expect(Self.sortedKeys(single.json) == Self.sortedKeys(.object(Self.destination("aicore-dev"))))
            #expect(single.json["URL"] == "https://api.ai.example.com/v2", "unchanged by the refused POST")

            var replacement = Self.destination(
                "aicore-dev", url: "https://api.ai.example.com/v2/inference/deployments/d1")
            replacement["Description"] = nil
            let replaced = try await client.call(.put, Self.path, .object(replacement), group: nil)
            replaced.expectSuccess()
            #expect(replaced.json["count"] == 1)
            let after = try await client.call(.get, "\(Self.path)/aicore-dev", group: nil)
            #expect(Self.sortedKeys(after.json) == Self.sortedKeys(.object(replacement)))
            #expect(after.json["Description"] == nil, "PUT replaces the whole destination")

            try await client.call(.put, Self.path, .object(Self.destination("aicore-prd")), group: nil).expectError(404)
            try await client.call(.get, "\(Self.path)/aicore-prd", group: nil).expectError(404)

            let deleted = try await client.call(.delete, "\(Self.path)/aicore-dev", group: nil)
            deleted.expectSuccess()
            #expect(deleted.json["count"] == 1)
            try await client.call(.get, "\(Self.path)/aicore-dev", group: nil).expectError(404)
            try await client.call(.delete, "\(Self.path)/aicore-dev", group: nil).expectError(404)
            let remaining = try await client.call(.get, Self.path, group: nil)
            #expect(remaining.json.arrayValue?.compactMap { $0["Name"]?.stringValue } == ["aicore-tst"])
        }
    }

    @Test(arguments: ["Name", "Type", "URL"])
    func aDestinationWithoutNameTypeOrURLIsABadRequest(_ missing: String) async throws {
        try await Self.withDestinationService { client in
            var body = Self.destination("aicore-dev")
            body[missing] = nil
            try await client.call(.post, Self.path, .object(body), group: nil).expectError(400)
            body[missing] = ""
            try await client.call(.post, Self.path, .object(body), group: nil).expectError(400)
            try await client.call(.post, Self.path, .object(Self.destination("aicore-dev")), group: nil)
                .expectSuccess(201)
            body = Self.destination("aicore-dev")
            body[missing] = nil
            try await client.call(.put, Self.path, .object(body), group: nil).expectError(400)
            let stored = try await client.call(.get, "\(Self.path)/aicore-dev", group: nil)
            #expect(stored.json[missing]?.stringValue?.isEmpty == false, "a refused PUT changes nothing")
        }
    }

    @Test(arguments: [JSONValue.int(443), true, ["a"], ["nested": "object"], JSONValue.null])
    func aPropertyThatIsNotAStringIsABadRequest(_ value: JSONValue) async throws {
        try await Self.withDestinationService { client in
            var body = Self.destination("aicore-dev")
            body["Port"] = value
            try await client.call(.post, Self.path, .object(body), group: nil).expectError(400)
            try await client.call(.get, "\(Self.path)/aicore-dev", group: nil).expectError(404)
            try await client.call(.post, Self.path, ["not", "an", "object"], group: nil).expectError(400)
            #expect(try await client.call(.get, Self.path, group: nil).json == [])
        }
    }
}
