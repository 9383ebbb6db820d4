import Testing

@testable import PromoteModel

/// `ConfigTemplateCheck`: a stage's deploy config checked against the templates of the same commit.
@Suite struct ConfigTemplateCheckTests {
    typealias F = DiffFixtures

    static func templates() throws -> [ExecutableTemplate] {
        [try F.training(), try F.serving()]
    }

    /// The problems of the fixture config with `edits` applied (each an exact, unique replacement).
    static func problems(_ edits: (String, String)...) throws -> [TemplateProblem] {
        var text = F.config
        for (old, new) in edits { text = try F.edit(text, old, new) }
        return ConfigTemplateCheck.check(try F.loadConfig(text), templates: try templates(), configFile: F.configFile)
    }

    static func problem(_ path: String, _ message: String, executable: String) -> TemplateProblem {
        TemplateProblem(file: F.configFile, path: path, message: message, severity: .error, executableID: executable)
    }

    static let trainConfiguration = "$.executions[0].configuration"
    static let serveConfiguration = "$.deployments[0].configuration"

    @Test func matchingConfigHasNoProblems() throws {
        #expect(try Self.problems() == [])
    }

    /// Parameters with a default need no binding; a config without executions or deployments has nothing to check.
    @Test func optionalBindingsAndEmptyConfigsHaveNoProblems() throws {
        #expect(try Self.problems((#"{"key": "epochs", "value": "2"}, "#, "")) == [])
        #expect(try Self.problems((#"{"key": "greeting", "value": "hello"}"#, "")) == [])
        let empty = try F.loadConfig(#"{"clean_up": true}"#)
        #expect(ConfigTemplateCheck.check(empty, templates: try Self.templates(), configFile: F.configFile) == [])
    }

    @Test func unknownExecutable() throws {
        #expect(
            try Self.problems((#""executable_id": "train-model""#, #""executable_id": "train-modle""#)) == [
                Self.problem(
                    "\(Self.trainConfiguration).executable_id",
                    #"configuration "train": no template defines executable "train-modle" in scenario "demo-scenario" "#
                        + "(known there: serve-model, train-model)",
                    executable: "train-modle")
            ])
    }

    @Test func unknownExecutableWithNoTemplatesAtAll() throws {
        let config = try F.loadConfig(F.config)
        #expect(
            ConfigTemplateCheck.check(config, templates: [], configFile: F.configFile) == [
                Self.problem(
                    "\(Self.trainConfiguration).executable_id",
                    #"configuration "train": no template defines executable "train-model" in scenario "demo-scenario" "#
                        + "(known there: none)",
                    executable: "train-model"),
                Self.problem(
                    "\(Self.serveConfiguration).executable_id",
                    #"configuration "serve": no template defines executable "serve-model" in scenario "demo-scenario" "#
                        + "(known there: none)",
                    executable: "serve-model"),
            ])
    }

    /// The executable exists, but in another scenario than the configuration says.
    @Test func wrongScenario() throws {
        // Without artifact bindings, which the loader would refuse across scenarios.
        let problems = try Self.problems(
            (
                #""scenario_id": "demo-scenario", "executable_id": "train-model""#,
                #""scenario_id": "other-scenario", "executable_id": "train-model""#
            ),
            (#""input_artifact_bindings": [{"key": "dataset"}]"#, #""input_artifact_bindings": []"#))
        #expect(
            problems == [
                Self.problem(
                    "\(Self.trainConfiguration).executable_id",
                    #"configuration "train": no template defines executable "train-model" in scenario "other-scenario": "#
                        + #"it is in scenario "demo-scenario" (templates/train.yaml), not "other-scenario""#,
                    executable: "train-model")
            ])
    }

    @Test func servingTemplateUnderExecutions() throws {
        let config = """
            {"artifacts": [{"key": "model", "name": "House model", "kind": "model", "url": "ai://default/models/house",
               "scenario_id": "demo-scenario"}],
             "executions": [{"configuration": {"name": "serve", "scenario_id": "demo-scenario",
               "executable_id": "serve-model", "input_artifact_bindings": [{"key": "model"}]}}]}
            """
        #expect(
            ConfigTemplateCheck.check(
                try F.loadConfig(config), templates: try Self.templates(), configFile: F.configFile)
                == [
                    Self.problem(
                        "\(Self.trainConfiguration).executable_id",
                        #"configuration "serve": "serve-model" is a ServingTemplate (templates/serve.yaml); list it "#
                            + "under deployments, not executions",
                        executable: "serve-model")
                ])
    }

