import Foundation
import Testing

@testable import PromoteModel

/// Every folder under `DeployConfigCorpus/` is a broken deploy config: `config.json` (loaded as
/// `cicd/config.json`), optionally `overlay.json` (loaded as `cicd/config.tst.json`), and `expected.txt` with the
/// exact error the loader must report. To re-record the expected files after a deliberate message change, run the
/// tests with `PROMOTE_RECORD_DEPLOY_CONFIGS=1` and review the diff: recording writes whatever the loader prints.
@Suite struct DeployConfigCorpusTests {
    /// The corpus must not silently shrink (a lost resource folder would otherwise pass with zero cases).
    static let minimumCaseCount = 20

    static let basePath = "cicd/config.json"
    static let overlayPath = "cicd/config.tst.json"
    static let substitutions = [
        "PROMOTE_COMMIT": "0123456789abcdef0123456789abcdef01234567", "PROMOTE_COMMIT_SHORT": "0123456",
        "PROMOTE_STAGE": "tst",
    ]

    static var corpus: URL? { Bundle.module.url(forResource: "DeployConfigCorpus", withExtension: nil) }

    static let caseNames: [String] = {
        guard let corpus, let names = try? FileManager.default.contentsOfDirectory(atPath: corpus.path) else {
            return []
        }
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    /// The checked-in corpus, where recording writes (the bundle holds only a copy).
    static let sourceCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("DeployConfigCorpus")

    @Test func corpusHasEnoughCases() {
        #expect(Self.caseNames.count >= Self.minimumCaseCount, "cases found: \(Self.caseNames)")
    }

    @Test(arguments: caseNames)
    func reportsTheExpectedError(caseName: String) throws {
        let directory = try #require(Self.corpus).appendingPathComponent(caseName)
        let base = try Data(contentsOf: directory.appendingPathComponent("config.json"))
        let overlayURL = directory.appendingPathComponent("overlay.json")
        let overlay = FileManager.default.fileExists(atPath: overlayURL.path) ? try Data(contentsOf: overlayURL) : nil
        let message: String
        do {
            let config = try DeployConfigLoader.load(
                base: Array(base), basePath: Self.basePath, overlay: overlay.map(Array.init),
                overlayPath: overlay == nil ? nil : Self.overlayPath, substitutions: Self.substitutions)
            Issue.record("\(caseName) loaded \(config) instead of failing")
            return
        } catch {
            message = error.description
        }
        if ProcessInfo.processInfo.environment["PROMOTE_RECORD_DEPLOY_CONFIGS"] == "1" {
            let target = Self.sourceCorpus.appendingPathComponent(caseName).appendingPathComponent("expected.txt")
            try (message + "\n").write(to: target, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: directory.appendingPathComponent("expected.txt"), encoding: .utf8)
        #expect(message == (expected.hasSuffix("\n") ? String(expected.dropLast()) : expected))
    }
}
