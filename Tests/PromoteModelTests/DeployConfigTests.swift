import Testing

@testable import PromoteModel

/// Loading `cicd/config.json`: the format in use today (DESIGN.md §3), overlays, variables and `--only`.
@Suite struct DeployConfigTests {
    /// DESIGN.md §3's example, copied verbatim: the format AI Core teams use today must load unchanged.
    static let designExample = """
        {
          "clean_up": true,
          "artifacts": [ { "key": "example-dataset", "name": "Example Dataset", "kind": "dataset",
                           "url": "ai://default/cicd/example.txt", "scenario_id": "cicdexample" } ],
          "executions": [ { "configuration": { "name": "Configuration CI/CD Example Training", "scenario_id": "cicdexample",
                              "executable_id": "cicdexample",
                              "parameter_bindings": [ { "key": "envexample", "value": "test1" } ],
                              "input_artifact_bindings": [ { "key": "example-dataset" } ] },
                            "wait_for_status": "COMPLETED" } ],
          "deployments": [ { "existing_deployment_id": "de43dcb158de6825",
                             "configuration": { "name": "Configuration CI/CD Example Serving", "scenario_id": "cicdexample",
                               "executable_id": "cicdexample2",
                               "parameter_bindings": [ { "key": "envexample", "value": "test1" } ],
                               "input_artifact_bindings": [] },
                             "destination_name": "AI_CORE_DEPLOYMENT", "wait_for_status": "RUNNING" } ]
        }
        """

    static let substitutions = [
        "PROMOTE_COMMIT": "0123456789abcdef0123456789abcdef01234567", "PROMOTE_COMMIT_SHORT": "0123456",
        "PROMOTE_STAGE": "tst",
    ]

    static func load(_ base: String, overlay: String? = nil, substitutions: [String: String] = substitutions)
        throws(DeployConfigError) -> DeployConfig
    {
        try DeployConfigLoader.load(
            base: Array(base.utf8), basePath: "cicd/config.json", overlay: overlay.map { Array($0.utf8) },
            overlayPath: overlay == nil ? nil : "cicd/config.tst.json", substitutions: substitutions)
    }

    /// The error text loading gives, or nil when it loads.
    static func failure(_ base: String, overlay: String? = nil) -> String? {
        do {
            _ = try load(base, overlay: overlay)
            return nil
        } catch {
            return error.description
        }
    }

    /// A config with one execution whose only parameter has `value` (already JSON text).
    static func config(parameterValue value: String) -> String {
        """
        {"executions": [{"configuration": {"name": "train", "scenario_id": "cicdexample", "executable_id": "cicdexample",
          "parameter_bindings": [{"key": "image", "value": \(value)}]}}]}
        """
    }

    @Test func designExampleLoadsFieldByField() throws {
        let config = try Self.load(Self.designExample)
        #expect(config.cleanUp)

        #expect(config.artifacts.count == 1)
        let artifact = try #require(config.artifacts.first)
        #expect(artifact.key == "example-dataset")
        #expect(artifact.name == "Example Dataset")
        #expect(artifact.kind == .dataset)
        #expect(artifact.url == "ai://default/cicd/example.txt")
        #expect(artifact.scenarioID == "cicdexample")
        #expect(artifact.description == nil)
        #expect(artifact.labels.isEmpty)

        #expect(config.executions.count == 1)
        let execution = try #require(config.executions.first)
        #expect(execution.configuration.name == "Configuration CI/CD Example Training")
        #expect(execution.configuration.scenarioID == "cicdexample")
        #expect(execution.configuration.executableID == "cicdexample")
        #expect(execution.configuration.parameterBindings == [ParameterBindingSpec(key: "envexample", value: "test1")])
        #expect(
            execution.configuration.inputArtifactBindings == [
                ArtifactBindingSpec(key: "example-dataset", artifactKey: "example-dataset")
            ])
        #expect(execution.waitForStatus == "COMPLETED")
        #expect(execution.existingDeploymentID == nil)
        #expect(execution.destinationName == nil)

