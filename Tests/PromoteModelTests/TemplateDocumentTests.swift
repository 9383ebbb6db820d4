import Testing

@testable import PromoteModel

/// `ExecutableTemplate.document` and the embedded YAML: formatting is not a difference, meaning is.
@Suite struct TemplateDocumentTests {
    static func parse(_ text: String, path: String = "serve.yaml") throws -> ExecutableTemplate {
        let file = TemplateParser.parse(path: path, contents: Array(text.utf8))
        #expect(file.problems.filter { $0.severity == .error } == [], "\(file.problems.map(\.description))")
        return try #require(file.templates.first)
    }

    /// The model except `file`, which names where the document came from rather than what it says, and the order of
    /// the placeholders, which follows the order of first use and so moves when keys are reordered.
    static func sameExceptFile(_ lhs: ExecutableTemplate, _ rhs: ExecutableTemplate) -> Bool {
        lhs.kind == rhs.kind && lhs.id == rhs.id && lhs.labels == rhs.labels && lhs.annotations == rhs.annotations
            && lhs.parameters == rhs.parameters && lhs.inputArtifacts == rhs.inputArtifacts
            && lhs.outputArtifacts == rhs.outputArtifacts && lhs.containers == rhs.containers
            && lhs.resourcePlans == rhs.resourcePlans && lhs.minReplicas == rhs.minReplicas
            && lhs.maxReplicas == rhs.maxReplicas && lhs.cascadeUpdate == rhs.cascadeUpdate
            && Set(lhs.placeholders) == Set(rhs.placeholders) && lhs.document == rhs.document
    }

    static let serving = """
        apiVersion: ai.sap.com/v1alpha1
        kind: ServingTemplate
        metadata:
          name: demo-serve
          annotations:
            scenarios.ai.sap.com/name: "Demo"
            executables.ai.sap.com/name: "demo-serve"
          labels:
            scenarios.ai.sap.com/id: "demo"
            ai.sap.com/version: "1.0"
        spec:
          inputs:
            parameters:
              - name: image
                type: string
                default: "docker.io/acme/demo:1.0"
            artifacts:
              - name: demomodel
          template:
            apiVersion: serving.kserve.io/v1beta1
            metadata:
              annotations: |
                autoscaling.knative.dev/metric: concurrency
                autoscaling.knative.dev/target: 1
              labels: |
                ai.sap.com/resourcePlan: starter
            spec: |
              predictor:
                minReplicas: 1
                containers:
                  - name: kserve-container
                    image: {{inputs.parameters.image}}
                    env:
                      - name: STORAGE_URI
                        value: "{{inputs.artifacts.demomodel}}"

        """

    /// The same template with other key order, comments, quoting, flow style, indentation, and the embedded YAML
    /// written differently (a quoted string instead of a block, quoted placeholders, reordered keys).
    static let servingReformatted = """
        # the same template, written by someone else
        kind: 'ServingTemplate'
        apiVersion: "ai.sap.com/v1alpha1"
        spec:
            template:
                spec: |-
                    # the predictor
                    predictor:
                        containers:
                        -   env: [{value: '{{inputs.artifacts.demomodel}}', name: STORAGE_URI}]
                            image: "{{inputs.parameters.image}}"
                            name: "kserve-container"
                        minReplicas: 1
                metadata:
                    labels: "ai.sap.com/resourcePlan: 'starter'"
                    annotations: "autoscaling.knative.dev/target: 1\\nautoscaling.knative.dev/metric: \\"concurrency\\""
                apiVersion: 'serving.kserve.io/v1beta1'
            inputs:
                artifacts: [{name: demomodel}]
                parameters: [{default: 'docker.io/acme/demo:1.0', name: image, type: string}]
        metadata:
            labels: {ai.sap.com/version: '1.0', scenarios.ai.sap.com/id: demo}
            annotations:
                executables.ai.sap.com/name: demo-serve   # executable
                scenarios.ai.sap.com/name: Demo
            name: "demo-serve"
        """

    @Test func formattingKeyOrderCommentsAndQuotingAreNotDifferences() throws {
        let original = try Self.parse(Self.serving, path: "a.yaml")
        let reformatted = try Self.parse(Self.servingReformatted, path: "b.yaml")
        #expect(original.document == reformatted.document)
        #expect(Self.sameExceptFile(original, reformatted))
    }

    @Test func jsonAndYAMLOfTheSameTemplateAreEqual() throws {
        let yaml = try Self.parse(
            """
            apiVersion: argoproj.io/v1alpha1
            kind: WorkflowTemplate
            metadata:
              name: demo-train
              labels: {scenarios.ai.sap.com/id: demo, ai.sap.com/version: "2"}
              annotations: {scenarios.ai.sap.com/name: Demo, executables.ai.sap.com/name: demo-train}
            spec:
              entrypoint: run
              arguments: {parameters: [{name: rate, default: 0.5}]}
              templates:
                - name: run
                  metadata: {labels: {ai.sap.com/resourcePlan: starter}}
                  container: {image: "busybox:1.36", command: [sh, -c], args: ["echo {{workflow.parameters.rate}}"]}
            """, path: "t.yaml")
        let json = try Self.parse(
            """
            {"kind": "WorkflowTemplate", "apiVersion": "argoproj.io/v1alpha1",
             "metadata": {"name": "demo-train",
               "annotations": {"executables.ai.sap.com/name": "demo-train", "scenarios.ai.sap.com/name": "Demo"},
               "labels": {"ai.sap.com/version": "2", "scenarios.ai.sap.com/id": "demo"}},
             "spec": {"templates": [{"name": "run", "metadata": {"labels": {"ai.sap.com/resourcePlan": "starter"}},
                "container": {"args": ["echo {{workflow.parameters.rate}}"], "command": ["sh", "-c"],
                  "image": "busybox:1.36"}}],
               "arguments": {"parameters": [{"default": 0.5, "name": "rate"}]}, "entrypoint": "run"}}
            """, path: "t.json")
        #expect(yaml.document == json.document)
        #expect(Self.sameExceptFile(yaml, json))
    }

