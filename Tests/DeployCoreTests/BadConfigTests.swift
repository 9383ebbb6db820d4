import Foundation
import PromoteModel
import TestSupport
import Testing

/// Every bad config of the corpus (Tests/PromoteModelTests/DeployConfigCorpus) stops the deploy with its error and
/// writes nothing to AI Core.
@Suite(.serialized) struct BadConfigTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PromoteModelTests/DeployConfigCorpus")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).filter { !$0.hasPrefix(".") }
            .sorted()
    }

    @Test func theCorpusIsLargeEnough() {
        #expect(Self.cases.count >= 15)
    }

    @Test func everyBadConfigIsRefusedBeforeAnyWrite() async throws {
        let harness = try await DeployHarness(repository: try DeployFixtures.repository())
        defer { Task { await harness.stop() } }
        let writesBefore = try await harness.stats()["writes"]
        for name in Self.cases {
            let directory = Self.corpus.appendingPathComponent(name)
            let config = try String(contentsOf: directory.appendingPathComponent("config.json"), encoding: .utf8)
            let overlay = try? String(contentsOf: directory.appendingPathComponent("overlay.json"), encoding: .utf8)
            try harness.repository.commit(
                "bad config \(name)", files: ["cicd/config.json": config, "cicd/config.dev.json": overlay])
            do {
                _ = try await harness.deploy()
                Issue.record("\(name): the deploy went ahead")
            } catch let error as DeployConfigError {
                #expect(error.localizedDescription.contains("cicd/config"), "\(name): \(error.localizedDescription)")
            } catch {
                Issue.record("\(name): unexpected error \(error)")
            }
        }
        #expect(try await harness.stats()["writes"] == writesBefore)
    }
}
