import Foundation
import PromoteModel
import Testing

/// Every file promote reads has a size limit, refused as one problem naming the file and the limit before any
/// parsing (issue 14); YAML nesting is bounded like JSON's.
@Suite struct InputLimitTests {
    static let stage = #"""
        {"version": 1, "name": "qa", "branch": "qa",
         "aicore": {"resource_group": "cicd-qa", "application": "cicd-templates-qa"}}
        """#

    /// `text` padded with spaces (valid JSON and YAML whitespace) to `bytes`.
    static func padded(_ text: String, to bytes: Int) -> [UInt8] {
        Array(text.utf8) + Array(repeating: 0x20, count: bytes - text.utf8.count)
    }

    @Test func aStageFileOverOneMiBIsRefusedNamingTheLimit() throws {
        let fits = Self.padded(Self.stage, to: InputLimit.stageFile.bytes)
        #expect(throws: Never.self) { try StageLoader.load([StageFileSource(path: "stages/qa.json", contents: fits)]) }
        let large = Self.padded(Self.stage, to: InputLimit.stageFile.bytes + 1)
        #expect(
            throws: StageError.invalid([
                ValidationProblem(
                    file: "stages/qa.json", path: "$",
                    message: "1048577 bytes, more than the 1 MiB promote reads for a stage file; make it smaller "
                        + "(real ones are a few KiB)")
            ])
        ) {
            try StageLoader.load([StageFileSource(path: "stages/qa.json", contents: large)])
        }
    }

    @Test func aLargeOverlayIsNamedAsTheFileAtFault() throws {
        let base = Array(#"{"version": 1}"#.utf8)
        let overlay = Self.padded("{}", to: InputLimit.deployConfig.bytes + 10)
        #expect {
            try DeployConfigLoader.load(
                base: base, basePath: "cicd/config.json", overlay: overlay, overlayPath: "cicd/config.prd.json",
                substitutions: [:])
        } throws: { error in
            guard case .invalid(let problems) = error as? DeployConfigError else { return false }
            return problems.count == 1 && problems[0].file == "cicd/config.prd.json"
                && problems[0].message.hasPrefix("8388618 bytes, more than the 8 MiB promote reads for a deploy config")
        }
    }

    @Test func aLargeCISettingsFileIsRefused() throws {
        let stages = try StageLoader.load([StageFileSource(path: "stages/qa.json", contents: Array(Self.stage.utf8))])
        #expect {
            try CISettingsLoader.load(Self.padded(#"{"version": 1}"#, to: (1 << 20) + 1), stages: stages)
        } throws: { error in
            "\(error)".contains("cicd/ci.json: $: 1048577 bytes, more than the 1 MiB promote reads for cicd/ci.json")
        }
    }

    @Test func aLargeTemplateFileIsOneProblemAndNoTemplates() {
        let file = TemplateParser.parse(
            path: "templates/big.yaml", contents: Self.padded("kind: WorkflowTemplate\n", to: (4 << 20) + 1))
        #expect(file.templates.isEmpty)
        #expect(
            file.problems.map(\.message) == [
                "4194305 bytes, more than the 4 MiB promote reads for a template file; make it smaller (real ones are a few KiB)"
            ])
    }

    @Test(arguments: ["[", "- "])
    func yamlNestedDeeperThan256LevelsIsRefusedWithItsLine(_ opener: String) {
        let deep =
            opener == "["
            ? String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n"
            : (0..<300).map { String(repeating: "  ", count: $0) + "- " }.joined(separator: "\n") + "x\n"
        let file = TemplateParser.parse(path: "templates/deep.yaml", contents: Array(deep.utf8))
        #expect(file.templates.isEmpty)
        #expect(file.problems.count == 1)
        #expect(file.problems.first?.message.contains("nested more than 256 levels deep") == true, "\(file.problems)")
    }
}