        #expect(config.deployments.count == 1)
        let deployment = try #require(config.deployments.first)
        #expect(deployment.configuration.name == "Configuration CI/CD Example Serving")
        #expect(deployment.configuration.scenarioID == "cicdexample")
        #expect(deployment.configuration.executableID == "cicdexample2")
        #expect(deployment.configuration.parameterBindings == [ParameterBindingSpec(key: "envexample", value: "test1")])
        #expect(deployment.configuration.inputArtifactBindings.isEmpty)
        #expect(deployment.waitForStatus == "RUNNING")
        #expect(deployment.existingDeploymentID == "de43dcb158de6825")
        #expect(deployment.destinationName == "AI_CORE_DEPLOYMENT")

        #expect(config.artifact(forKey: "example-dataset") == artifact)
    }

    @Test func optionalPartsDefault() throws {
        let config = try Self.load("{}")
        #expect(config == DeployConfig(cleanUp: false, artifacts: [], executions: [], deployments: []))
    }

    @Test func labelsDescriptionAndNamedArtifactBinding() throws {
        let config = try Self.load(
            """
            {
              "artifacts": [{"key": "training-data-v2", "name": "Training data", "kind": "dataset",
                             "url": "s3://bucket/data/v2", "scenario_id": "cicdexample", "description": "v2 of the data",
                             "labels": [{"key": "ext.ai.sap.com/version", "value": "2"},
                                        {"key": "ext.ai.sap.com/team", "value": ""}]}],
              "executions": [{"configuration": {"name": "train", "scenario_id": "cicdexample",
                              "executable_id": "cicdexample",
                              "input_artifact_bindings": [{"key": "dataset", "artifact": "training-data-v2"}]}}]
            }
            """)
        let artifact = try #require(config.artifacts.first)
        #expect(artifact.description == "v2 of the data")
        #expect(
            artifact.labels == [
                LabelSpec(key: "ext.ai.sap.com/version", value: "2"), LabelSpec(key: "ext.ai.sap.com/team", value: ""),
            ])
        #expect(
            config.executions.first?.configuration.inputArtifactBindings == [
                ArtifactBindingSpec(key: "dataset", artifactKey: "training-data-v2")
            ])
        #expect(config.executions.first?.configuration.parameterBindings == [])
    }

    // MARK: Overlays

    /// A stage's overlay changes a parameter by replacing the executions array (RFC 7386 replaces arrays whole) and
    /// deletes `clean_up` with null; everything else stays as the base file has it.
    @Test func overlayReplacesExecutionsAndDeletesCleanUp() throws {
        let overlay = """
            {
              "clean_up": null,
              "executions": [ { "configuration": { "name": "Configuration CI/CD Example Training",
                                  "scenario_id": "cicdexample", "executable_id": "cicdexample",
                                  "parameter_bindings": [ { "key": "envexample", "value": "tst-value" } ],
                                  "input_artifact_bindings": [ { "key": "example-dataset" } ] },
                                "wait_for_status": "COMPLETED" } ]
            }
            """
        let base = try Self.load(Self.designExample)
        let config = try Self.load(Self.designExample, overlay: overlay)
        #expect(!config.cleanUp)
        #expect(
            config.executions.first?.configuration.parameterBindings == [
                ParameterBindingSpec(key: "envexample", value: "tst-value")
            ])
        #expect(
            config.executions.first?.configuration.inputArtifactBindings
                == base.executions.first?.configuration.inputArtifactBindings)
        #expect(config.artifacts == base.artifacts)
        #expect(config.deployments == base.deployments)
    }

    @Test func problemsFromTheOverlayNameTheOverlay() {
        let base = """
            {
              "executions": [{"configuration": {"name": "train", "scenario_id": "cicdexample",
                              "executable_id": "cicdexample", "parameter_bindings": [{"key": "epochs", "value": "1"}]}}],
              "deployments": [{"configuration": {"name": "serve", "scenario_id": "cicdexample",
                               "executable_id": "cicdexample2"}, "wait_for_status": "COMPLETED"}]
            }
            """
        let overlay = """
            {
              "cleanup": false,
              "executions": [{"configuration": {"name": "train", "scenario_id": "cicdexample",
                              "executable_id": "cicdexample", "parameter_bindings": [{"key": "epochs", "value": 10}]}}]
            }
            """
        #expect(
            Self.failure(base, overlay: overlay) == """
                the deploy config has 3 problems; fix them and run again:
                  cicd/config.json: $.deployments[0].wait_for_status: a deployment never reaches COMPLETED (it runs until it is stopped); wait for RUNNING
                  cicd/config.tst.json: $.cleanup: unknown key (did you mean "clean_up"?); allowed keys: clean_up, artifacts, executions, deployments, schedules
                  cicd/config.tst.json: $.executions[0].configuration.parameter_bindings[0].value: expected a string, got an integer; quote it: "10"
                """)
    }

    static let baseWithBoundArtifact = """
        {"artifacts": [{"key": "data", "name": "Data", "kind": "dataset", "url": "ai://default/data",
                        "scenario_id": "cicdexample"}],
         "executions": [{"configuration": {"name": "train", "scenario_id": "cicdexample",
                         "executable_id": "cicdexample", "input_artifact_bindings": [{"key": "data"}]}}]}
        """

    /// Arrays are replaced whole, so an overlay that means to change one field of an artifact replaces the artifact.
    @Test func overlayReplacingAnArrayIsNamedForEveryProblemInIt() {
        #expect(
            Self.failure(Self.baseWithBoundArtifact, overlay: #"{"artifacts": [{"key": "data", "url": "ai://x/y"}]}"#)
                == """
                the deploy config has 3 problems; fix them and run again:
                  cicd/config.tst.json: $.artifacts[0].name: required key is missing
                  cicd/config.tst.json: $.artifacts[0].kind: required key is missing
                  cicd/config.tst.json: $.artifacts[0].scenario_id: required key is missing
                """)
    }

    /// The problem is where the dangling binding is; the deletion itself is fine.
    @Test func overlayDeletingArtifactsLeavesTheBaseBindingDangling() {
        #expect(
            Self.failure(Self.baseWithBoundArtifact, overlay: #"{"artifacts": null}"#) == """
                the deploy config has 1 problem; fix them and run again:
                  cicd/config.json: $.executions[0].configuration.input_artifact_bindings[0].key: "data" is not an artifact key: the config declares no artifacts; add it to "artifacts"
                """)
    }

    @Test func overlayMustBeAnObject() {
        #expect(
            Self.failure(Self.designExample, overlay: "[]") == """
                the deploy config has 1 problem; fix them and run again:
                  cicd/config.tst.json: $: expected an object (a JSON merge patch), got an array
                """)
    }

    @Test func overlaySyntaxErrorsNameTheOverlayWithLineAndColumn() {
        #expect(
            Self.failure(Self.designExample, overlay: "{\n  \"clean_up\": false,\n}\n") == """
                the deploy config has 1 problem; fix them and run again:
                  cicd/config.tst.json: $: not valid JSON: line 2, column 20: trailing comma before '}'; remove it
                """)
    }

    @Test func pathsSetByAPatch() {
        let target: JSONValue = ["a": ["b": 1, "c": 2], "d": [1, 2], "e": "x"]
        let patch: JSONValue = ["a": ["b": nil, "f": 3], "d": [3], "e": ["g": 1], "h": 4]
        #expect(DeployConfigLoader.pathsSet(byPatch: patch, on: target) == ["$.a.b", "$.a.f", "$.d", "$.e", "$.h"])
        #expect(DeployConfigLoader.pathsSet(byPatch: [1], on: target) == ["$"])
        #expect(DeployConfigLoader.isPath("$.d[0].x", under: "$.d"))
        #expect(!DeployConfigLoader.isPath("$.dd", under: "$.d"))
    }

    // MARK: Variables

    @Test func variablesAreFilledInParameterValues() throws {
        let config = try Self.load(
            Self.config(parameterValue: #""registry/train:${PROMOTE_COMMIT_SHORT} ${PROMOTE_COMMIT} ${PROMOTE_STAGE}""#)
        )
        #expect(
            config.executions.first?.configuration.parameterBindings.first?.value
                == "registry/train:0123456 0123456789abcdef0123456789abcdef01234567 tst")
    }

    @Test func variablesAreFilledOnlyInParameterValues() throws {
        let config = try Self.load(
            """
            {"executions": [{"configuration": {"name": "train ${PROMOTE_STAGE}", "scenario_id": "cicdexample",
              "executable_id": "cicdexample", "parameter_bindings": [{"key": "${PROMOTE_STAGE}", "value": "v"}]}}]}
            """)
        #expect(config.executions.first?.configuration.name == "train ${PROMOTE_STAGE}")
        #expect(config.executions.first?.configuration.parameterBindings.first?.key == "${PROMOTE_STAGE}")
    }

    @Test func substitutionIsOnePassAndKeepsUnsetSupportedNames() throws {
        #expect(
            try DeployConfigLoader.substitute("a${PROMOTE_STAGE}b", values: ["PROMOTE_STAGE": "${PROMOTE_COMMIT}"])
                == "a${PROMOTE_COMMIT}b")
        #expect(try DeployConfigLoader.substitute("${PROMOTE_COMMIT}", values: [:]) == "${PROMOTE_COMMIT}")
        #expect(try DeployConfigLoader.substitute("$PROMOTE_STAGE $ {x}", values: [:]) == "$PROMOTE_STAGE $ {x}")
        #expect(try DeployConfigLoader.substitute("", values: [:]) == "")
    }

    @Test func unknownVariableIsAnError() {
        #expect(
            Self.failure(Self.config(parameterValue: #""train:${FOO}""#)) == """
                the deploy config has 1 problem; fix them and run again:
                  cicd/config.json: $.executions[0].configuration.parameter_bindings[0].value: unknown variable ${FOO} in "train:${FOO}"; the supported variables are ${PROMOTE_COMMIT}, ${PROMOTE_COMMIT_SHORT}, ${PROMOTE_STAGE}
                """)
    }

    @Test func unterminatedVariableIsAnError() {
        #expect(
            Self.failure(Self.config(parameterValue: #""train:${PROMOTE_COMMIT""#)) == """
                the deploy config has 1 problem; fix them and run again:
                  cicd/config.json: $.executions[0].configuration.parameter_bindings[0].value: "train:${PROMOTE_COMMIT" has a "${" without a closing "}"; the supported variables are ${PROMOTE_COMMIT}, ${PROMOTE_COMMIT_SHORT}, ${PROMOTE_STAGE}
                """)
    }

    // MARK: --only

    @Test func filteredByConfigurationNameKeepsItsArtifacts() throws {
        let config = try Self.load(Self.designExample)
        let filtered = try config.filtered(only: ["Configuration CI/CD Example Training"])
        #expect(filtered.executions == config.executions)
        #expect(filtered.deployments.isEmpty)
        #expect(filtered.artifacts == config.artifacts)
        #expect(filtered.cleanUp == config.cleanUp)
    }

    @Test func filteredByExecutableIDDropsUnboundArtifacts() throws {
        let config = try Self.load(Self.designExample)
        let filtered = try config.filtered(only: ["cicdexample2"])
        #expect(filtered.executions.isEmpty)
        #expect(filtered.deployments == config.deployments)
        #expect(filtered.artifacts.isEmpty)
    }

    @Test func filteredByBothKeepsBoth() throws {
        let config = try Self.load(Self.designExample)
        #expect(try config.filtered(only: ["cicdexample", "Configuration CI/CD Example Serving"]) == config)
        #expect(try config.filtered(only: []) == config)
    }

    @Test func filteredByUnknownNamesListsTheKnownOnes() throws {
        let config = try Self.load(Self.designExample)
        #expect(
            throws: DeployConfigError.unknownNames(
                ["train", "serve"],
                known: [
                    "Configuration CI/CD Example Serving", "Configuration CI/CD Example Training", "cicdexample",
                    "cicdexample2",
                ])
        ) {
            try config.filtered(only: ["train", "cicdexample", "serve", "train"])
        }
        do {
            _ = try config.filtered(only: ["train"])
        } catch {
            #expect(
                error.description
                    == #""train" is neither a configuration name nor an executable ID in the deploy config; known: "Configuration CI/CD Example Serving", "Configuration CI/CD Example Training", "cicdexample", "cicdexample2""#
            )
        }
    }

    // MARK: Errors

    @Test func missingFileSaysWhatToDo() {
        #expect(
            DeployConfigError.missingFile(path: "cicd/config.json", commit: "abc1234").description
                == "cicd/config.json does not exist at commit abc1234; commit it, or change deploy.config (or "
                + "deploy.overlay) in the stage file to the path where it is")
        #expect(
            DeployConfigError.missingFile(path: "cicd/config.tst.json", commit: nil).errorDescription?.hasPrefix(
                "cicd/config.tst.json does not exist; ") == true)
    }
}
