import Foundation
import Testing

@testable import PromoteModel

/// The parsed model of the good templates in `TemplateCorpus/good/`, field by field.
@Suite struct TemplateParserTests {
    static func goodFile(_ name: String) throws -> TemplateFile {
        let url = try #require(Bundle.module.url(forResource: "TemplateCorpus", withExtension: nil))
            .appendingPathComponent("good").appendingPathComponent(name)
        return TemplateParser.parse(path: "templates/" + name, contents: Array(try Data(contentsOf: url)))
    }

    /// The value at `keys` (object members by name, array elements by decimal index).
    static func value(_ json: JSONValue, _ keys: String...) -> JSONValue? {
        keys.reduce(json as JSONValue?) { current, key in
            switch current {
            case .object(let object): object[key]
            case .array(let elements): Int(key).flatMap { elements.indices.contains($0) ? elements[$0] : nil }
            default: nil
            }
        }
    }

    static func object(_ members: (String, JSONValue)...) -> JSONValue {
        .object(members.reduce(into: JSONObject()) { $0[$1.0] = $1.1 })
    }

    @Test func trainingWorkflow() throws {
        let file = try Self.goodFile("training.yaml")
        #expect(file.path == "templates/training.yaml")
        #expect(file.problems == [])
        let template = try #require(file.templates.first)
        #expect(file.templates.count == 1)
        #expect(template.kind == .workflow)
        #expect(!template.deployable)
        #expect(template.file == "templates/training.yaml")
        #expect(template.documentIndex == 0)
        #expect(template.id == "churn-train")
        #expect(template.scenarioID == "churn")
        #expect(template.versionID == "1.4.0")
        #expect(template.scenarioName == "Customer churn")
        #expect(template.scenarioDescription == "Predict which customers are about to leave")
        #expect(template.name == "churn-train")
        #expect(template.description == "Trains the churn classifier")
        #expect(template.labels == ["scenarios.ai.sap.com/id": "churn", "ai.sap.com/version": "1.4.0"])
        let labelsJSON = "{\"ext.ai.sap.com/framework\": \"xgboost\", \"ext.ai.sap.com/owner\": \"ml-team\"}\n"
        #expect(
            template.annotations == [
                "scenarios.ai.sap.com/name": "Customer churn",
                "scenarios.ai.sap.com/description": "Predict which customers are about to leave",
                "executables.ai.sap.com/name": "churn-train",
                "executables.ai.sap.com/description": "Trains the churn classifier",
                "artifacts.ai.sap.com/trainingdata.kind": "dataset",
                "artifacts.ai.sap.com/trainingdata.description": "Customer history, one CSV per month",
                "artifacts.ai.sap.com/churnmodel.kind": "model",
                "artifacts.ai.sap.com/churnmodel.description": "Gradient-boosted classifier",
                "artifacts.ai.sap.com/churnmodel.labels": labelsJSON,
            ])
        #expect(
            template.parameters == [
                // An unquoted YAML number keeps the text it was written with.
                TemplateParameter(
                    name: "learningRate", defaultValue: "0.01", type: nil, description: "Step size of the booster"),
                TemplateParameter(name: "maxDepth", defaultValue: "6", type: nil, description: nil),
                TemplateParameter(name: "epochs", defaultValue: nil, type: nil, description: nil),
            ])
        #expect(
            template.inputArtifacts == [
                TemplateArtifact(
                    name: "trainingdata", kind: "dataset", description: "Customer history, one CSV per month",
                    labels: [:], localName: nil)
            ])
        #expect(
            template.outputArtifacts == [
                TemplateArtifact(
                    name: "churnmodel", kind: "model", description: "Gradient-boosted classifier",
                    labels: ["ext.ai.sap.com/framework": "xgboost", "ext.ai.sap.com/owner": "ml-team"],
                    localName: "model")
            ])
        let digest = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
        #expect(
            template.containers == [
                TemplateContainer(
                    name: "prepare", image: "docker.io/acme/churn-prepare:1.4.0", command: ["/bin/sh", "-c"],
                    args: ["python /app/src/prepare.py"], env: [:]),
                TemplateContainer(
                    name: "train", image: "docker.io/acme/churn-train@" + digest, command: ["/bin/sh", "-c"],
                    args: [
                        "python /app/src/train.py --learning-rate \"{{workflow.parameters.learningRate}}\" "
                            + "--max-depth \"{{workflow.parameters.maxDepth}}\""
                    ],
                    env: ["EPOCHS": "{{workflow.parameters.epochs}}", "OBJECT_STORE_KEY": ""]),
            ])
        #expect(template.resourcePlans == ["prepare": "starter", "train": "train.l"])
        #expect(template.minReplicas == nil)
        #expect(template.maxReplicas == nil)
        #expect(!template.cascadeUpdate)
        #expect(template.placeholders == [])
        let document = template.document
        #expect(Self.value(document, "kind") == .string("WorkflowTemplate"))
        #expect(Self.value(document, "spec", "activeDeadlineSeconds") == .number(7200))
        #expect(Self.value(document, "spec", "arguments", "parameters", "0", "default") == .number(0.01))
        #expect(
            Self.value(document, "spec", "templates", "2", "outputs", "artifacts", "0", "archive", "none")
                == .object(JSONObject()))
        #expect(Self.value(document, "metadata", "labels", "ai.sap.com/version") == .string("1.4.0"))
    }

    @Test func servingTemplate() throws {
        let file = try Self.goodFile("serving.yaml")
        #expect(file.problems == [])
        let template = try #require(file.templates.first)
        #expect(file.templates.count == 1)
        #expect(template.kind == .serving)
        #expect(template.deployable)
        #expect(template.documentIndex == 0)
        #expect(template.id == "churn-serve")
        #expect(template.scenarioID == "churn")
        #expect(template.versionID == "1.4.0")
        #expect(template.scenarioName == "Customer churn")
        #expect(template.scenarioDescription == nil)
        #expect(template.name == "churn-serve")
        #expect(template.description == "Online churn scoring")
        #expect(template.labels == ["scenarios.ai.sap.com/id": "churn", "ai.sap.com/version": "1.4.0"])
        #expect(template.annotations["executables.ai.sap.com/cascade-update-deployments"] == "true")
        #expect(template.annotations.count == 5)
        #expect(
            template.parameters == [
                TemplateParameter(
                    name: "image", defaultValue: "docker.io/acme/churn-server:1.4.0", type: "string", description: nil),
                TemplateParameter(name: "resourcePlan", defaultValue: "infer.s", type: "string", description: nil),
                TemplateParameter(
                    name: "greeting", defaultValue: "hello", type: "string", description: "Shown on the index page"),
            ])
        #expect(
            template.inputArtifacts == [
                TemplateArtifact(name: "churnmodel", kind: "model", description: nil, labels: [:], localName: nil)
            ])
        #expect(template.outputArtifacts == [])
        #expect(
            template.containers == [
                TemplateContainer(
                    name: "kserve-container", image: "{{inputs.parameters.image}}", command: ["/bin/sh", "-c"],
                    args: ["set -e && gunicorn --chdir /app/src main:app -b 0.0.0.0:9001\n"],
                    env: [
                        "STORAGE_URI": "{{inputs.artifacts.churnmodel}}",
                        "GREETING": "{{ inputs.parameters.greeting }}",
                    ])
            ])
        #expect(template.resourcePlans == ["serving": "{{inputs.parameters.resourcePlan}}"])
        #expect(template.minReplicas == 1)
        #expect(template.maxReplicas == 3)
        #expect(template.cascadeUpdate)
        // Labels come before spec in the file, so the resource plan is the first placeholder used.
        #expect(
            template.placeholders == [
                .parameter("resourcePlan"), .parameter("image"), .artifact("churnmodel"), .parameter("greeting"),
            ])
        let spec = try #require(Self.value(template.document, "spec", "template"))
        #expect(Self.value(spec, "apiVersion") == .string("serving.kserve.io/v1beta1"))
        #expect(Self.value(spec, "metadata", "annotations", "autoscaling.knative.dev/metric") == .string("concurrency"))
        #expect(Self.value(spec, "metadata", "annotations", "autoscaling.knative.dev/target") == .number(1))
        #expect(
            Self.value(spec, "metadata", "labels")
                == Self.object(("ai.sap.com/resourcePlan", .string("{{inputs.parameters.resourcePlan}}"))))
        let container = try #require(Self.value(spec, "spec", "predictor", "containers", "0"))
        #expect(Self.value(container, "image") == .string("{{inputs.parameters.image}}"))
        #expect(Self.value(container, "ports", "0", "containerPort") == .number(9001))
        #expect(Self.value(container, "env", "0", "value") == .string("{{inputs.artifacts.churnmodel}}"))
        #expect(Self.value(spec, "spec", "predictor", "maxReplicas") == .number(3))
    }

    @Test func multiDocumentFile() throws {
        let file = try Self.goodFile("fraud.yml")
        #expect(file.problems == [])
        #expect(file.templates.map(\.id) == ["fraud-train", "fraud-serve"])
        // The comment-only document between them counts as a position but yields nothing.
        #expect(file.templates.map(\.documentIndex) == [0, 2])
        let train = file.templates[0]
        #expect(train.kind == .workflow)
        #expect(train.versionID == "0.1.0")
        #expect(train.resourcePlans == ["train": "g4dn.xlarge"])
        #expect(
            train.outputArtifacts == [
                TemplateArtifact(name: "fraudmodel", kind: "model", description: nil, labels: [:], localName: "model")
            ])
        #expect(train.outputArtifacts.first?.effectiveKind == "model")
        #expect(train.containers.map(\.command) == [["/bin/sh", "-c"]])
        let serve = file.templates[1]
        #expect(serve.kind == .serving)
        #expect(
            serve.parameters == [
                TemplateParameter(name: "threshold", defaultValue: "0.75", type: nil, description: nil)
            ])
        #expect(serve.inputArtifacts.map(\.name) == ["fraudmodel"])
        #expect(serve.inputArtifacts.first?.effectiveKind == nil)
        #expect(serve.resourcePlans == ["serving": "basic"])
        #expect(serve.minReplicas == 0)
        #expect(serve.maxReplicas == nil)
        #expect(!serve.cascadeUpdate)
        #expect(serve.placeholders == [.artifact("fraudmodel"), .parameter("threshold")])
        #expect(
            serve.containers == [
                TemplateContainer(
                    name: "kserve-container", image: "ghcr.io/acme/fraud-server:2024.06.1", command: [], args: [],
                    env: [
                        "STORAGE_URI": "{{inputs.artifacts.fraudmodel}}",
                        "THRESHOLD": "{{inputs.parameters.threshold}}",
                    ])
            ])
        // A labels string that is not a block scalar still parses into a map in the document.
        #expect(
            Self.value(serve.document, "spec", "template", "metadata", "labels")
                == Self.object(("ai.sap.com/resourcePlan", .string("basic"))))
    }

    @Test func jsonWorkflowWithScriptStep() throws {
        let file = try Self.goodFile("nightly.json")
        #expect(file.problems == [])
        let template = try #require(file.templates.first)
        #expect(template.id == "nightly-scoring")
        #expect(template.versionID == "3")
        #expect(
            template.parameters == [
                TemplateParameter(name: "batchSize", defaultValue: "500", type: nil, description: nil)
            ])
        #expect(
            template.outputArtifacts == [
                TemplateArtifact(name: "scores", kind: "resultset", description: nil, labels: [:], localName: "scores")
            ])
        #expect(template.outputArtifacts.first?.effectiveKind == "resultset")
        #expect(
            template.containers == [
                TemplateContainer(name: "score", image: "python:3.12.4-slim", command: ["python"], args: [], env: [:])
            ])
        #expect(template.resourcePlans == ["score": "basic"])
    }

    @Test func emptyAndCommentOnlyFilesHoldNothing() {
        for text in ["", "\n", "# only a comment\n", "---\n---\n", "--- # nothing\n...\n"] {
            let file = TemplateParser.parse(path: "empty.yaml", contents: Array(text.utf8))
            #expect(file.templates == [], "\(text.debugDescription)")
            #expect(file.problems == [], "\(text.debugDescription)")
        }
    }

    @Test func aSyntaxErrorAnywhereDropsTheWholeFile() throws {
        let good = try Self.goodFile("training.yaml")
        let text = try #require(
            Bundle.module.url(forResource: "TemplateCorpus", withExtension: nil).map {
                try String(contentsOf: $0.appendingPathComponent("good/training.yaml"), encoding: .utf8)
            })
        #expect(good.templates.count == 1)
        let broken = TemplateParser.parse(path: "t.yaml", contents: Array((text + "---\nkey: [unclosed\n").utf8))
        #expect(broken.templates == [])
        #expect(broken.problems.count == 1)
        #expect(broken.problems.first?.line == 88)
        #expect(
            broken.problems.first?.message
                == "Failed to unmarshal \"t.yaml\": error converting YAML to JSON: yaml: line 88: did not find "
                + "expected ',' or ']'")
        #expect(broken.hasErrors)
    }

    @Test func problemsCarryTheExecutableIDAndSeverity() throws {
        let text = """
            apiVersion: ai.sap.com/v1alpha1
            kind: ServingTemplate
            metadata:
              name: demo-serve
              labels: {scenarios.ai.sap.com/id: demo, ai.sap.com/version: "1"}
              annotations: {scenarios.ai.sap.com/name: Demo, executables.ai.sap.com/name: demo}
            spec:
              inputs: {parameters: [{name: p}]}
              template:
                apiVersion: serving.kserve.io/v1beta1
                metadata: {labels: "ai.sap.com/resourcePlan: starter"}
                spec: "predictor: {containers: [{name: main, image: busybox}]}"
            """
        let file = TemplateParser.parse(path: "serve.yaml", contents: Array(text.utf8))
        let problem = try #require(file.problems.first)
        #expect(file.problems.count == 1)
        #expect(problem.severity == .warning)
        #expect(problem.executableID == "demo-serve")
        #expect(problem.path == "spec.template.spec.predictor.containers[0].image")
        // Inside a quoted string only the string's own line is known.
        #expect(problem.line == 12)
        #expect(!file.hasErrors)
    }

    @Test(arguments: ["training.yaml", "serving.yaml", "fraud.yml", "nightly.json"])
    func truncatedFilesNeverCrashTheParser(name: String) throws {
        // A file cut anywhere is either unreadable (one problem, no templates) or read with its problems; the
        // parser must never trap on what a half-written commit can hold.
        let url = try #require(Bundle.module.url(forResource: "TemplateCorpus", withExtension: nil))
            .appendingPathComponent("good").appendingPathComponent(name)
        let bytes = Array(try Data(contentsOf: url))
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            let file = TemplateParser.parse(path: name, contents: Array(bytes[..<cut]))
            if file.problems.first?.message.hasPrefix("Failed to unmarshal") == true {
                #expect(file.templates == [])
                #expect(file.problems.count == 1)
            }
            #expect(file.problems == file.problems.sorted())
        }
    }

    @Test func tabIndentedJSONKeepsItsLines() throws {
        let text =
            "{\n\t\"kind\": \"WorkflowTemplate\",\n\t\"apiVersion\": \"argoproj.io/v1alpha1\",\n"
            + "\t\"metadata\": {\n\t\t\"name\": \"Bad_Name\"\n\t}\n}\n"
        let file = TemplateParser.parse(path: "t.json", contents: Array(text.utf8))
        #expect(file.templates.map(\.id) == ["Bad_Name"])
        #expect(file.problems.first { $0.path == "metadata.name" }?.line == 5)
    }
}
