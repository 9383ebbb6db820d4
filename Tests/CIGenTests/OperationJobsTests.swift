import CIGen
import Foundation
import PromoteModel
import TestSupport
import Testing

/// The manual rollback, hold and release jobs (docs/ci.md, "Rollback, hold and release from CI"): one of each per
/// stage in every CI, started only by its own choice of operation and stage, and what the user types never written
/// into a script.
@Suite struct OperationJobsTests {
    private func files(_ set: String) throws -> (stages: [Stage], github: String, gitlab: String, jenkins: String) {
        let tree = try CIFixtures.workingTree(set)
        let project = try CIFixtures.render(root: tree.path)
        let stages = try StageLoader.load(directory: tree.appending("stages")).stages
        func contents(_ path: String) throws -> String {
            try #require(project.files.first { $0.path == path }).contents
        }
        return (
            stages, try contents(".github/workflows/promote.yml"), try contents(".gitlab-ci.yml"),
            try contents("Jenkinsfile")
        )
    }

    @Test(arguments: CIFixtures.stageSets)
    func everyStageHasARollbackAHoldAndAReleaseJobInEveryCI(set: String) throws {
        let (stages, github, gitlab, jenkins) = try files(set)
        for stage in stages.map(\.name) {
            for operation in ["rollback", "hold", "release"] {
                #expect(github.contains("\n  \(operation)-\(stage):\n"), "\(set): GitHub job \(operation)-\(stage)")
                #expect(
                    github.contains(
                        "if: github.event_name == 'workflow_dispatch' && inputs.operation == '\(operation)' "
                            + "&& inputs.stage == '\(stage)'\n"))
                #expect(gitlab.contains("\n\(operation):\(stage):\n"), "\(set): GitLab job \(operation):\(stage)")
                #expect(
                    jenkins.contains(
                        "expression { params.PROMOTE_OPERATION == '\(operation)' && params.PROMOTE_STAGE == '\(stage)' }"
                    ))
            }
            #expect(github.contains("          - \"\(stage)\"\n"), "\(set): \(stage) is a choice of the stage input")
        }
        // A promotion or a push build never runs alongside an operation.
        #expect(github.contains("inputs.operation == 'promote' && inputs.to == "))
        #expect(!jenkins.contains("(params.PROMOTE_TO ?: '-') == '-' }"))
    }

    /// GitHub expands `${{ }}` before the shell runs, so an input inside `run:` would be code; Jenkins's Groovy
    /// interpolation into `sh` would be the same. The inputs must arrive through the environment.
    @Test(arguments: CIFixtures.stageSets)
    func inputsReachCommandsThroughTheEnvironmentOnly(set: String) throws {
        let (_, github, _, jenkins) = try files(set)
        for line in Self.runScriptLines(github) {
            #expect(!line.contains("${{"), "\(set): an expression in a run: script: \(line)")
        }
        for name in ["reason", "rollback_to", "release_record"] {
            #expect(github.contains(": ${{ inputs.\(name) }}\n"), "\(set): input \(name) is passed through env:")
        }
        for line in jenkins.split(separator: "\n") where line.contains("params.") {
            #expect(line.contains("expression {"), "\(set): params outside a when expression: \(line)")
        }
        #expect(jenkins.contains(#"promote hold "#) && jenkins.contains(#"--reason "$PROMOTE_REASON""#))
    }

    /// The lines of every `run:` script of a workflow: the value of a one-line `run:`, or the lines of a `run: |`
    /// block (indented deeper than its key).
    static func runScriptLines(_ workflow: String) -> [String] {
        var lines: [String] = []
        var blockIndent: Int?
        for line in workflow.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let indent = line.prefix { $0 == " " }.count
            if let current = blockIndent {
                if line.trimmingCharacters(in: .whitespaces).isEmpty || indent > current {
                    lines.append(line)
                    continue
                }
                blockIndent = nil
            }
            let trimmed = line.drop { $0 == " " }
            let key = trimmed.hasPrefix("- ") ? trimmed.dropFirst(2) : trimmed
            guard key.hasPrefix("run: ") else { continue }
            let value = key.dropFirst("run: ".count)
            if value == "|" {
                blockIndent = indent + (trimmed.hasPrefix("- ") ? 2 : 0)
            } else {
                lines.append(String(value))
            }
        }
        return lines
    }

    @Test func runScriptLinesReadsOneLineAndBlockScripts() {
        let workflow = """
            steps:
              - run: echo one
              - name: two
                run: |
                  echo two
                  echo three
                env:
                  X: ${{ inputs.x }}
            """
        #expect(Self.runScriptLines(workflow) == ["echo one", "      echo two", "      echo three"])
    }
}
