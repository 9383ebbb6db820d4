import Testing

@testable import PromoteModel

/// The cross-file rules and the naming predicates, beyond what the corpus cases show.
@Suite struct TemplateRulesTests {
    static func workflow(_ name: String, scenario: String = "demo", scenarioName: String = "Demo") -> String {
        """
        {apiVersion: argoproj.io/v1alpha1, kind: WorkflowTemplate, metadata: {name: \(name),
         labels: {scenarios.ai.sap.com/id: \(scenario), ai.sap.com/version: "1"},
         annotations: {scenarios.ai.sap.com/name: "\(scenarioName)", executables.ai.sap.com/name: \(name)}},
         spec: {templates: [{name: run, metadata: {labels: {ai.sap.com/resourcePlan: starter}},
                container: {image: "busybox:1.36"}}]}}

        """
    }

    static func serving(_ name: String, scenario: String = "demo") -> String {
        """
        {apiVersion: ai.sap.com/v1alpha1, kind: ServingTemplate, metadata: {name: \(name),
         labels: {scenarios.ai.sap.com/id: \(scenario), ai.sap.com/version: "1"},
         annotations: {scenarios.ai.sap.com/name: Demo, executables.ai.sap.com/name: \(name)}},
         spec: {inputs: {parameters: [{name: port}]}, template: {apiVersion: serving.kserve.io/v1beta1,
           metadata: {labels: "ai.sap.com/resourcePlan: starter"},
           spec: "predictor: {containers: [{name: main, image: 'busybox:1.36'}]}"}}}

        """
    }

    static func file(_ path: String, _ documents: [String]) -> TemplateFile {
        let file = TemplateParser.parse(path: path, contents: Array(documents.joined(separator: "---\n").utf8))
        #expect(file.problems == [], "\(file.problems.map(\.description))")
        return file
    }

    @Test func exactlyAtTheQuotaIsFine() {
        let workflows = (1...50).map { Self.workflow("train-\($0)") }
        let servers = (1...50).map { Self.serving("serve-\($0)") }
        let files = [Self.file("a.yaml", workflows), Self.file("b.yaml", servers)]
        #expect(files.flatMap(\.templates).count == 100)
        #expect(TemplateRules.check(files) == [])
    }

    @Test func overTheQuotaIsReportedOnceOnTheFirstTemplateOverIt() throws {
        // Files are taken in path order, whatever order the caller passes them in.
        let files = [
            Self.file("b.yaml", (26...51).map { Self.workflow("train-\($0)") }),
            Self.file("a.yaml", (1...25).map { Self.workflow("train-\($0)") }),
        ]
        let problems = TemplateRules.check(files)
        let problem = try #require(problems.first)
        #expect(problems.count == 1)
        #expect(problem.file == "b.yaml")
        #expect(problem.executableID == "train-51")
        // Each document takes five lines and its `---` separator one more.
        #expect(problem.line == 1 + 25 * 6)
        #expect(problem.severity == .error)
    }

    @Test func duplicateIDsInOneFileAreReportedOnEachDocumentLine() {
        let file = Self.file("t.yaml", [Self.workflow("demo-train"), Self.serving("demo-train")])
        let problems = TemplateRules.check([file])
        #expect(problems.map(\.line) == [1, 7])
        #expect(
            problems.map(\.message) == [
                "executable ID \"demo-train\" is also used in document 2 of this file; AI Core then shows neither "
                    + "executable; executable IDs must be unique across the tenant",
                "executable ID \"demo-train\" is also used in document 1 of this file; AI Core then shows neither "
                    + "executable; executable IDs must be unique across the tenant",
            ])
    }

    @Test func theResultDoesNotDependOnTheOrderOfFiles() {
        let files = [
            Self.file("a.yaml", [Self.workflow("demo-train"), Self.serving("solo-serve", scenario: "solo")]),
            Self.file("b.yaml", [Self.workflow("demo-train", scenarioName: "Other name")]),
            Self.file("c.yaml", [Self.serving("demo-serve")]),
        ]
        let forward = TemplateRules.check(files)
        #expect(forward == TemplateRules.check(files.reversed()))
        #expect(forward == forward.sorted())
        #expect(forward.count == 2 + 1 + 3)
    }

    @Test func aServingTemplateWithItsWorkflowInAnotherFileIsFine() {
        let files = [
            Self.file("serve.yaml", [Self.serving("demo-serve")]),
            Self.file("train.yaml", [Self.workflow("demo-train")]),
        ]
        #expect(TemplateRules.check(files) == [])
    }

    @Test(arguments: [
        ("demo", true), ("demo-train-2", true), ("a1b2", true), (String(repeating: "a", count: 64), true),
        ("abc", false), (String(repeating: "a", count: 65), false), ("demo_train", false), ("demo.train", false),
        ("Demo-train", false), ("-demo", false), ("demo-", false), ("démo", false),
    ])
    func executableIDs(id: String, valid: Bool) {
        #expect(TemplateNameRules.isValidExecutableID(id) == valid)
    }

    @Test(arguments: [
        ("demo", true), ("Demo_Scenario.v2", true), (String(repeating: "a", count: 63), true), ("dm", false),
        (String(repeating: "a", count: 64), false), ("_demo", false), ("demo.", false), ("de mo", false),
    ])
    func scenarioIDs(id: String, valid: Bool) {
        #expect(TemplateNameRules.isValidScenarioID(id) == valid)
    }

    @Test(arguments: [
        ("python:3.12", false), ("docker.io/acme/app:1.0.0", false), ("localhost:5000/app:2", false),
        ("acme/app@sha256:0123", false), ("acme/app:latest@sha256:0123", false), ("{{inputs.parameters.image}}", false),
        ("docker.io/acme/{{inputs.parameters.name}}", false), ("python", true), ("python:latest", true),
        ("localhost:5000/app", true), ("ghcr.io/acme/app:latest", true),
    ])
    func imagePinning(image: String, unpinned: Bool) {
        #expect((TemplateNameRules.unpinnedImageReason(image) != nil) == unpinned)
    }

    @Test func problemDescriptionsNameFileLinePathAndSeverity() {
        let error = TemplateProblem(file: "t.yaml", path: "metadata.name", line: 4, message: "bad")
        let warning = TemplateProblem(file: "t.yaml", path: "", message: "careful", severity: .warning)
        #expect(error.description == "t.yaml:4: metadata.name: bad")
        #expect(warning.description == "t.yaml: warning: careful")
    }
}
