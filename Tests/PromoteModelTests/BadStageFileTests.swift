import Foundation
import Testing

@testable import PromoteModel

/// Every folder under `BadStageFiles/` is a broken `stages/` directory whose `expected.txt` holds the exact error the
/// loader must report for it. To re-record the expected files after a deliberate message change, run the tests with
/// `PROMOTE_RECORD_BAD_STAGE_FILES=1` and review the diff: recording writes whatever the loader prints, so it would
/// also overwrite an expected file that states the message the loader should print but does not yet.
@Suite struct BadStageFileTests {
    /// The corpus must not silently shrink (a lost resource folder would otherwise pass with zero cases).
    static let minimumCaseCount = 24

    static var corpus: URL? { Bundle.module.url(forResource: "BadStageFiles", withExtension: nil) }

    static let caseNames: [String] = {
        guard let corpus, let names = try? FileManager.default.contentsOfDirectory(atPath: corpus.path) else {
            return []
        }
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    /// The checked-in corpus, where recording writes (the bundle holds only a copy).
    static let sourceCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("BadStageFiles")

    @Test func corpusHasEnoughCases() {
        #expect(Self.caseNames.count >= Self.minimumCaseCount, "cases found: \(Self.caseNames)")
    }

    @Test(arguments: caseNames)
    func reportsTheExpectedError(caseName: String) throws {
        let directory = try #require(Self.corpus).appendingPathComponent(caseName)
        let message: String
        do {
            let stages = try StageLoader.load(directory: directory.path, displayPrefix: "stages/")
            Issue.record("\(caseName) loaded stages \(stages.stages.map(\.name)) instead of failing")
            return
        } catch {
            message = String(describing: error)
        }
        if ProcessInfo.processInfo.environment["PROMOTE_RECORD_BAD_STAGE_FILES"] == "1" {
            let target = Self.sourceCorpus.appendingPathComponent(caseName).appendingPathComponent("expected.txt")
            try (message + "\n").write(to: target, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: directory.appendingPathComponent("expected.txt"), encoding: .utf8)
        #expect(message == Self.trimmingFinalNewline(expected))
    }

    static func trimmingFinalNewline(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
