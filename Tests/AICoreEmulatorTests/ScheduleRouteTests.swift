import AICoreEmulator
import Foundation
import HTTPTypes
import PromoteModel
import TestSupport
import Testing

/// Execution schedules (`/v2/lm/executionSchedules`): the spec's shapes and codes, and executions started on the
/// schedule clock, which tests run fast.
@Suite struct ScheduleRouteTests {
    /// A synced emulator whose schedule clock runs `rate` times real time, with a training and a serving
    /// configuration; `body` gets the client and both ids.
    private func withConfigurations(
        clockRate rate: Double = 1,
        _ body: @escaping @Sendable (EmulatorClient, _ training: String, _ serving: String) async throws -> Void
    ) async throws {
        let repository = try TemplateFixtures.repository()
        let configuration = EmulatorHarness.configuration(repository: repository) { $0.scheduleClockRate = rate }
        try await EmulatorHarness.withEmulator(configuration) { emulator in
            try await emulator.syncApplication(repository: repository)
            let dataset = try await emulator.create(
                "/v2/lm/artifacts",
                ["name": "data", "kind": "dataset", "url": "ai://default/data", "scenarioId": "demo-scenario"])
            let model = try await emulator.create(
                "/v2/lm/artifacts",
                ["name": "model", "kind": "model", "url": "ai://default/model", "scenarioId": "demo-scenario"])
            let training = try await emulator.create(
                "/v2/lm/configurations",
                [
                    "name": "nightly", "scenarioId": "demo-scenario", "executableId": "train-model",
                    "inputArtifactBindings": [["key": "dataset", "artifactId": .string(dataset)]],
                ])
            let serving = try await emulator.create(
                "/v2/lm/configurations",
                [
                    "name": "serve", "scenarioId": "demo-scenario", "executableId": "serve-model",
                    "parameterBindings": [["key": "greeting", "value": "hi"]],
                    "inputArtifactBindings": [["key": "model", "artifactId": .string(model)]],
                ])
            try await body(emulator, training, serving)
        }
    }

    private static func with(_ object: JSONObject, _ changes: [String: JSONValue]) -> JSONObject {
        var changed = object
        for (key, value) in changes { changed[key] = value }
        return changed
    }

    private static func without(_ object: JSONObject, _ key: String) -> JSONObject {
        var changed = object
        changed[key] = nil
        return changed
    }

