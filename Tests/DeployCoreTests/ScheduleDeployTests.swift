import AICore
import AICoreEmulator
import DeployCore
import Foundation
import PromoteCore
import PromoteModel
import TestSupport
import Testing

/// `schedules` reconciled by `promote deploy` against the emulator's `/v2/lm/executionSchedules` over loopback.
@Suite(.serialized) struct ScheduleDeployTests {
    static let weekly = """
        { "name": "weekly-retrain", "configuration": "Configuration CI/CD Example Training", "cron": "0 3 * * 1" }
        """

    static let monthly = """
        { "name": "monthly-evaluation", "status": "INACTIVE", "cron": "30 4 1 * *",
          "start": "2030-01-01T00:00:00Z", "end": "2031-01-01T00:00:00Z",
          "configuration": { "name": "Monthly evaluation", "scenario_id": "cicdexample", "executable_id": "cicdexample",
            "parameter_bindings": [ { "key": "envexample", "value": "monthly" } ],
            "input_artifact_bindings": [ { "key": "example-dataset" } ] } }
        """

    /// DESIGN.md §3's config with `schedules` (JSON objects); `cleanUp` false turns its `clean_up` off.
    static func config(_ schedules: [String], cleanUp: Bool = true) -> String {
        var config = DeployFixtures.designConfig
        if !cleanUp { config = config.replacingFirst(#""clean_up": true"#, with: #""clean_up": false"#) }
        return config.replacingLast("}", with: ",\n  \"schedules\": [\(schedules.joined(separator: ",\n"))]\n}")
    }

    /// The emulator's schedules of rg-dev by name.
    static func schedules(_ harness: DeployHarness) async throws -> [String: JSONValue] {
        Dictionary(
            try await harness.objects("/lm/executionSchedules").map { ($0["name"]?.stringValue ?? "", $0) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Requests to `/v2/lm/executionSchedules` (and below) the emulator answered, by method.
    static func scheduleRequests(_ harness: DeployHarness) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for (key, value) in try await harness.stats()["byPath"]?.objectValue?.members ?? [] {
            let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[1].hasPrefix("/v2/lm/executionSchedules") else { continue }
            counts[parts[0], default: 0] += value.intValue ?? 0
        }
        return counts
    }

    static func actions(_ report: DeployReport) -> [String] {
        report.schedules.map { "\($0.name) \($0.action.rawValue)" }
    }

    @Test func schedulesAreCreatedThenKeptWithoutAWrite() async throws {
        let harness = try await DeployHarness(
            repository: try DeployFixtures.repository(config: Self.config([Self.weekly, Self.monthly])))
        defer { Task { await harness.stop() } }
        let first = try await harness.deploy()
        #expect(first.outcome == "succeeded", "\(harness.lines.get().suffix(5))")
        #expect(Self.actions(first) == ["weekly-retrain created", "monthly-evaluation created"])
        #expect(first.configurations.map(\.name).contains("Monthly evaluation"))
        let training = try #require(first.configurations.first { $0.name == "Configuration CI/CD Example Training" })
        let evaluation = try #require(first.configurations.first { $0.name == "Monthly evaluation" })

        let listed = try await Self.schedules(harness)
        #expect(listed.count == 2)
        let weekly = try #require(listed["weekly-retrain"])
        #expect(weekly["cron"] == "0 3 * * 1")
        #expect(weekly["status"] == "ACTIVE")
        #expect(weekly["configurationId"]?.stringValue == training.id)
        let monthly = try #require(listed["monthly-evaluation"])
        #expect(monthly["status"] == "INACTIVE")
        #expect(monthly["configurationId"]?.stringValue == evaluation.id)
        #expect(
            monthly["start"]?.stringValue.flatMap { try? RFC3339Timestamp.parse($0) }
                == (try RFC3339Timestamp.parse("2030-01-01T00:00:00Z")))
        #expect(
            monthly["end"]?.stringValue.flatMap { try? RFC3339Timestamp.parse($0) }
                == (try RFC3339Timestamp.parse("2031-01-01T00:00:00Z")))
        #expect(first.schedules.map(\.id) == [weekly["id"]?.stringValue, monthly["id"]?.stringValue].compactMap { $0 })
        #expect(harness.lines.get().contains { $0.hasPrefix("[schedule weekly-retrain] created ") })

        let before = try await Self.scheduleRequests(harness)
        let second = try await harness.deploy()
        #expect(Self.actions(second) == ["weekly-retrain kept", "monthly-evaluation kept"])
        #expect(second.schedules.map(\.id) == first.schedules.map(\.id))
        // Kept means untouched: one list of the schedules, and no POST, PATCH or DELETE of one.
        let after = try await Self.scheduleRequests(harness)
        #expect(after["GET"] == (before["GET"] ?? 0) + 1)
        for method in ["POST", "PATCH", "DELETE"] { #expect(after[method] == before[method], "\(method)") }
        #expect(try await Self.schedules(harness).count == 2)
        #expect(second.renderSummary().contains("schedule       weekly-retrain"))
        #expect(second.renderSummary().contains("kept (0 3 * * 1)"))
        #expect(
            second.renderMarkdown().contains(
                "| schedule | monthly-evaluation | \(first.schedules[1].id) | INACTIVE | kept (30 4 1 * *) |"))
    }

    @Test func aChangedCronStatusAndConfigurationArePatchedInPlace() async throws {
        let harness = try await DeployHarness(
            repository: try DeployFixtures.repository(config: Self.config([Self.weekly])))
        defer { Task { await harness.stop() } }
        let first = try await harness.deploy()
        let id = try #require(first.schedules.first?.id)

        // A new parameter value makes a new configuration; the cron and the status change too.
        let changed = Self.config([
            Self.weekly.replacingOccurrences(of: #""0 3 * * 1" }"#, with: #""0 4 * * sun", "status": "INACTIVE" }"#)
        ]).replacingFirst(#""value": "test1""#, with: #""value": "test2""#)
        try harness.repository.commit("retrain on Sundays", files: ["cicd/config.json": changed])
        let second = try await harness.deploy()
        #expect(second.outcome == "succeeded")
        let report = try #require(second.schedules.first)
        #expect(report.action == .updated)
        #expect(report.changes == ["cron", "configuration", "status"])
        #expect(report.id == id)
        let training = try #require(second.configurations.first { $0.name == "Configuration CI/CD Example Training" })
        #expect(!training.reused)
        #expect(report.configurationID == training.id)
        let now = try #require(try await Self.schedules(harness)["weekly-retrain"])
        #expect(now["id"]?.stringValue == id)
        #expect(now["cron"] == "0 4 * * sun")
        #expect(now["status"] == "INACTIVE")
        #expect(now["configurationId"]?.stringValue == training.id)
        #expect(harness.lines.get().contains("[schedule weekly-retrain] updated \(id): cron, configuration, status"))
        #expect(second.renderSummary().contains("updated cron, configuration, status (0 4 * * sun)"))
    }

    /// dev's overlay (`cicd/config.dev.json`) changes the cron by replacing the schedules, as stages do.
    @Test func theStagesOverlayDecidesTheCron() async throws {
        let overlay = """
            { "schedules": [ { "name": "weekly-retrain", "configuration": "Configuration CI/CD Example Training",
                               "cron": "15 1 * * 2" } ] }
            """
        let harness = try await DeployHarness(
            repository: try DeployFixtures.repository(
                config: Self.config([Self.weekly]), files: ["cicd/config.dev.json": overlay]))
        defer { Task { await harness.stop() } }
        let report = try await harness.deploy()
        #expect(report.schedules.map(\.cron) == ["15 1 * * 2"])
        #expect(try await Self.schedules(harness)["weekly-retrain"]?["cron"] == "15 1 * * 2")
    }

    @Test func aScheduleDroppedFromTheConfigIsRemovedOnlyByCleanUp() async throws {
        let harness = try await DeployHarness(
            repository: try DeployFixtures.repository(config: Self.config([Self.weekly, Self.monthly], cleanUp: false)))
        defer { Task { await harness.stop() } }
        let first = try await harness.deploy()
        let monthlyID = try #require(first.schedules.last?.id)

        try harness.repository.commit(
            "drop the evaluation, no clean-up", files: ["cicd/config.json": Self.config([Self.weekly], cleanUp: false)])
        let kept = try await harness.deploy()
        #expect(Self.actions(kept) == ["weekly-retrain kept"])
        #expect(try await Self.schedules(harness).keys.sorted() == ["monthly-evaluation", "weekly-retrain"])

        try harness.repository.commit(
            "drop the evaluation with clean-up", files: ["cicd/config.json": Self.config([Self.weekly])])
        let cleaned = try await harness.deploy()
        #expect(Self.actions(cleaned) == ["weekly-retrain kept", "monthly-evaluation removed"])
        let removed = try #require(cleaned.schedules.last)
        #expect(removed.id == monthlyID)
        #expect(removed.configuration == "Monthly evaluation")
        #expect(try await Self.schedules(harness).keys.sorted() == ["weekly-retrain"])
        #expect(
            harness.lines.get().contains(
                "[schedule monthly-evaluation] removed \(monthlyID): the config no longer lists it"))

        // Without any schedules left in the config, clean-up removes the last one too.
        try harness.repository.commit("no schedules", files: ["cicd/config.json": DeployFixtures.designConfig])
        let none = try await harness.deploy()
        #expect(Self.actions(none) == ["weekly-retrain removed"])
        #expect(try await Self.schedules(harness).isEmpty)
    }

    /// Clean-up reaches only the config's scenarios, unless the stage says `resource_group`.
    @Test func cleanUpLeavesSchedulesOfOtherScenariosUnlessTheStageSaysOtherwise() async throws {
        let other = TemplateFixtures.training().replacingOccurrences(of: "demo-scenario", with: "other-scenario")
        let repository = try DeployFixtures.repository(
            config: Self.config([Self.weekly]), files: ["templates/other.yaml": other])
        let harness = try await DeployHarness(repository: repository)
        defer { Task { await harness.stop() } }
        _ = try await harness.deploy()
        let client = harness.makeClient()
        defer { Task { await client.shutdown() } }
        let artifact = try await client.createArtifact(
            name: "d", kind: "dataset", url: "ai://default/d", scenarioID: "other-scenario", description: nil,
            labels: [])
        let foreign = try await client.createConfiguration(
            name: "foreign", scenarioID: "other-scenario", executableID: "train-model", parameterBindings: [],
            inputArtifactBindings: [BindingPair(key: "dataset", value: artifact.id)])
        let foreignSchedule = try await client.createSchedule(
            name: "someone-elses", configurationID: foreign.id, cron: "0 5 * * *", start: nil, end: nil, known: [])

        let scoped = try await harness.deploy()
        #expect(Self.actions(scoped) == ["weekly-retrain kept"])
        #expect(try await Self.schedules(harness)["someone-elses"] != nil)

        try repository.commit(
            "clean the whole group",
            files: [
                "stages/dev.json": DeployFixtures.stage("dev", branch: "main", from: nil, cleanUp: "resource_group")
            ])
        let everything = try await harness.deploy()
        #expect(Self.actions(everything) == ["weekly-retrain kept", "someone-elses removed"])
        #expect(everything.schedules.last?.id == foreignSchedule.id)
        #expect(everything.schedules.last?.configuration == "foreign")
        #expect(try await Self.schedules(harness).keys.sorted() == ["weekly-retrain"])
    }

    /// A schedule is identified by its name: a second one with the same name (made by hand, or by an earlier tool)
    /// is removed, and the one that already matches is the one kept.
    @Test func aSecondScheduleWithTheSameNameIsRemoved() async throws {
        let harness = try await DeployHarness(
            repository: try DeployFixtures.repository(config: Self.config([Self.weekly], cleanUp: false)))
        defer { Task { await harness.stop() } }
        let first = try await harness.deploy()
        let original = try #require(first.schedules.first)
        let client = harness.makeClient()
        defer { Task { await client.shutdown() } }
        let copy = try await client.createSchedule(
            name: "weekly-retrain", configurationID: original.configurationID, cron: "0 9 * * *", start: nil, end: nil,
            known: [])
        let second = try await harness.deploy()
        #expect(Self.actions(second) == ["weekly-retrain kept", "weekly-retrain removed"])
        #expect(second.schedules.first?.id == original.id)
        #expect(second.schedules.last?.id == copy.id)
        let left = try await harness.objects("/lm/executionSchedules")
        #expect(left.compactMap { $0["id"]?.stringValue } == [original.id])
    }

    /// AI Core cannot clear an end once set: removing `end` from the config replaces the schedule.
    @Test func clearingTheEndReplacesTheSchedule() async throws {
        let ending = Self.weekly.replacingOccurrences(
            of: #""0 3 * * 1" }"#, with: #""0 3 * * 1", "end": "2040-01-01T00:00:00Z" }"#)
        let harness = try await DeployHarness(repository: try DeployFixtures.repository(config: Self.config([ending])))
        defer { Task { await harness.stop() } }
        let first = try await harness.deploy()
        let id = try #require(first.schedules.first?.id)
        #expect(try await Self.schedules(harness)["weekly-retrain"]?["end"] != nil)

        try harness.repository.commit("no end", files: ["cicd/config.json": Self.config([Self.weekly])])
        let second = try await harness.deploy()
        let report = try #require(second.schedules.first)
        #expect(report.action == .updated)
        #expect(report.changes == ["end"])
        #expect(report.id != id)
        let now = try await harness.objects("/lm/executionSchedules")
        #expect(now.count == 1)
        #expect(now.first?["id"]?.stringValue == report.id)
        #expect(now.first?["end"] == nil)
        #expect(harness.lines.get().contains { $0.contains("replaced \(id) by \(report.id) to change end") })
    }

    @Test func onlyTouchesTheSchedulesOfTheNamedConfigurations() async throws {
        let harness = try await DeployHarness(
            repository: try DeployFixtures.repository(config: Self.config([Self.weekly, Self.monthly])))
        defer { Task { await harness.stop() } }
        let report = try await harness.deploy(only: ["Monthly evaluation"])
        #expect(Self.actions(report) == ["monthly-evaluation created"])
        #expect(report.executions.isEmpty && report.deployments.isEmpty)
        #expect(report.configurations.map(\.name) == ["Monthly evaluation"])
        #expect(try await Self.schedules(harness).keys.sorted() == ["monthly-evaluation"])

        // Clean-up with --only removes only schedules of the named configurations.
        let full = try await harness.deploy()
        #expect(Self.actions(full) == ["weekly-retrain created", "monthly-evaluation kept"])
        try harness.repository.commit("drop both", files: ["cicd/config.json": DeployFixtures.designConfig])
        let dropped = try await harness.deploy(only: ["Configuration CI/CD Example Training"])
        #expect(Self.actions(dropped) == ["weekly-retrain removed"])
        #expect(try await Self.schedules(harness).keys.sorted() == ["monthly-evaluation"])
    }

    /// A schedule of a serving template is refused with every other misfit, before anything is written.
    @Test func aScheduleThatDoesNotFitTheSyncedTemplatesIsRefusedBeforeAnyWrite() async throws {
        let serving = """
            { "name": "hourly-serving", "cron": "0 * * * *",
              "configuration": { "name": "Serving on a schedule", "scenario_id": "cicdexample",
                "executable_id": "cicdexample2", "parameter_bindings": [ { "key": "epochs", "value": "1" } ] } }
            """
        let harness = try await DeployHarness(
            repository: try DeployFixtures.repository(config: Self.config([Self.weekly, serving])))
        defer { Task { await harness.stop() } }
        let before = try await harness.stats()["writes"]
        await #expect {
            _ = try await harness.deploy()
        } throws: { error in
            guard case DeployError.configDoesNotFit(let problems) = error else { return false }
            return problems == [
                "schedules[1] (hourly-serving): executable 'cicdexample2' is a serving template; a schedule starts executions, so it needs a workflow",
                "schedules[1] (hourly-serving): parameter 'epochs' is not declared by 'cicdexample2' (declared: envexample)",
            ]
        }
        #expect(try await harness.stats()["writes"] == before)
        #expect(try await harness.objects("/lm/executionSchedules").isEmpty)
    }

    /// The deploy record in git notes lists the schedules with what happened to them.
    @Test func theDeployRecordListsTheSchedules() async throws {
        let repository = try DeployFixtures.repository(config: Self.config([Self.weekly]))
        let workspace = try Workspace(path: repository.path)
        let output = DeployOutput { _ in }
        let report = try await StageDeployment.run(
            workspace: workspace, stageName: "dev", revision: nil,
            options: DeployOptions(timeout: 30, pollInterval: 0.02, maxPollInterval: 0.2), target: .emulator,
            environment: [:], output: output)
        #expect(Self.actions(report) == ["weekly-retrain created"])
        let note = try repository.git(["notes", "--ref", StageDeployment.notesRef, "show", "main"])
        let record = try JSONValue(parsing: Array(try #require(note.split(separator: "\n").last).utf8))
        let schedules = try #require(record["schedules"]?.arrayValue)
        #expect(schedules.count == 1)
        #expect(schedules.first?["name"] == "weekly-retrain")
        #expect(schedules.first?["id"]?.stringValue == report.schedules[0].id)
        #expect(schedules.first?["action"] == "created")
    }
}
