import Foundation
import Testing

@testable import PromoteModel

/// Every folder under `TemplateCorpus/bad/` is a broken sync path whose `expected.txt` holds the exact problems
/// (`TemplateProblem.description`, one a line, sorted) that the parser and the cross-file rules report for it. To
/// re-record the expected files after a deliberate message change, run the tests with
/// `PROMOTE_RECORD_BAD_TEMPLATES=1` and review the diff: recording writes whatever the checks print, so it would also
/// overwrite an expected file that states the problem the checks should report but do not yet.
@Suite struct TemplateCorpusTests {
    /// The corpus must not silently shrink (a lost resource folder would otherwise pass with zero cases).
    static let minimumCaseCount = 25

    static var corpus: URL? { Bundle.module.url(forResource: "TemplateCorpus", withExtension: nil) }

    static let caseNames: [String] = {
        guard let corpus,
            let names = try? FileManager.default.contentsOfDirectory(
                atPath: corpus.appendingPathComponent("bad").path)
        else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    /// The checked-in corpus, where recording writes (the bundle holds only a copy).
    static let sourceCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("TemplateCorpus")

    /// Reads the template files of `directory` the way AI Core reads a synced path: top-level `*.yaml`, `*.yml`
    /// and `*.json` files only.
    static func load(_ directory: URL) throws -> [TemplateFile] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return try names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }.map {
            name in
            let contents = try Data(contentsOf: directory.appendingPathComponent(name))
            return TemplateParser.parse(path: name, contents: Array(contents))
        }
    }

    /// Every problem of the path: each file's own and the cross-file ones.
    static func problems(_ files: [TemplateFile]) -> [TemplateProblem] {
        (files.flatMap(\.problems) + TemplateRules.check(files)).sorted()
    }

    @Test func corpusHasEnoughCases() {
        #expect(Self.caseNames.count >= Self.minimumCaseCount, "cases found: \(Self.caseNames)")
    }

    @Test(arguments: caseNames)
    func reportsTheExpectedProblems(caseName: String) throws {
        let directory = try #require(Self.corpus).appendingPathComponent("bad").appendingPathComponent(caseName)
        let problems = Self.problems(try Self.load(directory))
        #expect(!problems.isEmpty, "\(caseName) has no problem")
        let report = problems.map(\.description).joined(separator: "\n")
        if ProcessInfo.processInfo.environment["PROMOTE_RECORD_BAD_TEMPLATES"] == "1" {
            let target = Self.sourceCorpus.appendingPathComponent("bad").appendingPathComponent(caseName)
                .appendingPathComponent("expected.txt")
            try (report + "\n").write(to: target, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: directory.appendingPathComponent("expected.txt"), encoding: .utf8)
        #expect(report == Self.trimmingFinalNewline(expected))
    }

    @Test func goodTemplatesHaveNoProblems() throws {
        let files = try Self.load(try #require(Self.corpus).appendingPathComponent("good"))
        #expect(files.count == 4)
        #expect(Self.problems(files).map(\.description) == [])
        #expect(
            files.flatMap(\.templates).map(\.id).sorted() == [
                "churn-serve", "churn-train", "fraud-serve", "fraud-train", "nightly-scoring",
            ])
    }

    static func trimmingFinalNewline(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
