import AICoreEmulator
import Foundation
import HTTPTypes
import HummingbirdTesting
import PromoteModel
import TestSupport
import Testing

/// `POST /oauth/token` and the bearer check in front of the API (ai-api.md §3, templates.md §6.1).
@Suite struct OAuthTests {
    private static func basic(_ id: String, _ secret: String) -> String {
        "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()
    }

    private static func credentials(_ id: String, _ secret: String) -> [String: String] {
        ["grant_type": "client_credentials", "client_id": id, "client_secret": secret]
    }

    @Test(arguments: [TestingSetup.router, .live])
    func formFieldsAndHTTPBasicBothGiveATokenTheAPIAccepts(_ setup: TestingSetup) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(), setup: setup) { emulator in
            let configuration = emulator.configuration
            let viaForm = try await emulator.form(
                "/oauth/token", Self.credentials(configuration.clientID, configuration.clientSecret))
            let viaBasic = try await emulator.form(
                "/oauth/token", ["grant_type": "client_credentials"],
                headers: [.authorization: Self.basic(configuration.clientID, configuration.clientSecret)])
            for response in [viaForm, viaBasic] {
                #expect(response.status == 200, "\(response.text)")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(response.json["token_type"]?.stringValue?.lowercased() == "bearer")
                #expect(response.json["expires_in"] == 43199)
                let token = try #require(response.json["access_token"]?.stringValue)
                try await emulator.call(.get, "/v2/lm/scenarios", token: token).expectSuccess()
                try await emulator.call(.get, "/v2/admin/resourceGroups", group: nil, token: token).expectSuccess()
            }
            #expect(viaForm.json["access_token"] != viaBasic.json["access_token"])
        }
    }

    @Test func expiresInIsTheConfiguredLifetime() async throws {
        let configuration = EmulatorHarness.configuration { $0.tokenLifetime = 7200 }
        try await EmulatorHarness.withEmulator(configuration) { emulator in
            let response = try await emulator.form(
                "/oauth/token", Self.credentials(configuration.clientID, configuration.clientSecret))
            #expect(response.status == 200)
            #expect(response.json["expires_in"] == 7200)
        }
    }

    @Test func wrongCredentialsAreUnauthorized() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            let configuration = emulator.configuration
            let attempts = [
                try await emulator.form("/oauth/token", Self.credentials(configuration.clientID, "wrong")),
                try await emulator.form("/oauth/token", Self.credentials("stranger", configuration.clientSecret)),
                try await emulator.form(
                    "/oauth/token", Self.credentials(configuration.clientID, configuration.destinationClientSecret)),
                try await emulator.form(
                    "/oauth/token", ["grant_type": "client_credentials"],
                    headers: [.authorization: Self.basic(configuration.clientID, "wrong")]),
                try await emulator.form("/oauth/token", ["grant_type": "client_credentials"]),
            ]
            for response in attempts {
                #expect(response.status == 401, "\(response.text)")
                #expect(response.json["access_token"] == nil)
                #expect(response.json["error"]?.stringValue?.isEmpty == false, "OAuth error body: \(response.text)")
            }
        }
    }

    @Test(arguments: ["password", "authorization_code", ""])
    func anUnsupportedGrantTypeIsABadRequest(_ grant: String) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            let configuration = emulator.configuration
            var fields = Self.credentials(configuration.clientID, configuration.clientSecret)
            fields["grant_type"] = grant.isEmpty ? nil : grant
            let response = try await emulator.form("/oauth/token", fields)
            #expect(response.status == 400, "\(response.text)")
            #expect(response.json["error"] == "unsupported_grant_type")
            #expect(response.json["access_token"] == nil)
        }
    }

    @Test func aTokenExpiresAfterItsLifetime() async throws {
        let configuration = EmulatorHarness.configuration { $0.tokenLifetime = 1 }
        try await EmulatorHarness.withEmulator(configuration) { emulator in
            let response = try await emulator.form(
                "/oauth/token", Self.credentials(configuration.clientID, configuration.clientSecret))
            #expect(response.json["expires_in"] == 1)
            let token = try #require(response.json["access_token"]?.stringValue)
            try await Task.sleep(nanoseconds: 1_100_000_000)
            let expired = try await emulator.call(.get, "/v2/lm/scenarios", token: token)
            expired.expectError(401)
            #expect(expired.errorMessage?.localizedCaseInsensitiveContains("expired") == true)
        }
    }

    @Test(arguments: [TestingSetup.router, .live])
    func eachAPIOnlyAcceptsTokensOfItsOwnClient(_ setup: TestingSetup) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(), setup: setup) { emulator in
            let configuration = emulator.configuration
            let destination = try await emulator.form(
                "/oauth/token",
                Self.credentials(configuration.destinationClientID, configuration.destinationClientSecret))
            #expect(destination.status == 200)
            let destinationToken = try #require(destination.json["access_token"]?.stringValue)

            try await emulator.call(.get, "/v2/lm/scenarios", token: destinationToken).expectError(401)
            try await emulator.call(.get, "/v2/admin/resourceGroups", group: nil, token: destinationToken)
                .expectError(401)
            try await emulator.call(
                .get, "/destination-configuration/v1/subaccountDestinations", group: nil, token: emulator.token
            ).expectError(401)

            let list = try await emulator.call(
                .get, "/destination-configuration/v1/subaccountDestinations", group: nil, token: destinationToken)
            #expect(list.status == 200)
            #expect(list.json == [])
        }
    }

    @Test(arguments: [
        nil, "", "Bearer", "Bearer ", "Bearer garbage", "Bearer emu1.aicore.notanumber.abc", "Basic Zm9vOmJhcg==",
    ])
    func aMissingOrGarbageBearerIsUnauthorized(_ authorization: String?) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            for path in [
                "/v2/lm/scenarios", "/v2/admin/resourceGroups", "/destination-configuration/v1/subaccountDestinations",
            ] {
                var headers: HTTPFields = [EmulatorHarness.resourceGroupHeader: "default"]
                if let authorization { headers[.authorization] = authorization }
                let response = try await emulator.send(.get, path, headers: headers, raw: nil)
                response.expectError(401)
            }
        }
    }

    @Test func theBearerSchemeIsCaseInsensitive() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            let headers: HTTPFields = [
                .authorization: "bearer \(emulator.token)", EmulatorHarness.resourceGroupHeader: "default",
            ]
            try await emulator.send(.get, "/v2/lm/scenarios", headers: headers, raw: nil).expectSuccess()
        }
    }
}
