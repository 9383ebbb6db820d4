import Foundation
import Testing

@testable import PromoteModel

/// "Billion laughs": a few hundred bytes of nested anchors and aliases that expand to billions of nodes. Each form
/// must be refused as one problem naming the file, the line and the limit, without expanding it.
@Suite struct AliasBombTests {
    /// Nine levels of nine aliases each: 9^9 (387 million) leaves from about 400 bytes.
    static func laughs(sequences: Bool) -> String {
        var lines = sequences ? [#"a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#] : [#"a0: &a0 {k: lol}"#]
        for level in 1...8 {
            let previous = "*a\(level - 1)"
            if sequences {
                lines.append("a\(level): &a\(level) [" + Array(repeating: previous, count: 9).joined(separator: ",") + "]")
            } else {
                let members = (0..<9).map { "k\($0): \(previous)" }.joined(separator: ", ")
                lines.append("a\(level): &a\(level) {\(members)}")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let mergeKeys = """
        a0: &a0 {x0: 1, x1: 1, x2: 1, x3: 1, x4: 1, x5: 1, x6: 1, x7: 1, x8: 1}
        a1: &a1 {<<: [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0], y: [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]}
        a2: &a2 {y: [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]}
        a3: &a3 {y: [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]}
        a4: &a4 {y: [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]}
        a5: &a5 {y: [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]}
        a6: &a6 {y: [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]}
        a7: &a7 {y: [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]}
        """

    /// An alias to a huge node as a mapping key: Yams's duplicate-key check hashes keys, a walk of the whole expansion.
    static let aliasKeys = laughs(sequences: true) + "b:\n  *a8 : 1\n  other: 2\n"

    @Test(arguments: [
        ("sequences", laughs(sequences: true)), ("mappings", laughs(sequences: false)), ("merge keys", mergeKeys),
        ("alias as a key", aliasKeys), ("in a later document", "a: 1\n---\n" + laughs(sequences: true)),
    ])
    func anAliasBombIsRefusedWithoutExpandingIt(_ form: String, _ yaml: String) throws {
        let file = TemplateParser.parse(path: "templates/bomb.yaml", contents: Array(yaml.utf8))
        #expect(file.templates.isEmpty, "\(form)")
        let problem = try #require(file.problems.first, "\(form)")
        #expect(file.problems.count == 1)
        #expect(problem.file == "templates/bomb.yaml")
        #expect(problem.message.hasPrefix("Failed to unmarshal \"bomb.yaml\": error converting YAML to JSON: yaml: line "))
        #expect(problem.message.contains("excessive aliasing"), "\(form): \(problem.message)")
        #expect(problem.line != nil)
    }

    @Test func aServingTemplatesEmbeddedYAMLStringIsGuardedToo() throws {
        let bomb = Self.laughs(sequences: true).replacingOccurrences(of: "\"", with: "'")
        let embedded = bomb.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
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
                spec: |
            \(embedded)
            """
        let file = TemplateParser.parse(path: "serve.yaml", contents: Array(text.utf8))
        #expect(file.problems.contains { $0.message.contains("excessive aliasing") }, "\(file.problems)")
    }

    @Test func ordinaryAnchorsAndLargeFilesWithoutAliasesAreRead() throws {
        let reused = "defaults: &d {cpu: 1, memory: 2}\nfirst: *d\nsecond: {<<: *d, cpu: 4}\n"
        #expect(!TemplateParser.parse(path: "t.yaml", contents: Array(reused.utf8)).problems.contains {
            $0.message.contains("aliasing")
        })
        #expect(throws: Never.self) { try YAMLAliasBudget.check(reused) }
        // Many nodes but no alias: linear work, not refused as aliasing.
        let wide = "items: [" + Array(repeating: "1", count: YAMLAliasBudget.maximumExpandedNodes + 10).joined(separator: ",") + "]\n"
        #expect(throws: Never.self) { try YAMLAliasBudget.check(wide) }
        // The same number of nodes reached through one alias is refused.
        let half = "a: &a [" + Array(repeating: "1", count: YAMLAliasBudget.maximumExpandedNodes / 2 + 10).joined(separator: ",") + "]\nb: *a\n"
        #expect(throws: YAMLAliasBudget.Exceeded.self) { try YAMLAliasBudget.check(half) }
    }
}
