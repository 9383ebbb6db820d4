import Testing

@testable import PromoteModel

/// `TemplateDiff`: the semantic, per-executable diff of AI Core templates (issue 5). Every test changes one thing in
/// a fixture and asserts the exact list of changes.
@Suite struct TemplateDiffTests {
    typealias F = DiffFixtures

    static func change(
        _ part: TemplateChange.Part, _ subject: String, _ summary: String, _ before: String?, _ after: String?
    ) -> TemplateChange {
        TemplateChange(part: part, subject: subject, summary: summary, before: before, after: after)
    }

    /// The serving fixture with a second container after the first.
    static let servingWithSidecar =
        F.serving + "\n" + """
                    - name: sidecar
                      image: docker.io/acme/proxy:0.9
            """

    // MARK: executables added, removed, unchanged

    @Test func identicalTemplatesGiveNoDiff() throws {
        let old = [try F.training(), try F.serving()]
        let new = [try F.serving(), try F.training()]
        #expect(TemplateDiff.compare(old: old, new: new) == [])
        #expect(TemplateDiff.changes(from: try F.training(), to: try F.training()) == [])
    }

    @Test func executableAdded() throws {
        let diffs = TemplateDiff.compare(old: [try F.training()], new: [try F.training(), try F.serving()])
        #expect(
            diffs == [
                ExecutableDiff(
                    id: F.servingID, status: .added, kind: .serving, file: F.servingFile, scenarioID: F.scenario,
                    changes: [])
            ])
    }

    @Test func executableRemoved() throws {
        let diffs = TemplateDiff.compare(old: [try F.training(), try F.serving()], new: [try F.serving()])
        #expect(
            diffs == [
                ExecutableDiff(
                    id: F.trainingID, status: .removed, kind: .workflow, file: F.trainingFile, scenarioID: F.scenario,
                    changes: [])
            ])
    }

    /// Changed executables carry their changes; the list is sorted by ID whatever the input order.
    @Test func changedExecutablesSortedByID() throws {
        let training = try F.edit(F.training, "train:1.2.3", "train:1.2.4")
        let serving = try F.edit(F.serving, "minReplicas: 1", "minReplicas: 2")
        let diffs = TemplateDiff.compare(
            old: [try F.training(), try F.serving()], new: [try F.training(training), try F.serving(serving)])
        #expect(
            diffs == [
                ExecutableDiff(
                    id: F.servingID, status: .changed, kind: .serving, file: F.servingFile, scenarioID: F.scenario,
                    changes: [Self.change(.replicas, "minReplicas", "1 → 2", "1", "2")]),
                ExecutableDiff(
                    id: F.trainingID, status: .changed, kind: .workflow, file: F.trainingFile,
                    scenarioID: F.scenario,
                    changes: [
                        Self.change(
                            .image, "main", "docker.io/acme/train tag 1.2.3 → 1.2.4", "docker.io/acme/train:1.2.3",
                            "docker.io/acme/train:1.2.4")
                    ]),
            ])
    }

    /// An ID defined twice on one side is compared by its first definition in file order.
    @Test func duplicateIDUsesFirstDefinitionInFileOrder() throws {
        let copy = try F.training(F.edit(F.training, "train:1.2.3", "train:9.9.9"), file: "templates/z-copy.yaml")
        #expect(TemplateDiff.compare(old: [try F.training()], new: [copy, try F.training()]) == [])
    }

    // MARK: images and containers

    @Test func imageTagChanged() throws {
        let changes = try F.trainingChanges(try F.edit(F.training, "train:1.2.3", "train:1.3.0"))
        #expect(
            changes == [
                Self.change(
                    .image, "main", "docker.io/acme/train tag 1.2.3 → 1.3.0", "docker.io/acme/train:1.2.3",
                    "docker.io/acme/train:1.3.0")
            ])
    }

    @Test func servingImageTagChangedInsideTheSpecString() throws {
        let changes = try F.servingChanges(try F.edit(F.serving, "serve:1.2.3", "serve:1.2.4"))
        #expect(
            changes == [
                Self.change(
                    .image, "kserve-container", "docker.io/acme/serve tag 1.2.3 → 1.2.4",
                    "docker.io/acme/serve:1.2.3", "docker.io/acme/serve:1.2.4")
            ])
    }

    @Test func imageRepositoryChanged() throws {
        let changes = try F.trainingChanges(
            try F.edit(F.training, "docker.io/acme/train:1.2.3", "ghcr.io/acme/trainer:1.2.3"))
        #expect(
            changes == [
                Self.change(
                    .image, "main", "docker.io/acme/train:1.2.3 → ghcr.io/acme/trainer:1.2.3",
                    "docker.io/acme/train:1.2.3", "ghcr.io/acme/trainer:1.2.3")
            ])
    }

    /// Dropping the tag is shown as latest, and the parser warns under the rule a stage can make strict.
    @Test func imageUnpinned() throws {
        let yaml = try F.edit(F.training, "train:1.2.3", "train")
        let changes = try F.trainingChanges(yaml)
        #expect(
            changes == [
                Self.change(
                    .image, "main", "docker.io/acme/train tag 1.2.3 → none (latest)", "docker.io/acme/train:1.2.3",
                    "docker.io/acme/train")
            ])
        let problems = TemplateParser.parse(path: F.trainingFile, contents: Array(yaml.utf8)).problems
        #expect(problems.map(\.rule) == [.unpinnedImage])
        #expect(problems.map(\.severity) == [.warning])
        #expect(problems.map(\.path) == ["spec.templates[0].container.image"])
        #expect(problems.map(\.executableID) == [F.trainingID])
    }

    @Test func imagePinnedByDigest() throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let changes = try F.trainingChanges(try F.edit(F.training, "train:1.2.3", "train@" + digest))
        #expect(
            changes == [
                Self.change(
                    .image, "main", "docker.io/acme/train tag 1.2.3 → \(digest)", "docker.io/acme/train:1.2.3",
                    "docker.io/acme/train@" + digest)
            ])
    }

    @Test func servingContainerAdded() throws {
        let changes = TemplateDiff.changes(from: try F.serving(), to: try F.serving(Self.servingWithSidecar))
        #expect(
            changes == [
                Self.change(
                    .container, "sidecar", "added (image docker.io/acme/proxy:0.9)", nil, "docker.io/acme/proxy:0.9")
            ])
    }

    @Test func servingContainerRemoved() throws {
        let changes = TemplateDiff.changes(from: try F.serving(Self.servingWithSidecar), to: try F.serving())
        #expect(
            changes == [
                Self.change(
                    .container, "sidecar", "removed (image docker.io/acme/proxy:0.9)", "docker.io/acme/proxy:0.9", nil)
            ])
    }

    /// A workflow step with a container is a container of the executable; its plan is reported with it.
    @Test func workflowStepAddedAndRemoved() throws {
        let step = """
                - name: evaluate
                  metadata:
                    labels:
                      ai.sap.com/resourcePlan: starter
                  container:
                    image: docker.io/acme/eval:2.0
                    command: ["/bin/sh", "-c"]
                    args: ["python eval.py"]
            """
        let twoSteps = try F.training(F.training + "\n" + step)
        #expect(
            TemplateDiff.changes(from: try F.training(), to: twoSteps) == [
                Self.change(
                    .container, "evaluate", "added (image docker.io/acme/eval:2.0)", nil, "docker.io/acme/eval:2.0"),
                Self.change(.resourcePlan, "evaluate", #"added "starter""#, nil, "starter"),
            ])
        #expect(
            TemplateDiff.changes(from: twoSteps, to: try F.training()) == [
                Self.change(
                    .container, "evaluate", "removed (image docker.io/acme/eval:2.0)", "docker.io/acme/eval:2.0", nil),
                Self.change(.resourcePlan, "evaluate", #"removed (was "starter")"#, "starter", nil),
            ])
    }

    /// A step that runs no container (a DAG) is no typed part: adding it is a spec change, whole.
    @Test func workflowStepWithoutContainerIsASpecChange() throws {
        let dag = """
                - name: pipeline
                  dag:
                    tasks:
                      - {name: train, template: main}
            """
        let json = #"{"dag":{"tasks":[{"name":"train","template":"main"}]},"name":"pipeline"}"#
        #expect(
            TemplateDiff.changes(from: try F.training(), to: try F.training(F.training + "\n" + dag)) == [
                Self.change(.spec, "spec.templates[name=pipeline]", "added \"\(json)\"", nil, json)
            ])
    }

    @Test func commandChanged() throws {
        let changes = try F.trainingChanges(
            try F.edit(F.training, #"command: ["/bin/sh", "-c"]"#, #"command: ["/bin/bash", "-c"]"#))
        #expect(
            changes == [
                Self.change(
                    .container, "main", #"command ["/bin/sh","-c"] → ["/bin/bash","-c"]"#, #"["/bin/sh","-c"]"#,
                    #"["/bin/bash","-c"]"#)
            ])
    }

    @Test func argsChanged() throws {
        let changes = try F.trainingChanges(try F.edit(F.training, "python train.py", "python -u train.py"))
        let before = #"["python train.py --epochs {{workflow.parameters.epochs}}"]"#
        let after = #"["python -u train.py --epochs {{workflow.parameters.epochs}}"]"#
        #expect(changes == [Self.change(.container, "main", "args \(before) → \(after)", before, after)])
    }

    // MARK: parameters

    @Test func parameterAddedWithDefault() throws {
        let changes = try F.trainingChanges(
            try F.edit(
                F.training, "      - name: learningRate\n",
                "      - name: learningRate\n      - name: batchSize\n        default: \"32\"\n"))
        #expect(changes == [Self.change(.parameter, "batchSize", #"added (default "32")"#, nil, "32")])
    }

    @Test func parameterAddedWithoutDefault() throws {
        let changes = try F.trainingChanges(
            try F.edit(F.training, "      - name: learningRate\n", "      - name: learningRate\n      - name: seed\n"))
        #expect(
            changes == [
                Self.change(.parameter, "seed", "added (no default: every configuration must bind it)", nil, "")
            ])
    }

    @Test func parameterRemoved() throws {
        let withoutDefault = try F.trainingChanges(try F.edit(F.training, "      - name: learningRate\n", ""))
        #expect(
            withoutDefault == [
                Self.change(.parameter, "learningRate", "removed (configurations binding it will fail)", "", nil)
            ])
        var yaml = try F.edit(F.training, "      - name: epochs\n        default: \"2\"\n", "")
        yaml = try F.edit(yaml, " --epochs {{workflow.parameters.epochs}}", "")
        let args = #"args ["python train.py --epochs {{workflow.parameters.epochs}}"] → ["python train.py"]"#
        let changes = try F.trainingChanges(yaml)
        #expect(
            changes == [
                Self.change(
                    .container, "main", args, #"["python train.py --epochs {{workflow.parameters.epochs}}"]"#,
                    #"["python train.py"]"#),
                Self.change(.parameter, "epochs", "removed (configurations binding it will fail)", "2", nil),
            ])
    }

    @Test func parameterDefaultChanged() throws {
        let changes = try F.trainingChanges(try F.edit(F.training, #"default: "2""#, #"default: "5""#))
        #expect(changes == [Self.change(.parameter, "epochs", #"default "2" → "5""#, "2", "5")])
    }

    @Test func servingParameterDefaultAndDescriptionChanged() throws {
        let yaml = try F.edit(
            F.serving, #"default: "hello""#, "default: \"hi\"\n        description: \"Shown on the index page\"")
        let changes = try F.servingChanges(yaml)
        #expect(
            changes == [
                Self.change(.parameter, "greeting", #"default "hello" → "hi""#, "hello", "hi"),
                Self.change(.parameter, "greeting", "description changed", nil, "Shown on the index page"),
            ])
    }

    // MARK: artifacts

    @Test func inputArtifactAdded() throws {
        var yaml = try F.edit(
            F.training, "            path: /app/data\n",
            "            path: /app/data\n          - name: extra\n            path: /app/extra\n")
        yaml = try F.edit(
            yaml, "    artifacts.ai.sap.com/dataset.kind: \"dataset\"\n",
            "    artifacts.ai.sap.com/dataset.kind: \"dataset\"\n    artifacts.ai.sap.com/extra.kind: \"dataset\"\n")
        let changes = try F.trainingChanges(yaml)
        #expect(changes == [Self.change(.inputArtifact, "extra", "added (kind dataset)", nil, "dataset")])
    }

    /// Removing a step's only input removes its whole `inputs:` block; that is the artifact's removal, nothing more.
    @Test func inputArtifactRemoved() throws {
        var yaml = try F.edit(
            F.training, "      inputs:\n        artifacts:\n          - name: dataset\n            path: /app/data\n",
            "")
        yaml = try F.edit(yaml, "    artifacts.ai.sap.com/dataset.kind: \"dataset\"\n", "")
        let changes = try F.trainingChanges(yaml)
        #expect(changes == [Self.change(.inputArtifact, "dataset", "removed", "dataset", nil)])
    }

    @Test func inputArtifactKindChanged() throws {
        let yaml = try F.edit(F.training, #"dataset.kind: "dataset""#, #"dataset.kind: "resultset""#)
        // The annotation that carries the kind is reported as the artifact's kind, not as an annotation.
        let changes = try F.trainingChanges(yaml)
        #expect(
            changes == [
                Self.change(.inputArtifact, "dataset", "kind dataset → resultset", "dataset", "resultset")
            ])
    }

    /// Where a step finds its input is not an artifact property AI Core reports, but it changes what runs.
    @Test func inputArtifactPathChangedIsASpecChange() throws {
        let yaml = try F.edit(F.training, "path: /app/data", "path: /app/input")
        let changes = try F.trainingChanges(yaml)
        #expect(
            changes == [
                Self.change(
                    .spec, "spec.templates[name=main].inputs.artifacts[name=dataset].path",
                    #""/app/data" → "/app/input""#, "/app/data", "/app/input")
            ])
    }

    @Test func servingInputArtifactAdded() throws {
        let yaml = try F.edit(F.serving, "      - name: model\n", "      - name: model\n      - name: vocabulary\n")
        let changes = try F.servingChanges(yaml)
        #expect(changes == [Self.change(.inputArtifact, "vocabulary", "added", nil, "")])
    }

    /// An output without a kind annotation is a model, as AI Core reports it.
    @Test func outputArtifactAdded() throws {
        let yaml = try F.edit(
            F.training, "            path: /app/model\n",
            "            path: /app/model\n          - name: metrics\n            globalName: trainmetrics\n"
                + "            path: /app/metrics\n")
        let changes = try F.trainingChanges(yaml)
        #expect(
            changes == [Self.change(.outputArtifact, "trainmetrics", "added (kind model)", nil, "model")])
    }

    /// An output without a globalName stays inside the workflow: not an output artifact, but still a change.
    @Test func outputWithoutGlobalNameIsASpecChange() throws {
        let yaml = try F.edit(
            F.training, "            path: /app/model\n",
            "            path: /app/model\n          - name: logs\n            path: /app/logs\n")
        let changes = try F.trainingChanges(yaml)
        let json = #"{"name":"logs","path":"/app/logs"}"#
        #expect(
            changes == [
                Self.change(
                    .spec, "spec.templates[name=main].outputs.artifacts[name=logs]", "added \"\(json)\"", nil, json)
            ])
    }

    @Test func outputArtifactRemoved() throws {
        var yaml = try F.edit(
            F.training,
            "      outputs:\n        artifacts:\n          - name: model\n            globalName: housemodel\n"
                + "            path: /app/model\n", "")
        yaml = try F.edit(yaml, "    artifacts.ai.sap.com/housemodel.kind: \"model\"\n", "")
        let changes = try F.trainingChanges(yaml)
        #expect(changes == [Self.change(.outputArtifact, "housemodel", "removed", "model", nil)])
    }

    /// Outputs are named by their globalName: renaming it is one output removed and another added.
    @Test func outputArtifactGlobalNameChanged() throws {
        var yaml = try F.edit(F.training, "globalName: housemodel", "globalName: pricemodel")
        yaml = try F.edit(yaml, "artifacts.ai.sap.com/housemodel.kind", "artifacts.ai.sap.com/pricemodel.kind")
        let changes = try F.trainingChanges(yaml)
        #expect(
            changes == [
                Self.change(.outputArtifact, "housemodel", "removed", "model", nil),
                Self.change(.outputArtifact, "pricemodel", "added (kind model)", nil, "model"),
            ])
    }

    @Test func outputArtifactKindChanged() throws {
        let yaml = try F.edit(F.training, #"housemodel.kind: "model""#, #"housemodel.kind: "resultset""#)
        let changes = try F.trainingChanges(yaml)
        #expect(
            changes == [
                Self.change(.outputArtifact, "housemodel", "kind model → resultset", "model", "resultset")
            ])
    }

    // MARK: resource plans and replicas

    @Test func workflowResourcePlanChanged() throws {
        let yaml = try F.edit(F.training, "ai.sap.com/resourcePlan: starter", "ai.sap.com/resourcePlan: train.l")
        let changes = try F.trainingChanges(yaml)
        #expect(changes == [Self.change(.resourcePlan, "main", #""starter" → "train.l""#, "starter", "train.l")])
    }

    @Test func servingResourcePlanChangedInsideTheLabelsString() throws {
        let yaml = try F.edit(F.serving, "ai.sap.com/resourcePlan: starter", "ai.sap.com/resourcePlan: infer.s")
        let changes = try F.servingChanges(yaml)
        #expect(
            changes == [Self.change(.resourcePlan, "serving", #""starter" → "infer.s""#, "starter", "infer.s")])
    }

    @Test func replicasChanged() throws {
        var yaml = try F.edit(F.serving, "minReplicas: 1", "minReplicas: 2")
        yaml = try F.edit(yaml, "maxReplicas: 2", "maxReplicas: 4")
        let changes = try F.servingChanges(yaml)
        #expect(
            changes == [
                Self.change(.replicas, "minReplicas", "1 → 2", "1", "2"),
                Self.change(.replicas, "maxReplicas", "2 → 4", "2", "4"),
            ])
    }

    @Test func replicasRemoved() throws {
        let yaml = try F.edit(F.serving, "        maxReplicas: 2\n", "")
        let changes = try F.servingChanges(yaml)
        #expect(changes == [Self.change(.replicas, "maxReplicas", "2 → unset", "2", nil)])
    }

    // MARK: env, labels, annotations

    @Test func envVariableAdded() throws {
        let yaml = try F.edit(
            F.training, "            value: \"info\"",
            "            value: \"info\"\n          - name: SEED\n            value: \"42\"")
        let changes = try F.trainingChanges(yaml)
        #expect(changes == [Self.change(.env, "main: SEED", #"added "42""#, nil, "42")])
    }

    @Test func envVariableChanged() throws {
        let yaml = try F.edit(F.serving, #"value: "{{inputs.parameters.greeting}}""#, #"value: "hi""#)
        let changes = try F.servingChanges(yaml)
        #expect(
            changes == [
                Self.change(
                    .env, "kserve-container: GREETING", #""{{inputs.parameters.greeting}}" → "hi""#,
                    "{{inputs.parameters.greeting}}", "hi")
            ])
    }

    @Test func envVariableRemoved() throws {
        let yaml = try F.edit(
            F.training, "\n        env:\n          - name: LOG_LEVEL\n            value: \"info\"", "")
        let changes = try F.trainingChanges(yaml)
        #expect(changes == [Self.change(.env, "main: LOG_LEVEL", #"removed (was "info")"#, "info", nil)])
    }

    /// Env from a secret has no literal value to report, so a change of its source is a spec change.
    @Test func envValueFromChangedIsASpecChange() throws {
        let fromSecret = "            valueFrom:\n              secretKeyRef: {name: train-secrets, key: level}"
        let old = try F.edit(F.training, #"            value: "info""#, fromSecret)
        let new = try F.edit(old, "name: train-secrets", "name: train-secrets-v2")
        #expect(
            TemplateDiff.changes(from: try F.training(old), to: try F.training(new)) == [
                Self.change(
                    .spec, "spec.templates[name=main].container.env[name=LOG_LEVEL].valueFrom.secretKeyRef.name",
                    #""train-secrets" → "train-secrets-v2""#, "train-secrets", "train-secrets-v2")
            ])
        // Switching from a literal to a secret is an env change (the literal is gone) and the new source.
        #expect(
            TemplateDiff.changes(from: try F.training(), to: try F.training(old)) == [
                Self.change(.env, "main: LOG_LEVEL", #""info" → """#, "info", ""),
                Self.change(
                    .spec, "spec.templates[name=main].container.env[name=LOG_LEVEL].valueFrom",
                    #"added "{"secretKeyRef":{"key":"level","name":"train-secrets"}}""#, nil,
                    #"{"secretKeyRef":{"key":"level","name":"train-secrets"}}"#),
            ])
    }

    @Test func labelChanges() throws {
        let yaml = try F.edit(
            F.training, #"    ai.sap.com/version: "1.0""#, "    ai.sap.com/version: \"1.1\"\n    team: \"ml\"")
        let changes = try F.trainingChanges(yaml)
        #expect(
            changes == [
                Self.change(.label, "ai.sap.com/version", #""1.0" → "1.1""#, "1.0", "1.1"),
                Self.change(.label, "team", #"added "ml""#, nil, "ml"),
            ])
        let removed = TemplateDiff.changes(from: try F.training(yaml), to: try F.training())
        #expect(
            removed == [
                Self.change(.label, "ai.sap.com/version", #""1.1" → "1.0""#, "1.1", "1.0"),
                Self.change(.label, "team", #"removed (was "ml")"#, "ml", nil),
            ])
    }

    @Test func annotationChanges() throws {
        let yaml = try F.edit(
            F.serving, #"    executables.ai.sap.com/name: "Serving""#,
            "    executables.ai.sap.com/name: \"Online serving\"\n"
                + "    executables.ai.sap.com/cascade-update-deployments: \"true\"")
        let changes = try F.servingChanges(yaml)
        #expect(
            changes == [
                Self.change(
                    .annotation, "executables.ai.sap.com/cascade-update-deployments", #"added "true""#, nil, "true"),
                Self.change(
                    .annotation, "executables.ai.sap.com/name", #""Serving" → "Online serving""#, "Serving",
                    "Online serving"),
            ])
    }

    // MARK: anything else: part spec, by path

    @Test func otherWorkflowSpecFieldAdded() throws {
        let yaml = try F.edit(F.training, "  entrypoint: main\n", "  entrypoint: main\n  activeDeadlineSeconds: 3600\n")
        let changes = try F.trainingChanges(yaml)
        #expect(changes == [Self.change(.spec, "spec.activeDeadlineSeconds", #"added "3600""#, nil, "3600")])
    }

    @Test func otherServingSpecFieldChangedInsideTheSpecString() throws {
        let yaml = try F.edit(F.serving, "containerPort: 8080", "containerPort: 9090")
        let changes = try F.servingChanges(yaml)
        #expect(
            changes == [
                Self.change(
                    .spec, "spec.template.spec.predictor.containers[name=kserve-container].ports[0].containerPort",
                    #""8080" → "9090""#, "8080", "9090")
            ])
    }

    @Test func servingAutoscalingAnnotationChangedInsideTheAnnotationsString() throws {
        let yaml = try F.edit(F.serving, "autoscaling.knative.dev/target: 1", "autoscaling.knative.dev/target: 4")
        let changes = try F.servingChanges(yaml)
        #expect(
            changes == [
                Self.change(
                    .spec, #"spec.template.metadata.annotations["autoscaling.knative.dev/target"]"#, #""1" → "4""#,
                    "1", "4")
            ])
    }

    /// A container field the typed parts do not cover (ports) is reported by path, next to the typed change.
    @Test func typedAndSpecChangesTogether() throws {
        var yaml = try F.edit(F.serving, "serve:1.2.3", "serve:2.0.0")
        yaml = try F.edit(yaml, "protocol: TCP", "protocol: UDP")
        let changes = try F.servingChanges(yaml)
        #expect(
            changes == [
                Self.change(
                    .image, "kserve-container", "docker.io/acme/serve tag 1.2.3 → 2.0.0", "docker.io/acme/serve:1.2.3",
                    "docker.io/acme/serve:2.0.0"),
                Self.change(
                    .spec, "spec.template.spec.predictor.containers[name=kserve-container].ports[0].protocol",
                    #""TCP" → "UDP""#, "TCP", "UDP"),
            ])
    }

    // MARK: not changes

    @Test func reformattingIsNotAChange() throws {
        let reformatted = """
            apiVersion: argoproj.io/v1alpha1
            kind: WorkflowTemplate
            metadata:
                name: train-model
                annotations: {scenarios.ai.sap.com/name: "Demo scenario", executables.ai.sap.com/name: "Training",
                  artifacts.ai.sap.com/dataset.kind: "dataset", artifacts.ai.sap.com/housemodel.kind: "model"}
                labels: {scenarios.ai.sap.com/id: "demo-scenario", ai.sap.com/version: "1.0"}
            spec:
                entrypoint: main
                arguments:
                    parameters: [{name: epochs, default: "2"}, {name: learningRate}]
                templates:
                -   name: main
                    metadata: {labels: {ai.sap.com/resourcePlan: starter}}
                    inputs: {artifacts: [{name: dataset, path: /app/data}]}
                    outputs:
                        artifacts:
                        -   name: model
                            globalName: housemodel
                            path: /app/model
                    container:
                        image: docker.io/acme/train:1.2.3
                        command:
                        - /bin/sh
                        - -c
                        args:
                        - python train.py --epochs {{workflow.parameters.epochs}}
                        env: [{name: LOG_LEVEL, value: "info"}]
            """
        let changes = try F.trainingChanges(reformatted)
        #expect(changes == [])
    }

    @Test func keyOrderIsNotAChange() throws {
        let reordered = """
            kind: WorkflowTemplate
            apiVersion: argoproj.io/v1alpha1
            spec:
              templates:
                - container:
                    env:
                      - value: "info"
                        name: LOG_LEVEL
                    args: ["python train.py --epochs {{workflow.parameters.epochs}}"]
                    command: ["/bin/sh", "-c"]
                    image: docker.io/acme/train:1.2.3
                  outputs:
                    artifacts:
                      - path: /app/model
                        globalName: housemodel
                        name: model
                  inputs:
                    artifacts:
                      - path: /app/data
                        name: dataset
                  metadata:
                    labels:
                      ai.sap.com/resourcePlan: starter
                  name: main
              arguments:
                parameters:
                  - name: epochs
                    default: "2"
                  - name: learningRate
              entrypoint: main
            metadata:
              labels:
                ai.sap.com/version: "1.0"
                scenarios.ai.sap.com/id: "demo-scenario"
              annotations:
                artifacts.ai.sap.com/housemodel.kind: "model"
                artifacts.ai.sap.com/dataset.kind: "dataset"
                executables.ai.sap.com/name: "Training"
                scenarios.ai.sap.com/name: "Demo scenario"
              name: train-model
            """
        let changes = try F.trainingChanges(reordered)
        #expect(changes == [])
    }

    @Test func commentsAreNotAChange() throws {
        var yaml = try F.edit(F.training, "  entrypoint: main\n", "  # the only step\n  entrypoint: main  # run it\n")
        yaml = try F.edit(yaml, "image: docker.io/acme/train:1.2.3", "image: docker.io/acme/train:1.2.3  # pinned")
        yaml = try F.edit(
            yaml, "          - name: dataset\n", "          # from the data team\n          - name: dataset\n")
        let changes = try F.trainingChanges(yaml)
        #expect(changes == [])
    }

    @Test func quotingIsNotAChange() throws {
        var yaml = try F.edit(
            F.training, #"scenarios.ai.sap.com/name: "Demo scenario""#, "scenarios.ai.sap.com/name: 'Demo scenario'")
        yaml = try F.edit(yaml, #"executables.ai.sap.com/name: "Training""#, "executables.ai.sap.com/name: Training")
        yaml = try F.edit(yaml, #"ai.sap.com/version: "1.0""#, "ai.sap.com/version: '1.0'")
        yaml = try F.edit(yaml, "image: docker.io/acme/train:1.2.3", #"image: "docker.io/acme/train:1.2.3""#)
        yaml = try F.edit(yaml, "ai.sap.com/resourcePlan: starter", #"ai.sap.com/resourcePlan: "starter""#)
        yaml = try F.edit(yaml, #"value: "info""#, "value: info")
        yaml = try F.edit(yaml, "path: /app/data", "path: '/app/data'")
        let changes = try F.trainingChanges(yaml)
        #expect(changes == [])
    }

    /// A default written as a YAML number is the same string parameter AI Core reports.
    @Test func unquotedNumericDefaultIsNotAChange() throws {
        let yaml = try F.edit(F.training, #"default: "2""#, "default: 2")
        let changes = try F.trainingChanges(yaml)
        #expect(changes == [])
    }

    /// The YAML held in a ServingTemplate's strings is compared as YAML: indentation, key order, flow style,
    /// comments, quoting and the string style itself are not changes.
    @Test func reformattedEmbeddedYAMLIsNotAChange() throws {
        let reformatted = """
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
                  annotations: |-
                    # scale on concurrent requests
                    autoscaling.knative.dev/target: 1
                    autoscaling.knative.dev/metric: "concurrency"
                  labels: "ai.sap.com/resourcePlan: 'starter'"
                spec: |
                  # the KServe predictor
                  predictor:
                      containers:
                          -   image: docker.io/acme/serve:1.2.3
                              name: kserve-container
                              env:
                                  - {name: STORAGE_URI, value: "{{inputs.artifacts.model}}"}
                                  - value: '{{inputs.parameters.greeting}}'
                                    name: GREETING
                              ports: [{protocol: TCP, containerPort: 8080}]
                      maxReplicas: 2
                      minReplicas: 1
            """
        let changes = try F.servingChanges(reformatted)
        #expect(changes == [])
    }

    // MARK: file

    @Test func movingAnExecutableToAnotherFile() throws {
        let moved = try F.training(file: "templates/training/train.yaml")
        let expected = Self.change(
            .file, F.trainingID, "moved from templates/train.yaml to templates/training/train.yaml", F.trainingFile,
            "templates/training/train.yaml")
        #expect(TemplateDiff.changes(from: try F.training(), to: moved) == [expected])
        #expect(
            TemplateDiff.compare(old: [try F.training()], new: [moved]) == [
                ExecutableDiff(
                    id: F.trainingID, status: .changed, kind: .workflow, file: "templates/training/train.yaml",
                    scenarioID: F.scenario, changes: [expected])
            ])
    }

    /// Moving it into a multi-document file (another document index) is the same move, nothing else.
    @Test func movingIntoAMultiDocumentFile() throws {
        let file = TemplateParser.parse(
            path: "templates/all.yaml", contents: Array((F.serving + "\n---\n" + F.training).utf8))
        let moved = try #require(file.templates.first { $0.id == F.trainingID })
        #expect(moved.documentIndex == 1)
        #expect(
            TemplateDiff.changes(from: try F.training(), to: moved) == [
                Self.change(
                    .file, F.trainingID, "moved from templates/train.yaml to templates/all.yaml", F.trainingFile,
                    "templates/all.yaml")
            ])
    }

    // MARK: ImageReference

    @Test func imageReferenceSplit() {
        #expect(ImageReference.split("docker.io/acme/train:1.2.3") == ("docker.io/acme/train", "1.2.3"))
        #expect(ImageReference.split("acme/train") == ("acme/train", nil))
        #expect(ImageReference.split("train:latest") == ("train", "latest"))
        #expect(ImageReference.split("registry.local:5000/acme/train") == ("registry.local:5000/acme/train", nil))
        #expect(ImageReference.split("registry.local:5000/acme/train:2") == ("registry.local:5000/acme/train", "2"))
        #expect(ImageReference.split("acme/train@sha256:0123") == ("acme/train", "sha256:0123"))
    }
}
