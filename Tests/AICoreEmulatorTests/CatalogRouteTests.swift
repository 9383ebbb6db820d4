import AICoreEmulator
import Foundation
import HTTPTypes
import HummingbirdTesting
import PromoteModel
import TestSupport
import Testing

/// Scenarios, executables, artifacts and configurations (ai-api.md §6.3–§6.5).
@Suite struct CatalogRouteTests {
    private static let scenario = TemplateFixtures.scenario

    private static func artifact(
        _ name: String, kind: String = "dataset", url: String? = nil, labels: [(String, String)] = []
    ) -> JSONValue {
        var body: JSONObject = [
            "name": .string(name), "kind": .string(kind), "url": .string(url ?? "ai://default/\(name)"),
            "scenarioId": .string(scenario),
        ]
        if !labels.isEmpty {
            body["labels"] = .array(labels.map { ["key": .string($0.0), "value": .string($0.1)] })
        }
        return .object(body)
    }

    private static func names(_ response: EmulatorResponse) -> [String] { response.json.resourceStrings("name") }

    // MARK: artifacts

    @Test(arguments: [TestingSetup.router, .live])
    func anArtifactIsCreatedAndReadBack(_ setup: TestingSetup) async throws {
        try await EmulatorHarness.withSyncedFixture(setup: setup) { emulator in
            var body =
                Self.artifact(
                    "house-data", url: "s3://bucket/house/data.csv", labels: [("ext.ai.sap.com/team", "ml")]
                ).objectValue ?? [:]
            body["description"] = "Houses"
            let created = try await emulator.call(.post, "/v2/lm/artifacts", .object(body))
            created.expectSuccess(201)
            #expect(created.json.objectValue?.keys.sorted() == ["id", "message", "url"])
            #expect(created.json["message"] == "Artifact acknowledged")
            #expect(created.json["url"] == "s3://bucket/house/data.csv")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(id.range(of: #"^[\w.-]{4,64}$"#, options: .regularExpression) != nil)

            let artifact = try await emulator.call(.get, "/v2/lm/artifacts/\(id)")
            artifact.expectSuccess()
            #expect(artifact.json["id"] == .string(id))
            #expect(artifact.json["name"] == "house-data")
            #expect(artifact.json["kind"] == "dataset")
            #expect(artifact.json["url"] == "s3://bucket/house/data.csv")
            #expect(artifact.json["scenarioId"] == .string(Self.scenario))
            #expect(artifact.json["description"] == "Houses")
            #expect(artifact.json["labels"] == [["key": "ext.ai.sap.com/team", "value": "ml"]])
            for key in ["createdAt", "modifiedAt"] {
                #expect(artifact.json[key]?.stringValue.map(WireTimeFormat.matches) == true, "\(key)")
            }
            #expect(artifact.json["scenario"] == nil)
            #expect(artifact.json.nullPaths.isEmpty)

            let expanded = try await emulator.call(.get, "/v2/lm/artifacts/\(id)?%24expand=scenario")
            expanded.expectSuccess()
            #expect(expanded.json["scenario"]?["id"] == .string(Self.scenario))
            #expect(expanded.json["scenario"]?["name"] == "Demo scenario")

            try await emulator.call(.get, "/v2/lm/artifacts/0123456789abcdef").expectError(404)
            try await emulator.call(.post, "/v2/admin/resourceGroups", ["resourceGroupId": "other"], group: nil)
                .expectSuccess(202)
            try await emulator.call(.get, "/v2/lm/artifacts/\(id)", group: "other").expectError(404)
            #expect(try await emulator.call(.get, "/v2/lm/artifacts", group: "other").json["count"] == 0)
        }
    }

    /// [spec] artifact creation answers 201 with a `Location` header (ai-api.md §6.4).
    @Test func artifactCreationSendsALocationHeader() async throws {
        try await EmulatorHarness.withSyncedFixture { emulator in
            let created = try await emulator.call(.post, "/v2/lm/artifacts", Self.artifact("located"))
            created.expectSuccess(201)
            let id = try #require(created.json["id"]?.stringValue)
            let location = created.headers[.location]
            #expect(location?.contains(id) == true, "Location: \(location ?? "(none)")")
        }
    }

