import Foundation
import Testing

@testable import PromoteModel

/// `schedules` in `cicd/config.json`: execution schedules, each running a workflow configuration on a cron.
@Suite struct DeployConfigScheduleTests {
    typealias T = DeployConfigTests

    /// The design example plus `schedules` (JSON text of the array).
    static func config(schedules: String) -> String {
        let example = T.designExample
        guard let close = example.range(of: "}", options: .backwards) else { return example }
        return example.replacingCharacters(in: close, with: "  ,\"schedules\": \(schedules)\n}")
    }

    static let twoSchedules = config(
        schedules: """
            [
                { "name": "weekly-retrain", "configuration": "Configuration CI/CD Example Training",
                  "cron": "0 3 * * 1" },
                { "name": "monthly-evaluation",
                  "configuration": { "name": "Monthly evaluation", "scenario_id": "cicdexample",
                    "executable_id": "cicdexample",
                    "parameter_bindings": [ { "key": "envexample", "value": "${PROMOTE_STAGE}" } ],
                    "input_artifact_bindings": [ { "key": "example-dataset" } ] },
                  "cron": "30 4 1  * *", "start": "2026-01-01T01:00:00+01:00", "end": "2027-01-01T00:00:00.25Z",
                  "status": "INACTIVE" }
              ]
            """)

    static func date(_ text: String) throws -> Date { try RFC3339Timestamp.parse(text) }

    @Test func schedulesLoadFieldByField() throws {
        let config = try T.load(Self.twoSchedules)
        #expect(config.schedules.count == 2)
        let weekly = try #require(config.schedules.first)
        #expect(weekly.name == "weekly-retrain")
        #expect(weekly.configuration == config.executions.first?.configuration)
        #expect(!weekly.declaresConfiguration)
        #expect(weekly.cron == (try CronExpression(parsing: "0 3 * * 1")))
        #expect(weekly.start == nil && weekly.end == nil)
        #expect(weekly.status == .active)

        let monthly = config.schedules[1]
        #expect(monthly.name == "monthly-evaluation")
        #expect(monthly.declaresConfiguration)
        #expect(monthly.configuration.name == "Monthly evaluation")
        #expect(monthly.configuration.executableID == "cicdexample")
        // Variables are filled in a declared configuration as in any other.
        #expect(monthly.configuration.parameterBindings == [ParameterBindingSpec(key: "envexample", value: "tst")])
        #expect(
            monthly.configuration.inputArtifactBindings == [
                ArtifactBindingSpec(key: "example-dataset", artifactKey: "example-dataset")
            ])
        #expect(monthly.cron.description == "30 4 1 * *")
        #expect(monthly.start == (try Self.date("2026-01-01T00:00:00Z")))
        #expect(monthly.end == (try Self.date("2027-01-01T00:00:00.25Z")))
        #expect(monthly.status == .inactive)

