import AICore
import AICoreEmulator
import Foundation
import PromoteModel
import TestSupport
import Testing

/// The AI API client's token handling and retry rules, against the emulator.
@Suite(.serialized) struct AICoreClientTests {
    private func withEmulator(
        _ adjust: @escaping (inout EmulatorConfiguration) -> Void,
        _ body: (RunningEmulator, AICoreClient) async throws -> Void,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 15, baseDelay: 0.01, maxDelay: 0.05), secret: String? = nil
    ) async throws {
        let repository = try TemplateFixtures.repository()
        var configuration = EmulatorConfiguration(port: 0, repositories: [(name: "fixture", url: repository.path)])
        configuration.syncDelay = 0
        adjust(&configuration)
        let emulator = try await EmulatorServer.start(configuration)
        let client = AICoreClient(
            credentials: AICoreCredentials(
                authURL: emulator.rootURL, baseURL: emulator.rootURL, clientID: configuration.clientID,
                clientSecret: secret ?? configuration.clientSecret, resourceGroup: "default"),
            timeout: 5, retry: retry)
        do {
            try await client.createApplication(
                name: "demo-app", repositoryURL: repository.path, revision: "main", path: "templates")
            try await body(emulator, client)
        } catch {
            await client.shutdown()
            await emulator.stop()
            throw error
        }
        await client.shutdown()
        await emulator.stop()
    }

    private func stats(_ emulator: RunningEmulator) async -> JSONValue {
        await emulator.stats()
    }

    @Test func theURLsAreCompletedLikeTheSDKDoes() {
        let credentials = AICoreCredentials(
            authURL: "https://auth.example.com/", baseURL: "https://api.example.com/", clientID: "c", clientSecret: "s",
            resourceGroup: "g")
        #expect(credentials.authURL == "https://auth.example.com/oauth/token")
        #expect(credentials.baseURL == "https://api.example.com/v2")
        #expect(!credentials.description.contains("s,") && !"\(credentials)".contains("clientSecret"))
        // The path is completed before a query, never after it.
        let query = AICoreCredentials(
            authURL: "https://auth.example.com/tenant/?grant=1", baseURL: "https://api.example.com", clientID: "c",
            clientSecret: "s", resourceGroup: "g")
        #expect(query.authURL == "https://auth.example.com/tenant/oauth/token?grant=1")
        let complete = AICoreCredentials(
            authURL: "https://auth.example.com/oauth/token?x=y", baseURL: "https://api.example.com", clientID: "c",
            clientSecret: "s", resourceGroup: "g")
        #expect(complete.authURL == "https://auth.example.com/oauth/token?x=y")
    }

    @Test func oneTokenIsReusedAndRenewedBeforeItExpires() async throws {
        // Long enough that five calls fit in it even on a loaded machine; renewal happens at 90% of the lifetime.
        try await withEmulator({ $0.tokenLifetime = 8 }) { emulator, client in
            for _ in 0..<5 { _ = try await client.artifacts() }
            #expect(await stats(emulator)["byRoute"]?["oauth POST"] == 1)
            try await Task.sleep(nanoseconds: 8_000_000_000)
            _ = try await client.artifacts()
            #expect(await stats(emulator)["byRoute"]?["oauth POST"] == 2)
        }
    }

    @Test func wrongCredentialsAreNamedWithoutTheSecret() async throws {
        let repository = try TemplateFixtures.repository()
        let emulator = try await EmulatorServer.start(
            EmulatorConfiguration(port: 0, repositories: [(name: "f", url: repository.path)]))
        let client = AICoreClient(
            credentials: AICoreCredentials(
                authURL: emulator.authURL, baseURL: emulator.baseURL, clientID: "promote-emulator",
                clientSecret: "definitely-wrong",
                resourceGroup: "default"))
        await #expect(throws: AICoreError.authenticationFailed(service: "AI Core", url: emulator.authURL, status: 401)) {
            _ = try await client.artifacts()
        }
        #expect(
            !AICoreError.authenticationFailed(service: "AI Core", url: emulator.authURL, status: 401).localizedDescription.contains(
                "definitely-wrong"))
        await client.shutdown()
        await emulator.stop()
    }

    @Test func readsAreRetriedThroughServerErrorsAndRetryAfterIsHonoured() async throws {
        try await withEmulator({
            $0.faults = (try? FaultPlan.parse("lm:5xx=0.3,429=0.1,retry-after=0")) ?? .none
            $0.seed = 7
        }) { emulator, client in
            for _ in 0..<20 { _ = try await client.artifacts() }
            let byRoute = await stats(emulator)["byRoute"]?["lm GET"]?.intValue ?? 0
            #expect(byRoute > 20)
        }
        try await withEmulator(
            { $0.faults = (try? FaultPlan.parse("lm:429=1,retry-after=1")) ?? .none },
            { _, client in
                let started = Date()
                await #expect(throws: AICoreError.self) { _ = try await client.artifacts() }
                #expect(Date().timeIntervalSince(started) >= 0.9)
            }, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.05))
    }

    @Test func createsWhoseAnswerIsLostAreNotDuplicated() async throws {
        try await withEmulator({
            $0.faults = (try? FaultPlan.parse("lm:drop=0.3,5xx=0.1")) ?? .none
            $0.seed = 3
        }) { _, client in
            try await client.refreshApplication("demo-app")
            _ = try await client.applicationStatus("demo-app")
            for index in 0..<12 {
                _ = try await client.createArtifact(
                    name: "artifact \(index)", kind: "dataset", url: "ai://default/\(index)",
                    scenarioID: "demo-scenario",
                    description: nil, labels: [])
            }
            // Dropped answers and 5xx made some creates' outcome unknown; look-ups kept each to exactly one object.
            let names = try await client.artifacts().map(\.name)
            #expect(names.count == 12)
            #expect(Set(names).count == 12)
        }
    }
}
