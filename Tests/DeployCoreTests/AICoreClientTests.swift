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

    /// A training configuration of the fixture's scenario, for schedules to run.
    private func trainingConfiguration(_ client: AICoreClient) async throws -> ConfigurationInfo {
        let dataset = try await client.createArtifact(
            name: "data", kind: "dataset", url: "ai://default/data", scenarioID: "demo-scenario", description: nil,
            labels: [])
        return try await client.createConfiguration(
            name: "nightly", scenarioID: "demo-scenario", executableID: "train-model", parameterBindings: [],
            inputArtifactBindings: [BindingPair(key: "dataset", value: dataset.id)])
    }

    @Test func schedulesAreCreatedListedCountedChangedAndDeleted() async throws {
        try await withEmulator({ _ in }) { _, client in
            try await client.refreshApplication("demo-app")
            let configuration = try await trainingConfiguration(client)
            let created = try await client.createSchedule(
                name: "nightly", configurationID: configuration.id, cron: "0 2 * * *", start: "2030-01-01T00:00:00Z",
                end: nil, known: [])
            #expect(created.name == "nightly" && created.cron == "0 2 * * *" && created.status == "ACTIVE")
            let other = try await client.createSchedule(
                name: "weekly", configurationID: configuration.id, cron: "0 3 * * 1", start: nil, end: nil, known: [])

            let read = try await client.schedule(created.id)
            #expect(read.configurationID == configuration.id)
            let start = try RFC3339Timestamp.parse("2030-01-01T00:00:00Z")
            #expect(read.start.flatMap { try? RFC3339Timestamp.parse($0) } == start)
            #expect(read.createdAt != nil && read.modifiedAt != nil)
            #expect(Set(try await client.schedules().map(\.id)) == [created.id, other.id])
            #expect(try await client.scheduleCount() == 2)

            let change = ScheduleChange(cron: "0 4 * * *", end: "2031-01-01T00:00:00Z", status: "INACTIVE")
            try await client.modifySchedule(created.id, change)
            let changed = try await client.schedule(created.id)
            #expect(changed.cron == "0 4 * * *" && changed.status == "INACTIVE")
            let end = try RFC3339Timestamp.parse("2031-01-01T00:00:00Z")
            #expect(changed.end.flatMap { try? RFC3339Timestamp.parse($0) } == end)
            #expect(try await client.schedules(status: "INACTIVE").map(\.id) == [created.id])
            #expect(try await client.scheduleCount(status: "ACTIVE") == 1)
            #expect(try await client.schedules(configurationID: "nosuchconfiguration").isEmpty)
            #expect(try await client.scheduleCount(configurationID: configuration.id) == 2)

            try await client.deleteSchedule(created.id)
            // Already gone counts as deleted.
            try await client.deleteSchedule(created.id)
            await #expect {
                _ = try await client.schedule(created.id)
            } throws: { error in
                (error as? AICoreError)?.status == 404
            }
            #expect(try await client.schedules().map(\.id) == [other.id])
        }
    }

    @Test func scheduleCreatesAndChangesWhoseAnswerIsLostAreNotDuplicated() async throws {
        try await withEmulator({
            $0.faults = (try? FaultPlan.parse("lm:drop=0.3,5xx=0.1")) ?? .none
            $0.seed = 5
        }) { _, client in
            try await client.refreshApplication("demo-app")
            _ = try await client.applicationStatus("demo-app")
            let configuration = try await trainingConfiguration(client)
            var known = Set<String>()
            for index in 0..<10 {
                let schedule = try await client.createSchedule(
                    name: "schedule \(index)", configurationID: configuration.id, cron: "\(index) 3 * * *",
                    start: nil, end: nil, known: known)
                known.insert(schedule.id)
                try await client.modifySchedule(schedule.id, ScheduleChange(cron: "\(index) 4 * * *"))
            }
            let schedules = try await client.schedules()
            #expect(schedules.count == 10)
            #expect(Set(schedules.map(\.name)).count == 10)
            #expect(Set(schedules.map(\.id)) == known)
            #expect(schedules.allSatisfy { $0.cron.hasSuffix(" 4 * * *") })
        }
    }
}
