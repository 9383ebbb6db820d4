import Testing

@testable import PromoteModel

/// Small AI Core templates and deploy configs for the diff and check tests: one training workflow and one serving
/// template of one scenario, written so that each test can change exactly one thing with `edit`.
enum DiffFixtures {
    static let scenario = "demo-scenario"
    static let trainingID = "train-model"
    static let servingID = "serve-model"
    static let trainingFile = "templates/train.yaml"
    static let servingFile = "templates/serve.yaml"

    /// A WorkflowTemplate with two parameters (one without a default), an input and an output artifact, one step
    /// with a resource plan, a container with env.
    static let training = """
        # Trains the demo model.
        apiVersion: argoproj.io/v1alpha1
        kind: WorkflowTemplate
        metadata:
          name: train-model
          annotations:
            scenarios.ai.sap.com/name: "Demo scenario"
            executables.ai.sap.com/name: "Training"
            artifacts.ai.sap.com/dataset.kind: "dataset"
            artifacts.ai.sap.com/housemodel.kind: "model"
          labels:
            scenarios.ai.sap.com/id: "demo-scenario"
            ai.sap.com/version: "1.0"
        spec:
          entrypoint: main
          arguments:
            parameters:
              - name: epochs
                default: "2"
              - name: learningRate
          templates:
            - name: main
              metadata:
                labels:
                  ai.sap.com/resourcePlan: starter
              inputs:
                artifacts:
                  - name: dataset
                    path: /app/data
              outputs:
                artifacts:
                  - name: model
                    globalName: housemodel
                    path: /app/model
              container:
                image: docker.io/acme/train:1.2.3
                command: ["/bin/sh", "-c"]
                args: ["python train.py --epochs {{workflow.parameters.epochs}}"]
                env:
                  - name: LOG_LEVEL
                    value: "info"
        """

    /// A ServingTemplate whose KServe part is YAML held in strings, with placeholders.
    static let serving = """
        apiVersion: ai.sap.com/v1alpha1
        kind: ServingTemplate
        metadata:
          name: serve-model
          annotations:
            scenarios.ai.sap.com/name: "Demo scenario"
            executables.ai.sap.com/name: "Serving"
            artifacts.ai.sap.com/model.kind: "model"
          labels:
            scenarios.ai.sap.com/id: "demo-scenario"
            ai.sap.com/version: "1.0"
        spec:
          inputs:
            parameters:
              - name: greeting
                default: "hello"
                type: string
            artifacts:
              - name: model
          template:
            apiVersion: "serving.kserve.io/v1beta1"
            metadata:
              annotations: |
                autoscaling.knative.dev/metric: concurrency
                autoscaling.knative.dev/target: 1
              labels: |
                ai.sap.com/resourcePlan: starter
            spec: |
              predictor:
                minReplicas: 1
                maxReplicas: 2
                containers:
                - name: kserve-container
                  image: docker.io/acme/serve:1.2.3
                  ports:
                    - containerPort: 8080
                      protocol: TCP
                  env:
                    - name: STORAGE_URI
                      value: "{{inputs.artifacts.model}}"
                    - name: GREETING
                      value: "{{inputs.parameters.greeting}}"
        """

    /// `text` with the one occurrence of `old` replaced by `new`; fails the test when `old` is not there exactly
    /// once, so that a fixture edit can never silently do nothing.
    static func edit(
        _ text: String, _ old: String, _ new: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let count = text.ranges(of: old).count
        try #require(
            count == 1, "expected exactly one \(old.debugDescription) in the fixture", sourceLocation: sourceLocation)
        return text.replacing(old, with: new)
    }

    /// The one template in `yaml`, which must parse without errors (warnings are allowed).
    static func template(
        _ yaml: String, file: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ExecutableTemplate {
        let parsed = TemplateParser.parse(path: file, contents: Array(yaml.utf8))
        let errors = parsed.problems.filter { $0.severity == .error }
        #expect(errors == [], "the fixture should parse without errors", sourceLocation: sourceLocation)
        try #require(parsed.templates.count == 1, sourceLocation: sourceLocation)
        return parsed.templates[0]
    }

    static func training(_ yaml: String = training, file: String = trainingFile) throws -> ExecutableTemplate {
        try template(yaml, file: file)
    }

    static func serving(_ yaml: String = serving, file: String = servingFile) throws -> ExecutableTemplate {
        try template(yaml, file: file)
    }

    /// The semantic changes from the unedited training template to `yaml`.
    static func trainingChanges(_ yaml: String) throws -> [TemplateChange] {
        TemplateDiff.changes(from: try training(), to: try training(yaml))
    }

    /// The semantic changes from the unedited serving template to `yaml`.
    static func servingChanges(_ yaml: String) throws -> [TemplateChange] {
        TemplateDiff.changes(from: try serving(), to: try serving(yaml))
    }

    static let configFile = "cicd/config.json"

    /// A deploy config that matches both templates: every parameter without a default bound, every input artifact
    /// bound to an artifact of its kind.
    static let config = """
        {
          "clean_up": false,
          "artifacts": [
            {"key": "dataset", "name": "Training data", "kind": "dataset", "url": "ai://default/data/train.csv",
             "scenario_id": "demo-scenario"},
            {"key": "model", "name": "House model", "kind": "model", "url": "ai://default/models/house",
             "scenario_id": "demo-scenario"}
          ],
          "executions": [
            {"configuration": {"name": "train", "scenario_id": "demo-scenario", "executable_id": "train-model",
               "parameter_bindings": [{"key": "epochs", "value": "2"}, {"key": "learningRate", "value": "0.01"}],
               "input_artifact_bindings": [{"key": "dataset"}]},
             "wait_for_status": "COMPLETED"}
          ],
          "deployments": [
            {"configuration": {"name": "serve", "scenario_id": "demo-scenario", "executable_id": "serve-model",
               "parameter_bindings": [{"key": "greeting", "value": "hello"}],
               "input_artifact_bindings": [{"key": "model"}]},
             "wait_for_status": "RUNNING"}
          ]
        }
        """

    /// Loads a deploy config (and overlay) the way `promote plan` does for the checks.
    static func loadConfig(_ base: String, overlay: String? = nil) throws -> DeployConfig {
        try DeployConfigLoader.load(
            base: Array(base.utf8), basePath: configFile, overlay: overlay.map { Array($0.utf8) },
            overlayPath: overlay == nil ? nil : "cicd/config.prd.json", substitutions: [:])
    }

    /// Parses JSON text.
    static func json(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }
}
