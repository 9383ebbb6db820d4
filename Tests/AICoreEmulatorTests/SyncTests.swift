import AICoreEmulator
import Foundation
import HTTPTypes
import PromoteModel
import TestSupport
import Testing

/// Git sync: applications read templates from a real repository's branch, the way AI Core does.
@Suite struct SyncTests {
    @Test func aRefreshRegistersTheTemplatesOfTheBranch() async throws {
        let repository = try TemplateFixtures.repository()
        let head = try repository.git(["rev-parse", "main"])
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            let status = try await emulator.syncApplication(repository: repository)
            #expect(status.json["syncStatus"] == "Synced")
            #expect(status.json["healthStatus"] == "Healthy")
            #expect(status.json["source"]?["revision"]?.stringValue == head)
            let resources = status.json["syncResourcesStatus"]?.arrayValue ?? []
            #expect(resources.map { $0["name"]?.stringValue } == ["serve-model", "train-model"])
            #expect(resources.allSatisfy { $0["status"] == "Synced" })

            let scenario = try await emulator.call(.get, "/v2/lm/scenarios/demo-scenario").json
            #expect(scenario["name"] == "Demo scenario")
            #expect(scenario["description"] == "Trains and serves a demo model")
            let executables = try await emulator.call(.get, "/v2/lm/scenarios/demo-scenario/executables").json
            #expect(executables["count"] == 2)
            let training = try await emulator.call(.get, "/v2/lm/scenarios/demo-scenario/executables/train-model").json
            #expect(training["deployable"] == false)
            #expect(training["versionId"] == "1.0")
            #expect(training["name"] == "Training")
            #expect(training["parameters"] == [["name": "epochs", "type": "string", "default": "2"]])
            #expect(training["inputArtifacts"] == [["name": "dataset", "kind": "dataset"]])
            #expect(training["outputArtifacts"] == [["name": "housemodel", "kind": "model"]])
            let serving = try await emulator.call(.get, "/v2/lm/scenarios/demo-scenario/executables/serve-model").json
            #expect(serving["deployable"] == true)
            #expect(serving["inputArtifacts"] == [["name": "model"]])
        }
    }

    @Test func aNewCommitIsPickedUpByTheNextRefresh() async throws {
        let repository = try TemplateFixtures.repository()
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            try await emulator.syncApplication(repository: repository)
            let changed = TemplateFixtures.training().replacingOccurrences(of: "default: \"2\"", with: "default: \"5\"")
            let head = try repository.commit("More epochs", files: ["templates/train.yaml": changed])
            #expect(try await emulator.call(.post, "/v2/admin/applications/demo-app/refresh", group: nil).status == 202)
            let status = try await emulator.waitForStatus("demo-app")
            #expect(status.json["source"]?["revision"]?.stringValue == head)
            let training = try await emulator.call(.get, "/v2/lm/scenarios/demo-scenario/executables/train-model").json
            #expect(training["parameters"]?.arrayValue?.first?["default"] == "5")
            #expect(
                status.json["syncResourcesStatus"]?.arrayValue?.last?["message"]
                    == "workflowtemplate.argoproj.io/train-model configured")
        }
    }

    /// Broken templates are reported per resource, naming the file, and do not register; the rest still syncs.
    @Test func brokenTemplatesAreReportedNamingTheFile() async throws {
        let repository = try GitFixture()
        let badName = TemplateFixtures.training().replacingOccurrences(
            of: "name: train-model", with: "name: Train_Model")
        let noLabel = TemplateFixtures.serving().replacingOccurrences(of: "    ai.sap.com/version: \"1.0\"\n", with: "")
        try repository.commit(
            "templates",
            files: [
                "templates/train.yaml": TemplateFixtures.training(), "templates/bad-name.yaml": badName,
                "templates/serve.yaml": noLabel,
                "templates/broken.yaml": "kind: WorkflowTemplate\nmetadata: [unclosed\n",
            ])
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            let status = try await emulator.syncApplication(repository: repository).json
            #expect(status["syncStatus"] == "OutOfSync")
            #expect(status["healthStatus"] == "Degraded")
            #expect(
                status["message"]?.stringValue?.hasPrefix(
                    "rpc error: code = FailedPrecondition desc = Failed to unmarshal \"broken.yaml\": error converting YAML to JSON: yaml: line"
                ) == true)
            let resources = status["syncResourcesStatus"]?.arrayValue ?? []
            let byName = Dictionary(
                uniqueKeysWithValues: resources.compactMap { resource in
                    resource["name"]?.stringValue.map { ($0, resource) }
                })
            #expect(byName["train-model"]?["status"] == "Synced")
            #expect(byName["Train_Model"]?["status"] == "SyncFailed")
            #expect(byName["Train_Model"]?["message"]?.stringValue?.contains("templates/bad-name.yaml") == true)
            #expect(byName["serve-model"]?["status"] == "SyncFailed")
            #expect(byName["serve-model"]?["message"]?.stringValue?.contains("ai.sap.com/version") == true)
            let executables = try await emulator.call(.get, "/v2/lm/scenarios/demo-scenario/executables").json
            #expect(executables["resources"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["train-model"])
        }
    }

    @Test func duplicateExecutableIDsRegisterNeither() async throws {
        let repository = try GitFixture()
        try repository.commit(
            "templates",
            files: ["templates/a.yaml": TemplateFixtures.training(), "templates/b.yaml": TemplateFixtures.training()])
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            let status = try await emulator.syncApplication(repository: repository).json
            let resources = status["syncResourcesStatus"]?.arrayValue ?? []
            #expect(resources.count == 2)
            #expect(resources.allSatisfy { $0["status"] == "SyncFailed" })
            #expect(try await emulator.call(.get, "/v2/lm/scenarios/demo-scenario").status == 404)
        }
    }

    @Test func executableIDsAreUniqueAcrossApplications() async throws {
        let repository = try TemplateFixtures.repository()
        try repository.git(["branch", "other"])
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            try await emulator.syncApplication("first-app", repository: repository)
            let second = try await emulator.syncApplication("second-app", repository: repository, revision: "other")
                .json
            #expect(second["syncStatus"] == "OutOfSync")
            let messages = second["syncResourcesStatus"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
            #expect(messages.allSatisfy { $0.contains("already defined by application first-app") })
            #expect(try await emulator.call(.get, "/v2/lm/scenarios/demo-scenario/executables").json["count"] == 2)
        }
    }

    @Test func aScenarioWithOnlyAServingTemplateIsNotCreated() async throws {
        let repository = try GitFixture()
        try repository.commit("serving only", files: ["templates/serve.yaml": TemplateFixtures.serving()])
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            let status = try await emulator.syncApplication(repository: repository).json
            #expect(status["syncResourcesStatus"]?.arrayValue?.first?["status"] == "SyncFailed")
            #expect(try await emulator.call(.get, "/v2/lm/scenarios").json["count"] == 0)
        }
    }

    @Test func wholeApplicationErrorsGoInTheTopLevelMessage() async throws {
        let repository = try TemplateFixtures.repository()
        let stranger = try TemplateFixtures.repository()
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            let missingPath = try await emulator.syncApplication(
                "missing-path", repository: repository, path: "nowhere"
            ).json
            #expect(missingPath["message"] == "rpc error: code = Unknown desc = nowhere: app path does not exist")
            let badRevision = try await emulator.syncApplication(
                "bad-revision", repository: repository, revision: "nope"
            ).json
            #expect(
                badRevision["message"] == "rpc error: code = Unknown desc = Unable to resolve 'nope' to a commit SHA")
            #expect(badRevision["syncStatus"] == "Unknown")
            let notOnboarded = try await emulator.syncApplication("stranger", repository: stranger).json
            #expect(
                notOnboarded["message"]?.stringValue?.hasPrefix(
                    "application repo \(stranger.path) is not permitted in project 'default'") == true)
            #expect(notOnboarded["syncResourcesStatus"] == [])
        }
    }
}