    @Test func artifactQueriesFilterByEveryDocumentedParameter() async throws {
        try await EmulatorHarness.withSyncedFixture { emulator in
            for body in [
                Self.artifact("train-data", labels: [("ext.ai.sap.com/team", "ml"), ("ext.ai.sap.com/stage", "dev")]),
                Self.artifact("Test-Data", labels: [("ext.ai.sap.com/team", "ml")]),
                Self.artifact("model-a", kind: "model", labels: [("ext.ai.sap.com/team", "ops")]),
                Self.artifact("model-b", kind: "model"),
            ] {
                _ = try await emulator.create("/v2/lm/artifacts", body)
            }
            let cases: [(query: String, names: [String])] = [
                ("", ["train-data", "Test-Data", "model-a", "model-b"]),
                ("scenarioId=\(Self.scenario)", ["train-data", "Test-Data", "model-a", "model-b"]),
                ("scenarioId=other-scenario", []),
                ("name=model-a", ["model-a"]),
                ("kind=model", ["model-a", "model-b"]),
                ("kind=dataset", ["train-data", "Test-Data"]),
                ("executionId=0123456789abcdef", []),
                ("artifactLabelSelector=ext.ai.sap.com%2Fteam%3Dml", ["train-data", "Test-Data"]),
                (
                    "artifactLabelSelector=ext.ai.sap.com%2Fteam%3Dml%2Cext.ai.sap.com%2Fstage%3Ddev",
                    ["train-data"]
                ),
                ("artifactLabelSelector=ext.ai.sap.com/team!=ml", ["model-a", "model-b"]),
                ("%24search=data", ["train-data"]),
                ("%24search=data&searchCaseInsensitive=True", ["train-data", "Test-Data"]),
                ("$search=Data&searchCaseInsensitive=true", ["train-data", "Test-Data"]),
                ("kind=dataset&%24search=Data", ["Test-Data"]),
                ("kind=model&name=model-b&scenarioId=\(Self.scenario)", ["model-b"]),
            ]
            for (query, expected) in cases {
                let response = try await emulator.call(.get, "/v2/lm/artifacts" + (query.isEmpty ? "" : "?" + query))
                response.expectSuccess()
                #expect(Set(Self.names(response)) == Set(expected), "\(query)")
                #expect(response.json["count"] == .int(expected.count), "\(query)")
            }
            let expanded = try await emulator.call(.get, "/v2/lm/artifacts?kind=model&%24expand=scenario")
            let scenarios = expanded.json["resources"]?.arrayValue?.map { $0["scenario"]?["id"] }
            #expect(scenarios == [.string(Self.scenario), .string(Self.scenario)])
            let plain = try await emulator.call(.get, "/v2/lm/artifacts?kind=model")
            #expect(plain.json["resources"]?.arrayValue?.allSatisfy { $0["scenario"] == nil } == true)
        }
    }

    @Test func invalidArtifactsAreBadRequests() async throws {
        try await EmulatorHarness.withSyncedFixture { emulator in
            var cases: [JSONValue] = [
                Self.artifact("a", kind: "MODEL"),
                Self.artifact("a", kind: "weights"),
                Self.artifact("a", url: "not a url"),
                Self.artifact("a", url: "ftp//host/path"),
                Self.artifact("a", url: "S3://bucket/path"),
                Self.artifact("a", url: "ai://"),
                Self.artifact("a", url: "ai://default/" + String(repeating: "x", count: 1024)),
                Self.artifact("a", labels: [("team", "ml")]),
                Self.artifact("bell\u{7}"),
                Self.artifact(String(repeating: "n", count: 257)),
            ]
            for missing in ["name", "kind", "url", "scenarioId"] {
                var body = Self.artifact("a").objectValue ?? [:]
                body[missing] = nil
                cases.append(.object(body))
            }
            var unknownScenario = Self.artifact("a").objectValue ?? [:]
            unknownScenario["scenarioId"] = "no-such-scenario"
            cases.append(.object(unknownScenario))
            for body in cases {
                let response = try await emulator.call(.post, "/v2/lm/artifacts", body)
                #expect(response.status == 400, "\(body.serialized()) gave \(response.text)")
                response.expectError(400)
            }
            #expect(try await emulator.call(.get, "/v2/lm/artifacts").json["count"] == 0)
        }
    }

    // MARK: configurations

