import Foundation
import Testing

@testable import PromoteModel

/// The stage set the project ships in its top-level `stages/` folder (copied by `promote init`) must load.
@Suite struct DefaultStagesTests {
    static let stagesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../stages").standardized.path

    func load() throws -> StageSet {
        try StageLoader.load(directory: Self.stagesDirectory, displayPrefix: "stages/")
    }

    @Test func stagesAreInGraphOrder() throws {
        let set = try load()
        #expect(set.stages.map(\.name) == ["dev", "tst", "prd"])
        #expect(set.stages.map(\.from) == [nil, "dev", "tst"])
        #expect(set.stages.map(\.branch) == ["main", "tst", "prd"])
        #expect(set.stages.map(\.file) == ["stages/dev.json", "stages/tst.json", "stages/prd.json"])
        let dev = try set.stage(named: "dev")
        let tst = try set.stage(named: "tst")
        #expect(set.downstream(of: "dev").map(\.name) == ["tst"])
        #expect(set.upstream(of: tst) == dev)
        #expect(set.upstream(of: dev) == nil)
    }

    @Test func entryStageFields() throws {
        let dev = try #require(try load()["dev"])
        #expect(dev.branch == "main")
        #expect(dev.from == nil)
        #expect(dev.environment == "dev")
        #expect(
            dev.aicore
                == AICoreSettings(
                    resourceGroup: "cicd-dev", application: "cicd-templates-dev", envPrefix: "AICORE_DEV_"))
        #expect(
            dev.deploy
                == DeploySettings(
                    config: "cicd/config.json", overlay: "cicd/config.dev.json", cleanUp: .scenario,
                    timeoutSeconds: 1800))
        #expect(dev.gates.approvals == nil)
        #expect(dev.gates.requireDeployedUpstream == false)
        #expect(dev.gates.tests == [Hook(name: "unit", run: "python -m pytest -q", timeoutSeconds: 600)])
        #expect(dev.gates.verify.isEmpty)
    }

    @Test func gatedStagesParseTheirGates() throws {
        let set = try load()
        let tst = try #require(set["tst"])
        #expect(tst.from == "dev")
        #expect(tst.gates.approvals == ApprovalGate(required: 1, allowAuthors: false, ttlHours: 72))
        #expect(tst.gates.requireDeployedUpstream)
        #expect(tst.gates.tests == [Hook(name: "unit", run: "python -m pytest -q", timeoutSeconds: 600)])
        #expect(tst.gates.verify == [Hook(name: "smoke", run: "./scripts/smoke.sh", timeoutSeconds: 120)])
        #expect(tst.aicore.envPrefix == "AICORE_TST_")
        let prd = try #require(set["prd"])
        #expect(prd.from == "tst")
        #expect(prd.gates.approvals == ApprovalGate(required: 2, allowAuthors: false, ttlHours: 72))
        #expect(prd.deploy.timeoutSeconds == 3600)
        #expect(prd.deploy.overlay == "cicd/config.prd.json")
    }

    @Test func omittedKeysTakeTheirDefaults() throws {
        let minimal = #"""
            {"version": 1, "name": "qa", "branch": "qa",
             "aicore": {"resource_group": "cicd-qa", "application": "cicd-templates-qa"},
             "gates": {"approvals": {"required": 1}, "tests": [{"name": "unit", "run": "make test"}]}}
            """#
        let set = try StageLoader.load([StageFileSource(path: "stages/qa.json", contents: Array(minimal.utf8))])
        let qa = try #require(set["qa"])
        #expect(qa.environment == "qa")
        #expect(qa.aicore.envPrefix == AICoreSettings.defaultEnvPrefix)
        #expect(qa.deploy == DeploySettings.default)
        #expect(qa.gates.approvals == ApprovalGate(required: 1, allowAuthors: false, ttlHours: nil))
        #expect(qa.gates.tests == [Hook(name: "unit", run: "make test", timeoutSeconds: Hook.defaultTimeoutSeconds)])
        #expect(qa.gates.requireDeployedUpstream == false)
    }

    @Test func unknownStageNamesTheKnownOnes() throws {
        let set = try load()
        #expect(throws: StageError.unknownStage("qa", known: ["dev", "tst", "prd"])) { try set.stage(named: "qa") }
        #expect(
            StageError.unknownStage("qa", known: ["dev", "tst", "prd"]).description
                == "unknown stage 'qa'; the stages are: dev, tst, prd")
    }
}