    @Test func aScheduleIsCreatedListedChangedAndDeleted() async throws {
        try await withConfigurations { emulator, training, _ in
            let created = try await emulator.call(
                .post, "/v2/lm/executionSchedules",
                [
                    "name": "nightly retrain", "configurationId": .string(training), "cron": "0 3 * * *",
                    "end": "2099-01-01T00:00:00Z",
                ])
            #expect(created.status == 202, "\(created.text)")
            #expect(created.json["message"] == "Execution Schedule created")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.headers[.location] == "/v2/lm/executionSchedules/\(id)")

            let one = try await emulator.call(.get, "/v2/lm/executionSchedules/\(id)")
            one.expectSuccess()
            #expect(one.json["name"] == "nightly retrain")
            #expect(one.json["cron"] == "0 3 * * *")
            #expect(one.json["status"] == "ACTIVE")
            #expect(one.json["configurationId"] == .string(training))
            #expect(one.json["end"] == "2099-01-01T00:00:00.000000Z")
            #expect(one.json["start"]?.stringValue.map(WireTimeFormat.matches) == true)
            #expect(
                one.json.objectValue?.keys.sorted()
                    == ["configurationId", "createdAt", "cron", "end", "id", "modifiedAt", "name", "start", "status"])

            let changed = try await emulator.call(
                .patch, "/v2/lm/executionSchedules/\(id)", ["cron": "30 4 * * 1-5", "status": "INACTIVE"])
            #expect(changed.status == 202, "\(changed.text)")
            #expect(changed.json == ["id": .string(id), "message": "Execution Schedule modified"])
            let after = try await emulator.call(.get, "/v2/lm/executionSchedules/\(id)").json
            #expect(after["cron"] == "30 4 * * 1-5")
            #expect(after["status"] == "INACTIVE")

            let inactive = try await emulator.call(.get, "/v2/lm/executionSchedules?status=INACTIVE")
            #expect(inactive.json["count"] == 1)
            #expect(try await emulator.call(.get, "/v2/lm/executionSchedules?status=ACTIVE").json["count"] == 0)
            let byConfiguration = try await emulator.call(
                .get, "/v2/lm/executionSchedules?configurationId=\(training)")
            #expect(byConfiguration.json.resourceStrings("id") == [id])
            let count = try await emulator.call(.get, "/v2/lm/executionSchedules/$count")
            #expect(count.text == "1")
            #expect(count.headers[.contentType] == "text/plain")

            let deleted = try await emulator.call(.delete, "/v2/lm/executionSchedules/\(id)")
            #expect(deleted.status == 202)
            #expect(deleted.json == ["id": .string(id), "message": "Execution Schedule deleted"])
            try await emulator.call(.get, "/v2/lm/executionSchedules/\(id)").expectError(404)
            try await emulator.call(.delete, "/v2/lm/executionSchedules/\(id)").expectError(404)
            try await emulator.call(.patch, "/v2/lm/executionSchedules/\(id)", ["cron": "* * * * *"]).expectError(404)
        }
    }

    @Test func badSchedulesAreRefusedNamingTheField() async throws {
        try await withConfigurations { emulator, training, serving in
            let valid: JSONObject = ["name": "s", "configurationId": .string(training), "cron": "0 3 * * *"]
            let cases: [(JSONObject, String)] = [
                (Self.with(valid, ["cron": "0 25 * * *"]), "cron field 2 (hour) value 25 is out of 0-23"),
                (Self.with(valid, ["cron": "daily"]),
                 "cron 'daily' has 1 field; a cron has 5: minute hour day-of-month month day-of-week"),
                (Self.with(valid, ["configurationId": "nope-config"]),
                 "Configuration nope-config not found in resource group default"),
                (Self.with(valid, ["configurationId": .string(serving)]),
                 "Configuration \(serving) runs the serving template serve-model; a schedule starts executions, so it needs a workflow"),
                (Self.with(valid, ["start": "2030-01-02T00:00:00Z", "end": "2030-01-01T00:00:00Z"]),
                 "end 2030-01-01T00:00:00.000000Z is not after start 2030-01-02T00:00:00.000000Z"),
                (Self.with(valid, ["start": "tomorrow"]),
                 "start must be an RFC 3339 timestamp like 2026-01-01T03:00:00Z"),
                (Self.without(valid, "name"), "name is required"),
                (Self.without(valid, "cron"), "cron is required"),
                (Self.without(valid, "configurationId"), "configurationId is required"),
            ]
            for (body, message) in cases {
                try await emulator.call(.post, "/v2/lm/executionSchedules", .object(body))
                    .expectError(400, message: message)
            }
            #expect(try await emulator.call(.get, "/v2/lm/executionSchedules").json["count"] == 0)
            let id = try await emulator.create("/v2/lm/executionSchedules", .object(valid))
            try await emulator.call(.patch, "/v2/lm/executionSchedules/\(id)", ["status": "PAUSED"])
                .expectError(400, message: "status must be ACTIVE or INACTIVE")
            try await emulator.call(.get, "/v2/lm/executionSchedules?status=PAUSED").expectError(400)
        }
    }

    /// At 600 times real time, `* * * * *` fires every tenth of a second: executions start, name the schedule,
    /// and stop starting once the schedule is inactive.
    @Test func anActiveScheduleStartsExecutionsOnItsCron() async throws {
        try await withConfigurations(clockRate: 600) { emulator, training, _ in
            let id = try await emulator.create(
                "/v2/lm/executionSchedules",
                ["name": "every minute", "configurationId": .string(training), "cron": "* * * * *"])
            let started = try await emulator.waitFor("/v2/lm/executions?executionScheduleId=\(id)") {
                ($0["count"]?.intValue ?? 0) >= 2
            }
            #expect((started["count"]?.intValue ?? 0) >= 2, "\(started.serialized())")
            for execution in started["resources"]?.arrayValue ?? [] {
                #expect(execution["executionScheduleId"] == .string(id))
                #expect(execution["configurationId"] == .string(training))
            }
            let other = try await emulator.call(.get, "/v2/lm/executions?executionScheduleId=other-schedule")
            #expect(other.json["count"] == 0)

            let first = try #require(started["resources"]?.arrayValue?.first?["id"]?.stringValue)
            let done = try await emulator.waitFor("/v2/lm/executions/\(first)") { $0["status"] == "COMPLETED" }
            #expect(done["status"] == "COMPLETED")

            try await emulator.call(.patch, "/v2/lm/executionSchedules/\(id)", ["status": "INACTIVE"])
                .expectSuccess(202)
            let settled = try await emulator.call(.get, "/v2/lm/executions?executionScheduleId=\(id)").json["count"]
            try await Task.sleep(nanoseconds: 400_000_000)
            let later = try await emulator.call(.get, "/v2/lm/executions?executionScheduleId=\(id)").json["count"]
            #expect(later == settled, "an inactive schedule starts nothing")
        }
    }

    @Test func aScheduleWaitsForItsStartAndStopsAtItsEnd() async throws {
        try await withConfigurations(clockRate: 600) { emulator, training, _ in
            let future = try await emulator.create(
                "/v2/lm/executionSchedules",
                [
                    "name": "later", "configurationId": .string(training), "cron": "* * * * *",
                    "start": "2099-01-01T00:00:00Z",
                ])
            let past = try await emulator.create(
                "/v2/lm/executionSchedules",
                [
                    "name": "over", "configurationId": .string(training), "cron": "* * * * *",
                    "start": "2020-01-01T00:00:00Z", "end": "2020-02-01T00:00:00Z",
                ])
            try await Task.sleep(nanoseconds: 500_000_000)
            for id in [future, past] {
                let executions = try await emulator.call(.get, "/v2/lm/executions?executionScheduleId=\(id)")
                #expect(executions.json["count"] == 0, "\(id): \(executions.text)")
            }
        }
    }
}