    private static func trainingConfiguration(
        _ name: String, dataset: String, parameters: [(String, String)] = [("epochs", "3")]
    ) -> JSONValue {
        [
            "name": .string(name), "scenarioId": .string(scenario),
            "executableId": .string(TemplateFixtures.trainingID),
            "parameterBindings": .array(parameters.map { ["key": .string($0.0), "value": .string($0.1)] }),
            "inputArtifactBindings": [["key": "dataset", "artifactId": .string(dataset)]],
        ]
    }

    @Test(arguments: [TestingSetup.router, .live])
    func aConfigurationIsCreatedReadAndExpanded(_ setup: TestingSetup) async throws {
        try await EmulatorHarness.withSyncedFixture(setup: setup) { emulator in
            let dataset = try await emulator.create("/v2/lm/artifacts", Self.artifact("data"))
            let created = try await emulator.call(
                .post, "/v2/lm/configurations", Self.trainingConfiguration("train", dataset: dataset))
            created.expectSuccess(201)
            #expect(created.json.objectValue?.keys.sorted() == ["id", "message"])
            #expect(created.json["message"] == "Configuration created")
            let id = try #require(created.json["id"]?.stringValue)

            let configuration = try await emulator.call(.get, "/v2/lm/configurations/\(id)")
            configuration.expectSuccess()
            #expect(configuration.json["id"] == .string(id))
            #expect(configuration.json["name"] == "train")
            #expect(configuration.json["scenarioId"] == .string(Self.scenario))
            #expect(configuration.json["executableId"] == .string(TemplateFixtures.trainingID))
            #expect(configuration.json["parameterBindings"] == [["key": "epochs", "value": "3"]])
            #expect(
                configuration.json["inputArtifactBindings"] == [["key": "dataset", "artifactId": .string(dataset)]])
            #expect(configuration.json["createdAt"]?.stringValue.map(WireTimeFormat.matches) == true)
            #expect(configuration.json["scenario"] == nil)
            #expect(configuration.json.nullPaths.isEmpty)

            let expanded = try await emulator.call(.get, "/v2/lm/configurations/\(id)?%24expand=scenario")
            #expect(expanded.json["scenario"]?["id"] == .string(Self.scenario))
            #expect(expanded.json["scenario"]?["createdAt"]?.stringValue.map(WireTimeFormat.matches) == true)
            let list = try await emulator.call(.get, "/v2/lm/configurations?$expand=scenario")
            #expect(list.json["resources"]?.arrayValue?.first?["scenario"]?["id"] == .string(Self.scenario))

            try await emulator.call(.get, "/v2/lm/configurations/0123456789abcdef").expectError(404)
            try await emulator.call(.post, "/v2/admin/resourceGroups", ["resourceGroupId": "other"], group: nil)
                .expectSuccess(202)
            try await emulator.call(.get, "/v2/lm/configurations/\(id)", group: "other").expectError(404)
        }
    }

    @Test func configurationQueriesFilterByScenarioAndExecutables() async throws {
        try await EmulatorHarness.withSyncedFixture { emulator in
            let model = try await emulator.create("/v2/lm/artifacts", Self.artifact("model", kind: "model"))
            _ = try await emulator.create(
                "/v2/lm/configurations", Self.trainingConfiguration("train one", dataset: model))
            _ = try await emulator.create(
                "/v2/lm/configurations", Self.trainingConfiguration("train two", dataset: model))
            _ = try await emulator.create(
                "/v2/lm/configurations",
                [
                    "name": "serve", "scenarioId": .string(Self.scenario),
                    "executableId": .string(TemplateFixtures.servingID),
                    "inputArtifactBindings": [["key": "model", "artifactId": .string(model)]],
                ])
            let cases: [(query: String, names: [String])] = [
                ("", ["train one", "train two", "serve"]),
                ("scenarioId=\(Self.scenario)", ["train one", "train two", "serve"]),
                ("scenarioId=other-scenario", []),
                ("executableIds=train-model", ["train one", "train two"]),
                ("executableIds=serve-model", ["serve"]),
                ("executableIds=train-model%2Cserve-model", ["train one", "train two", "serve"]),
                ("executableIds=train-model,serve-model", ["train one", "train two", "serve"]),
                ("executableIds=nothing", []),
                ("%24search=two", ["train two"]),
                ("%24search=TRAIN&searchCaseInsensitive=True", ["train one", "train two"]),
                ("scenarioId=\(Self.scenario)&executableIds=serve-model", ["serve"]),
            ]
            for (query, expected) in cases {
                let response = try await emulator.call(
                    .get, "/v2/lm/configurations" + (query.isEmpty ? "" : "?" + query))
                response.expectSuccess()
                #expect(Set(Self.names(response)) == Set(expected), "\(query)")
                #expect(response.json["count"] == .int(expected.count), "\(query)")
            }
        }
    }

    @Test func configurationsOfUnknownScenariosOrExecutablesAreBadRequests() async throws {
        try await EmulatorHarness.withSyncedFixture { emulator in
            let dataset = try await emulator.create("/v2/lm/artifacts", Self.artifact("data"))
            let valid = Self.trainingConfiguration("train", dataset: dataset).objectValue ?? [:]
            var cases: [JSONObject] = []
            for (key, value) in [
                ("scenarioId", JSONValue.string("no-such-scenario")), ("executableId", "no-such-executable"),
                ("name", "tab\u{7}bell"), ("name", .string(String(repeating: "n", count: 257))), ("name", 7),
                ("parameterBindings", [["key": "epochs", "value": 3]]),
                ("inputArtifactBindings", [["key": "dataset"]]),
            ] {
                var body = valid
                body[key] = value
                cases.append(body)
            }
            for missing in ["name", "scenarioId", "executableId"] {
                var body = valid
                body[missing] = nil
                cases.append(body)
            }
            for body in cases {
                let response = try await emulator.call(.post, "/v2/lm/configurations", .object(body))
                #expect(response.status == 400, "\(JSONValue.object(body).serialized()) gave \(response.text)")
                response.expectError(400)
            }
            #expect(try await emulator.call(.get, "/v2/lm/configurations").json["count"] == 0)
        }
    }

    @Test(arguments: [false, true])
    func onlyStrictModeRefusesAnUndeclaredParameter(_ strict: Bool) async throws {
        let strictness: (inout EmulatorConfiguration) -> Void = { $0.strict = strict }
        try await EmulatorHarness.withSyncedFixture(strictness) { emulator in
            let dataset = try await emulator.create("/v2/lm/artifacts", Self.artifact("data"))
            let undeclared = try await emulator.call(
                .post, "/v2/lm/configurations",
                Self.trainingConfiguration("train", dataset: dataset, parameters: [("learning_rate", "0.1")]))
            if strict {
                undeclared.expectError(
                    400,
                    message: "parameter 'learning_rate' is not declared by executable 'train-model' (declared: epochs)")
            } else {
                undeclared.expectSuccess(201)
            }
            let declared = try await emulator.call(
                .post, "/v2/lm/configurations", Self.trainingConfiguration("train", dataset: dataset))
            declared.expectSuccess(201)
            #expect(try await emulator.call(.get, "/v2/lm/configurations").json["count"] == (strict ? 1 : 2))
        }
    }

    // MARK: scenarios and executables

    /// Executable artifacts carry only `name, kind?, description?, labels?`: the SDK's constructors take no other
    /// key (ai-api.md §6.3). Parameters are always typed "string".
    @Test func executablesHaveExactlyTheSDKSafeKeys() async throws {
        let repository = try GitFixture()
        let annotations = [
            #"    artifacts.ai.sap.com/housemodel.description: "The trained model""#,
            #"    artifacts.ai.sap.com/housemodel.labels: '{"ext.ai.sap.com/team":"ml"}'"#,
            #"    artifacts.ai.sap.com/housemodel.suffix: "v1""#,
            #"    artifacts.ai.sap.com/dataset.description: "Training data""#,
        ].joined(separator: "\n")
        try repository.commit(
            "templates",
            files: [
                "templates/train.yaml": TemplateFixtures.training(extraAnnotations: annotations),
                "templates/serve.yaml": TemplateFixtures.serving(),
            ])
        try await EmulatorHarness.withSyncedFixture(repository: repository) { emulator in
            let list = try await emulator.call(.get, "/v2/lm/scenarios/\(Self.scenario)/executables")
            list.expectSuccess()
            let executables = list.json["resources"]?.arrayValue ?? []
            #expect(executables.count == 2)
            #expect(list.json["count"] == 2)
            for executable in executables {
                #expect(executable.nullPaths.isEmpty)
                for key in ["id", "scenarioId", "versionId", "name", "createdAt", "modifiedAt"] {
                    #expect(executable[key]?.stringValue != nil, "\(key)")
                }
                #expect(executable["deployable"]?.boolValue != nil)
                for parameter in executable["parameters"]?.arrayValue ?? [] {
                    #expect(parameter["type"] == "string")
                    let keys = Set(parameter.objectValue?.keys ?? [])
                    #expect(keys.isSubset(of: ["name", "type", "default", "description"]), "\(keys)")
                }
                for side in ["inputArtifacts", "outputArtifacts"] {
                    for artifact in executable[side]?.arrayValue ?? [] {
                        let keys = Set(artifact.objectValue?.keys ?? [])
                        #expect(keys.isSubset(of: ["name", "kind", "description", "labels"]), "\(side): \(keys)")
                        #expect(artifact["name"]?.stringValue != nil)
                    }
                }
            }
            let training = try await emulator.call(
                .get, "/v2/lm/scenarios/\(Self.scenario)/executables/\(TemplateFixtures.trainingID)")
            training.expectSuccess()
            let output = try #require(training.json["outputArtifacts"]?.arrayValue?.first)
            #expect(Set(output.objectValue?.keys ?? []) == ["name", "kind", "description", "labels"])
            #expect(output["name"] == "housemodel")
            #expect(output["kind"] == "model")
            #expect(output["description"] == "The trained model")
            #expect(output["labels"] == [["key": "ext.ai.sap.com/team", "value": "ml"]])
            let input = try #require(training.json["inputArtifacts"]?.arrayValue?.first)
            #expect(Set(input.objectValue?.keys ?? []) == ["name", "kind", "description"])
            #expect(input["description"] == "Training data")
            #expect(training.json["parameters"] == [["name": "epochs", "type": "string", "default": "2"]])

            let serving = try await emulator.call(
                .get, "/v2/lm/scenarios/\(Self.scenario)/executables/\(TemplateFixtures.servingID)")
            #expect(serving.json["parameters"] == [["name": "greeting", "type": "string", "default": "hello"]])
            try await emulator.call(.get, "/v2/lm/scenarios/\(Self.scenario)/executables/nope").expectError(404)
            // An unknown scenario has no executables or versions: the spec has 200 (or 400) here, never 404.
            for path in ["/v2/lm/scenarios/nope-scenario/executables", "/v2/lm/scenarios/nope-scenario/versions"] {
                let empty = try await emulator.call(.get, path)
                empty.expectSuccess()
                #expect(empty.json == ["count": 0, "resources": []], "\(path)")
            }
        }
    }

    @Test(arguments: [TestingSetup.router, .live])
    func scenariosAndVersionsCarryTheRequiredKeys(_ setup: TestingSetup) async throws {
        try await EmulatorHarness.withSyncedFixture(setup: setup) { emulator in
            let list = try await emulator.call(.get, "/v2/lm/scenarios")
            list.expectSuccess()
            #expect(list.json["count"] == 1)
            let scenario = try #require(list.json["resources"]?.arrayValue?.first)
            #expect(scenario["id"] == .string(Self.scenario))
            #expect(scenario["name"] == "Demo scenario")
            for key in ["createdAt", "modifiedAt"] {
                #expect(scenario[key]?.stringValue.map(WireTimeFormat.matches) == true, "\(key)")
            }
            #expect(scenario.nullPaths.isEmpty)
            let single = try await emulator.call(.get, "/v2/lm/scenarios/\(Self.scenario)")
            single.expectSuccess()
            #expect(single.json == scenario)
            let versions = try await emulator.call(.get, "/v2/lm/scenarios/\(Self.scenario)/versions")
            versions.expectSuccess()
            #expect(versions.json["count"] == 1)
            #expect(versions.json.resourceStrings("id") == ["1.0"])
            let filtered = try await emulator.call(.get, "/v2/lm/scenarios/\(Self.scenario)/executables?versionId=2.0")
            #expect(filtered.json["count"] == 0)
            try await emulator.call(.get, "/v2/lm/scenarios/nope").expectError(404)
        }
    }
}