    @Test func aYAMLTypeChangeInALabelIsADifference() throws {
        let quoted = try Self.parse(Self.serving)
        let unquoted = TemplateParser.parse(
            path: "serve.yaml",
            contents: Array(Self.serving.replacing("ai.sap.com/version: \"1.0\"", with: "ai.sap.com/version: 1.0").utf8)
        )
        let template = try #require(unquoted.templates.first)
        #expect(template.document != quoted.document)
        // The text is the same; the type is what Kubernetes rejects.
        #expect(template.versionID == "1.0")
        #expect(unquoted.problems.map(\.path) == ["metadata.labels[\"ai.sap.com/version\"]"])
    }

    @Test func aChangedValueInsideTheEmbeddedSpecIsADifference() throws {
        let original = try Self.parse(Self.serving)
        let changed = try Self.parse(Self.serving.replacing("minReplicas: 1", with: "minReplicas: 2"))
        #expect(original.document != changed.document)
        #expect(changed.minReplicas == 2)
    }

    @Test func unquotedPlaceholderImageParsesAsAString() throws {
        // As written, `image: {{inputs.parameters.image}}` is a YAML flow map inside a flow map; AI Core fills the
        // placeholder in before parsing, so it must read as the string it will become.
        let template = try Self.parse(Self.serving)
        #expect(template.containers.map(\.image) == ["{{inputs.parameters.image}}"])
        #expect(template.containers.map(\.env) == [["STORAGE_URI": "{{inputs.artifacts.demomodel}}"]])
        #expect(template.placeholders == [.parameter("image"), .artifact("demomodel")])
        let image = TemplateParserTests.value(
            template.document, "spec", "template", "spec", "predictor", "containers", "0", "image")
        #expect(image == .string("{{inputs.parameters.image}}"))
    }

    @Test func placeholdersWithSpacesAndInsideLongerStringsAreKeptVerbatim() throws {
        let text = Self.serving.replacing(
            "value: \"{{inputs.artifacts.demomodel}}\"", with: "value: s3://bucket/{{ inputs.artifacts.demomodel }}/v1")
        let template = try Self.parse(text)
        #expect(template.containers.first?.env["STORAGE_URI"] == "s3://bucket/{{ inputs.artifacts.demomodel }}/v1")
        #expect(template.placeholders == [.parameter("image"), .artifact("demomodel")])
    }

    @Test func placeholderScanning() {
        let text = "a: {{inputs.parameters.x}}\nb: {{  inputs.artifacts.m  }} {{inputs.parameters.x}}\nc: {{other}}"
        let found = EmbeddedTemplateYAML.occurrences(in: text)
        #expect(
            found.map(\.text) == [
                "{{inputs.parameters.x}}", "{{  inputs.artifacts.m  }}", "{{inputs.parameters.x}}", "{{other}}",
            ])
        #expect(found.map(\.line) == [1, 2, 2, 3])
        #expect(found.map(\.placeholder) == [.parameter("x"), .artifact("m"), .parameter("x"), nil])
    }

    @Test func embeddedParsingRestoresEveryPlaceholder() throws {
        // Twelve placeholders: the tenth's token must not be mistaken for the first's.
        let lines = (1...12).map { "k\($0): {{inputs.parameters.p\($0)}}" }.joined(separator: "\n")
        let node = try #require(try EmbeddedTemplateYAML.parse(lines, firstLine: 10, fallbackLine: nil))
        #expect(node["k1"]?.string == "{{inputs.parameters.p1}}")
        #expect(node["k10"]?.string == "{{inputs.parameters.p10}}")
        #expect(node["k12"]?.line == 21)
    }

    @Test func embeddedParsingKeepsAnExistingTokenLookalike() throws {
        let node = try #require(
            try EmbeddedTemplateYAML.parse(
                "a: PROMOTEPLACEHOLDER0Z\nb: {{inputs.parameters.x}}", firstLine: nil, fallbackLine: 3))
        #expect(node["a"]?.string == "PROMOTEPLACEHOLDER0Z")
        #expect(node["b"]?.string == "{{inputs.parameters.x}}")
        #expect(node["b"]?.line == 3)
    }

    @Test func embeddedSyntaxErrorNamesTheLineInsideTheString() {
        #expect(throws: EmbeddedTemplateYAML.SyntaxError.self) {
            try EmbeddedTemplateYAML.parse("a: 1\n b: 2\n", firstLine: nil, fallbackLine: nil)
        }
        do {
            _ = try EmbeddedTemplateYAML.parse("ok: 1\nbad: [\n", firstLine: nil, fallbackLine: nil)
        } catch {
            #expect(error.line == 3)
            #expect(error.problem == "did not find expected node content")
        }
    }
}