    @Test func workflowTemplateUnderDeployments() throws {
        let problems = try Self.problems(
            (#""executable_id": "serve-model""#, #""executable_id": "train-model""#),
            (
                #""parameter_bindings": [{"key": "greeting", "value": "hello"}]"#,
                #""parameter_bindings": [{"key": "learningRate", "value": "0.1"}]"#
            ),
            (#""input_artifact_bindings": [{"key": "model"}]"#, #""input_artifact_bindings": [{"key": "dataset"}]"#))
        #expect(
            problems == [
                Self.problem(
                    "\(Self.serveConfiguration).executable_id",
                    #"configuration "serve": "train-model" is a WorkflowTemplate (templates/train.yaml); list it "#
                        + "under executions, not deployments",
                    executable: "train-model")
            ])
    }

    /// Parameter names are case-sensitive: AI Core would leave such an execution DEAD or PENDING.
    @Test func undeclaredParameter() throws {
        let problems = try Self.problems(
            (
                #"{"key": "learningRate", "value": "0.01"}"#,
                #"{"key": "learningRate", "value": "0.01"}, {"key": "Epochs", "value": "9"}"#
            ))
        #expect(
            problems == [
                Self.problem(
                    "\(Self.trainConfiguration).parameter_bindings[2].key",
                    #"configuration "train": parameter "Epochs" is not declared by "train-model" (declared: epochs, "#
                        + "learningRate)",
                    executable: "train-model")
            ])
    }

    @Test func parameterWithoutDefaultNotBound() throws {
        let problems = try Self.problems((#", {"key": "learningRate", "value": "0.01"}"#, ""))
        #expect(
            problems == [
                Self.problem(
                    "\(Self.trainConfiguration).parameter_bindings",
                    #"configuration "train": parameter "learningRate" of "train-model" has no default and is not "#
                        + "bound; bind it or give it a default in templates/train.yaml",
                    executable: "train-model")
            ])
    }

    @Test func unboundInputArtifact() throws {
        let problems = try Self.problems(
            (#""input_artifact_bindings": [{"key": "model"}]"#, #""input_artifact_bindings": []"#))
        #expect(
            problems == [
                Self.problem(
                    "\(Self.serveConfiguration).input_artifact_bindings",
                    #"configuration "serve": input artifact "model" of "serve-model" is not bound; add "#
                        + #"{"key": "model"} with an artifact of that key"#,
                    executable: "serve-model")
            ])
    }

    /// The output artifact of a workflow is not one of its inputs.
    @Test func bindingToANonInput() throws {
        let problems = try Self.problems(
            (
                #""input_artifact_bindings": [{"key": "dataset"}]"#,
                #""input_artifact_bindings": [{"key": "dataset"}, {"key": "model"}]"#
            ))
        #expect(
            problems == [
                Self.problem(
                    "\(Self.trainConfiguration).input_artifact_bindings[1].key",
                    #"configuration "train": "model" is not an input artifact of "train-model" (inputs: dataset)"#,
                    executable: "train-model")
            ])
    }

    @Test func artifactKindMismatch() throws {
        let problems = try Self.problems(
            (
                #""input_artifact_bindings": [{"key": "dataset"}]"#,
                #""input_artifact_bindings": [{"key": "dataset", "artifact": "model"}]"#
            ))
        #expect(
            problems == [
                Self.problem(
                    "\(Self.trainConfiguration).input_artifact_bindings[0]",
                    #"configuration "train": input "dataset" of "train-model" takes a dataset, but artifact "model" "#
                        + "is a model",
                    executable: "train-model")
            ])
    }

    /// Every problem of every configuration, executions before deployments, in config order.
    @Test func severalProblemsInConfigOrder() throws {
        let problems = try Self.problems(
            (#", {"key": "learningRate", "value": "0.01"}"#, #", {"key": "rate", "value": "0.01"}"#),
            (
                #""input_artifact_bindings": [{"key": "model"}]"#,
                #""input_artifact_bindings": [{"key": "model", "artifact": "dataset"}]"#
            ))
        #expect(
            problems == [
                Self.problem(
                    "\(Self.trainConfiguration).parameter_bindings[1].key",
                    #"configuration "train": parameter "rate" is not declared by "train-model" (declared: epochs, "#
                        + "learningRate)",
                    executable: "train-model"),
                Self.problem(
                    "\(Self.trainConfiguration).parameter_bindings",
                    #"configuration "train": parameter "learningRate" of "train-model" has no default and is not "#
                        + "bound; bind it or give it a default in templates/train.yaml",
                    executable: "train-model"),
                Self.problem(
                    "\(Self.serveConfiguration).input_artifact_bindings[0]",
                    #"configuration "serve": input "model" of "serve-model" takes a model, but artifact "dataset" "#
                        + "is a dataset",
                    executable: "serve-model"),
            ])
    }

    /// The check runs on the config as the stage loads it: a problem the overlay introduces is found.
    @Test func overlayMergedConfig() throws {
        let overlay = #"""
            {"deployments": [{"configuration": {"name": "serve", "scenario_id": "demo-scenario",
               "executable_id": "serve-model", "parameter_bindings": [{"key": "greting", "value": "hi"}],
               "input_artifact_bindings": [{"key": "model"}]}}]}
            """#
        let config = try F.loadConfig(F.config, overlay: overlay)
        #expect(
            ConfigTemplateCheck.check(config, templates: try Self.templates(), configFile: F.configFile) == [
                Self.problem(
                    "\(Self.serveConfiguration).parameter_bindings[0].key",
                    #"configuration "serve": parameter "greting" is not declared by "serve-model" (declared: greeting)"#,
                    executable: "serve-model")
            ])
    }

    // MARK: Schedules

    /// The fixture config with `schedules` (JSON text of the array).
    static func scheduled(_ schedules: String) throws -> DeployConfig {
        try F.loadConfig(
            try F.edit(F.config, #""clean_up": false,"#, #""clean_up": false, "schedules": \#(schedules),"#))
    }

    static func check(_ config: DeployConfig) throws -> [TemplateProblem] {
        ConfigTemplateCheck.check(config, templates: try templates(), configFile: F.configFile)
    }

    @Test func fittingSchedulesHaveNoProblems() throws {
        let config = try Self.scheduled(
            """
            [{"name": "nightly", "configuration": "train", "cron": "0 2 * * *"},
             {"name": "weekly", "cron": "0 3 * * 1", "configuration": {"name": "train-weekly",
               "scenario_id": "demo-scenario", "executable_id": "train-model",
               "parameter_bindings": [{"key": "learningRate", "value": "0.1"}],
               "input_artifact_bindings": [{"key": "dataset"}]}}]
            """)
        #expect(try Self.check(config) == [])
    }

    /// A declared configuration gets every check an execution's gets, at its own path.
    @Test func aDeclaredScheduleConfigurationIsCheckedLikeAnExecutions() throws {
        let config = try Self.scheduled(
            """
            [{"name": "weekly", "cron": "0 3 * * 1", "configuration": {"name": "train-weekly",
               "scenario_id": "demo-scenario", "executable_id": "train-model",
               "parameter_bindings": [{"key": "rate", "value": "0.1"}]}}]
            """)
        let path = "$.schedules[0].configuration"
        #expect(
            try Self.check(config) == [
                Self.problem(
                    "\(path).parameter_bindings[0].key",
                    #"configuration "train-weekly": parameter "rate" is not declared by "train-model" (declared: "#
                        + "epochs, learningRate)",
                    executable: "train-model"),
                Self.problem(
                    "\(path).parameter_bindings",
                    #"configuration "train-weekly": parameter "learningRate" of "train-model" has no default and is "#
                        + "not bound; bind it or give it a default in templates/train.yaml",
                    executable: "train-model"),
                Self.problem(
                    "\(path).input_artifact_bindings",
                    #"configuration "train-weekly": input artifact "dataset" of "train-model" is not bound; add "#
                        + #"{"key": "dataset"} with an artifact of that key"#,
                    executable: "train-model"),
            ])
    }

    @Test func aScheduleOfAServingTemplateIsAnError() throws {
        let config = try Self.scheduled(
            """
            [{"name": "hourly-serve", "cron": "0 * * * *", "configuration": {"name": "serve-hourly",
               "scenario_id": "demo-scenario", "executable_id": "serve-model",
               "input_artifact_bindings": [{"key": "model"}]}}]
            """)
        #expect(
            try Self.check(config) == [
                Self.problem(
                    "$.schedules[0].configuration.executable_id",
                    #"configuration "serve-hourly": "serve-model" is a ServingTemplate (templates/serve.yaml); a "#
                        + "schedule starts executions, so it needs a workflow (serving templates belong under "
                        + "deployments)",
                    executable: "serve-model")
            ])
    }

    /// An execution wrongly running a serving template is reported there, and the schedule that names it says what
    /// that means for it.
    @Test func aScheduleNamingAServingExecutionIsAnErrorToo() throws {
        var text = try F.edit(
            F.config, #""executable_id": "train-model","#, #""executable_id": "serve-model","#)
        let trainingBindings = #"[{"key": "epochs", "value": "2"}, {"key": "learningRate", "value": "0.01"}],"#
        text = try F.edit(text, #""parameter_bindings": "# + trainingBindings, "")
        text = try F.edit(
            text, #""input_artifact_bindings": [{"key": "dataset"}]"#,
            #""input_artifact_bindings": [{"key": "model"}]"#)
        text = try F.edit(
            text, #""clean_up": false,"#,
            #""clean_up": false, "schedules": [{"name": "nightly", "configuration": "train", "cron": "0 2 * * *"}],"#)
        let problems = try Self.check(try F.loadConfig(text))
        #expect(
            problems == [
                Self.problem(
                    "\(Self.trainConfiguration).executable_id",
                    #"configuration "train": "serve-model" is a ServingTemplate (templates/serve.yaml); list it under "#
                        + "deployments, not executions",
                    executable: "serve-model"),
                Self.problem(
                    "$.schedules[0].configuration",
                    #"schedule "nightly": configuration "train" runs "serve-model", a ServingTemplate "#
                        + "(templates/serve.yaml); a schedule starts executions, so it needs a workflow",
                    executable: "serve-model"),
            ])
    }
}