        // Every configuration promote needs, each once: the executions', the deployments', then the schedules'.
        #expect(
            config.configurations.map(\.name) == [
                "Configuration CI/CD Example Training", "Configuration CI/CD Example Serving", "Monthly evaluation",
            ])
    }

    @Test func aScheduleMayNameAConfigurationAnotherScheduleDeclaresLater() throws {
        let config = try T.load(
            Self.config(
                schedules: """
                    [ { "name": "hourly", "configuration": "nightly", "cron": "0 * * * *" },
                      { "name": "nightly-run", "cron": "0 2 * * *",
                        "configuration": { "name": "nightly", "scenario_id": "cicdexample", "executable_id": "cicdexample" } } ]
                    """))
        #expect(config.schedules.map(\.configuration.name) == ["nightly", "nightly"])
        #expect(config.schedules.map(\.declaresConfiguration) == [false, true])
        #expect(config.configurations.filter { $0.name == "nightly" }.count == 1)
    }

    @Test func withoutSchedulesTheListIsEmpty() throws {
        #expect(try T.load(T.designExample).schedules == [])
        #expect(try T.load(Self.config(schedules: "[]")).schedules == [])
    }

    /// Every problem at once, each with the file and the JSON path, and what to do.
    @Test func everyProblemOfEverySchedule() {
        let schedules = """
            [
                { "name": "bad-cron", "configuration": "Configuration CI/CD Example Training", "cron": "0 25 * * *",
                  "when": "daily" },
                { "name": "bad-times", "configuration": "Configuration CI/CD Example Training", "cron": "0 3 * * 1",
                  "start": "2026-06-01", "end": "2026-06-01T00:00:00" },
                { "name": "backwards", "configuration": "Configuration CI/CD Example Training", "cron": "0 3 * * 1",
                  "start": "2026-06-01T00:00:00Z", "end": "2026-05-01T00:00:00Z", "status": "active" },
                { "name": "serving", "configuration": "Configuration CI/CD Example Serving", "cron": "0 3 * * 1" },
                { "name": "unknown", "configuration": "Configuration CI/CD Example Trainign", "cron": 5 },
                { "name": "bad-cron", "configuration": 7, "cron": "0 3 * *" },
                { "configuration": "Configuration CI/CD Example Training" },
                "weekly"
              ]
            """
        #expect(
            T.failure(Self.config(schedules: schedules)) == """
                the deploy config has 15 problems; fix them and run again:
                  cicd/config.json: $.schedules[7]: expected an object, got a string
                  cicd/config.json: $.schedules[0].when: unknown key; allowed keys: name, configuration, cron, start, end, status
                  cicd/config.json: $.schedules[0].cron: "0 25 * * *" is not a valid cron: field 2 (hour) value 25 is out of 0-23; e.g. "0 3 * * 1" runs at 03:00 UTC every Monday
                  cicd/config.json: $.schedules[1].start: "2026-06-01" has a date but no time and zone; write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00
                  cicd/config.json: $.schedules[1].end: "2026-06-01T00:00:00" has no time zone; add Z for UTC or an offset like +01:00 (write it like 2026-01-05T03:00:00Z (UTC) or 2026-01-05T04:00:00+01:00)
                  cicd/config.json: $.schedules[2].end: 2026-05-01T00:00:00Z is not after start 2026-06-01T00:00:00Z; a schedule ends after it starts
                  cicd/config.json: $.schedules[2].status: "active" is not a schedule status: use ACTIVE or INACTIVE (statuses are upper case)
                  cicd/config.json: $.schedules[4].cron: expected a string, got an integer
                  cicd/config.json: $.schedules[5].name: duplicate schedule name "bad-cron" (first at $.schedules[0]); schedule names must be unique, since promote finds schedules by name
                  cicd/config.json: $.schedules[5].configuration: expected a configuration name (a string) or a configuration object, got an integer
                  cicd/config.json: $.schedules[5].cron: "0 3 * *" is not a valid cron: '0 3 * *' has 4 fields; a cron has 5: minute hour day-of-month month day-of-week; e.g. "0 3 * * 1" runs at 03:00 UTC every Monday
                  cicd/config.json: $.schedules[6].name: required key is missing
                  cicd/config.json: $.schedules[6].cron: required key is missing
                  cicd/config.json: $.schedules[3].configuration: "Configuration CI/CD Example Serving" is a deployment's configuration; a schedule starts executions, so name an execution's configuration (or declare a workflow configuration here)
                  cicd/config.json: $.schedules[4].configuration: "Configuration CI/CD Example Trainign" is not a configuration of an execution or schedule; known: "Configuration CI/CD Example Training"
                """)
    }

    @Test func aDeclaredConfigurationIsValidatedLikeAnExecutions() {
        let schedules = """
            [ { "name": "nightly", "cron": "0 2 * * *",
                "configuration": { "name": "Configuration CI/CD Example Serving", "scenario_id": "cicdexample",
                  "executable_id": "Bad_ID", "input_artifact_bindings": [ { "key": "nothing" } ] } },
              { "name": "empty", "cron": "0 2 * * *", "configuration": " " },
              { "name": "missing", "cron": "0 2 * * *" } ]
            """
        #expect(
            T.failure(Self.config(schedules: schedules)) == """
                the deploy config has 5 problems; fix them and run again:
                  cicd/config.json: $.schedules[0].configuration.name: duplicate configuration name "Configuration CI/CD Example Serving" (first at $.deployments[0].configuration); configuration names must be unique, since promote finds configurations by name
                  cicd/config.json: $.schedules[0].configuration.executable_id: "Bad_ID" is not a valid executable ID: use 4 to 64 lower-case letters, digits and '-', starting and ending with a letter or digit
                  cicd/config.json: $.schedules[0].configuration.input_artifact_bindings[0].key: "nothing" is not an artifact key; known artifact keys: example-dataset
                  cicd/config.json: $.schedules[1].configuration: must not be empty
                  cicd/config.json: $.schedules[2].configuration: required key is missing; name the configuration of an execution ("configuration": "<name>") or declare one here as executions do
                """)
    }

    @Test func aConfigWithoutExecutionsSaysToDeclareTheConfiguration() {
        #expect(
            T.failure(#"{"schedules": [{"name": "n", "configuration": "train", "cron": "0 2 * * *"}]}"#) == """
                the deploy config has 1 problem; fix them and run again:
                  cicd/config.json: $.schedules[0].configuration: "train" is not a configuration of this config, which has no executions; declare the configuration here as an object with name, scenario_id and executable_id
                """)
    }

    /// A configuration that is declared but broken is reported once, where it is declared.
    @Test func aNamedConfigurationWithProblemsIsReportedOnlyWhereItIsDeclared() {
        let base = """
            {"executions": [{"configuration": {"name": "train", "scenario_id": "cicdexample", "executable_id": "X"}}],
             "schedules": [{"name": "n", "configuration": "train", "cron": "0 2 * * *"}]}
            """
        #expect(
            T.failure(base) == """
                the deploy config has 1 problem; fix them and run again:
                  cicd/config.json: $.executions[0].configuration.executable_id: "X" is not a valid executable ID: use 4 to 64 lower-case letters, digits and '-', starting and ending with a letter or digit
                """)
    }

    @Test func aCronThatNeverFiresOrNotInItsWindowIsRefused() {
        let schedules = """
            [ { "name": "leap", "configuration": "Configuration CI/CD Example Training", "cron": "0 0 30 2 *" },
              { "name": "window", "configuration": "Configuration CI/CD Example Training", "cron": "0 3 1 1 *",
                "start": "2026-02-01T00:00:00Z", "end": "2026-12-31T00:00:00Z" },
              { "name": "exactly-at-start", "configuration": "Configuration CI/CD Example Training",
                "cron": "0 3 1 1 *", "start": "2026-01-01T03:00:00Z", "end": "2026-01-01T03:00:01Z" },
              { "name": "long", "configuration": "Configuration CI/CD Example Training", "cron": "0 3 * * 1" } ]
            """
        #expect(
            T.failure(Self.config(schedules: schedules)) == """
                the deploy config has 2 problems; fix them and run again:
                  cicd/config.json: $.schedules[0].cron: "0 0 30 2 *" never fires: no date matches it; check the day and month fields
                  cicd/config.json: $.schedules[1].cron: "0 3 1 1 *" does not fire between start 2026-02-01T00:00:00Z and end 2026-12-31T00:00:00Z (its first time is 2027-01-01T03:00:00Z); move the end or change the cron
                """)
    }

    @Test func aNameLongerThanAICoreTakesIsRefused() {
        let name = String(repeating: "n", count: 257)
        #expect(
            T.failure(
                Self.config(
                    schedules:
                        #"[{"name": "\#(name)", "configuration": "Configuration CI/CD Example Training", "cron": "0 3 * * 1"}]"#
                )) == """
                    the deploy config has 1 problem; fix them and run again:
                      cicd/config.json: $.schedules[0].name: the name has 257 characters; AI Core allows at most 256
                    """)
    }

    // MARK: Overlays

    /// A stage's overlay changes a schedule as it changes executions: by replacing the `schedules` array (RFC 7386
    /// replaces arrays whole).
    @Test func prdChangesTheCronWithItsOverlay() throws {
        let overlay = """
            { "schedules": [ { "name": "weekly-retrain", "configuration": "Configuration CI/CD Example Training",
                               "cron": "0 4 * * 0" } ] }
            """
        let base = try T.load(Self.twoSchedules)
        let config = try T.load(Self.twoSchedules, overlay: overlay)
        #expect(config.schedules.map(\.name) == ["weekly-retrain"])
        #expect(config.schedules.first?.cron.description == "0 4 * * 0")
        #expect(config.schedules.first?.configuration == base.schedules.first?.configuration)
        #expect(config.executions == base.executions)
        // Without the schedule that declared it, its configuration is gone too.
        #expect(!config.configurations.contains { $0.name == "Monthly evaluation" })
        #expect(try T.load(Self.twoSchedules, overlay: #"{"schedules": null}"#).schedules == [])
    }

    @Test func scheduleProblemsFromTheOverlayNameTheOverlay() {
        let overlay = """
            { "schedules": [ { "name": "weekly-retrain", "configuration": "Configuration CI/CD Example Training",
                               "cron": "0 4 * * sun-mon/2", "status": "PAUSED" } ],
              "executions": null }
            """
        #expect(
            T.failure(Self.twoSchedules, overlay: overlay) == """
                the deploy config has 2 problems; fix them and run again:
                  cicd/config.tst.json: $.schedules[0].status: "PAUSED" is not a schedule status: use ACTIVE or INACTIVE
                  cicd/config.tst.json: $.schedules[0].configuration: "Configuration CI/CD Example Training" is not a configuration of this config, which has no executions; declare the configuration here as an object with name, scenario_id and executable_id
                """)
    }

    /// An overlay that takes away the execution a base schedule names leaves the schedule dangling in the base file.
    @Test func anOverlayRemovingTheNamedExecutionLeavesTheBaseScheduleDangling() {
        #expect(
            T.failure(Self.twoSchedules, overlay: #"{"executions": null}"#) == """
                the deploy config has 1 problem; fix them and run again:
                  cicd/config.json: $.schedules[0].configuration: "Configuration CI/CD Example Training" is not a configuration of an execution or schedule; known: "Monthly evaluation"
                """)
    }

    // MARK: --only

    @Test func onlyKeepsTheSchedulesOfTheKeptConfigurations() throws {
        let config = try T.load(Self.twoSchedules)
        let training = try config.filtered(only: ["Configuration CI/CD Example Training"])
        #expect(training.schedules.map(\.name) == ["weekly-retrain"])
        #expect(training.executions == config.executions)
        let monthly = try config.filtered(only: ["Monthly evaluation"])
        #expect(monthly.schedules.map(\.name) == ["monthly-evaluation"])
        #expect(monthly.executions.isEmpty && monthly.deployments.isEmpty)
        // Its configuration binds the dataset, so the artifact stays.
        #expect(monthly.artifacts == config.artifacts)
        #expect(monthly.configurations.map(\.name) == ["Monthly evaluation"])
        // An executable ID keeps every configuration of it, the schedules' too.
        #expect(try config.filtered(only: ["cicdexample"]).schedules.count == 2)
        #expect(throws: DeployConfigError.self) { try config.filtered(only: ["weekly-retrain"]) }
    }
}
