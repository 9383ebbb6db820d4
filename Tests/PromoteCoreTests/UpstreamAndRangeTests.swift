import Foundation
import PromoteCore
import PromoteGit
import TestSupport
import Testing

/// `require_deployed_upstream`, the promoted range, and where the rules are read.
@Suite struct UpstreamAndRangeTests {
    static let deployedUpstream = #"{ "require_deployed_upstream": true }"#

    @Test func aMissingUpstreamDeployRecordBlocks() throws {
        let harness = try GateHarness(tstGates: Self.deployedUpstream)
        let gate = try harness.evaluate().gate("deployed_upstream")
        #expect(gate.verdict == .blocked)
        #expect(
            gate.reason
                == "no successful deploy of \(harness.change.short) to dev is recorded; deploy it first (promote deploy dev --commit \(harness.change.short))"
        )
    }

    @Test func onlyASuccessfulDeployOfThatCommitToTheUpstreamCounts() throws {
        let harness = try GateHarness(tstGates: Self.deployedUpstream)
        try GateFixtures.recordDeploy(harness.fixture, stage: "dev", commit: harness.change.hex, outcome: "failed")
        try GateFixtures.recordDeploy(harness.fixture, stage: "prd", commit: harness.change.hex)
        var gate = try harness.evaluate().gate("deployed_upstream")
        #expect(gate.verdict == .blocked)
        #expect(gate.reason.hasPrefix("every recorded deploy of \(harness.change.short) to dev failed"))
        #expect(gate.deployments?.map(\.reason) == ["the deploy failed", "a deploy to prd, not to the upstream dev"])

        try GateFixtures.recordDeploy(
            harness.fixture, stage: "dev", commit: harness.change.hex, finishedAt: "2026-01-02T00:00:00Z")
        gate = try harness.evaluate().gate("deployed_upstream")
        #expect(gate.verdict == .pass)
        #expect(gate.reason == "deployed to dev at 2026-01-02T00:00:00Z")
    }

    @Test func theRangeRunsFromTheStageHeadToTheCommit() throws {
        let harness = try GateHarness(tstGates: "{}")
        let second = try #require(OID(hex: try harness.fixture.commit("Second", files: ["b": "b\n"])))
        let report = try harness.evaluate(second)
        #expect(report.range.basis == .branchHead)
        #expect(report.range.base == harness.base.hex)
        #expect(report.range.commits == [second.hex, harness.change.hex])
        #expect(report.range.people == ["ada@example.com", "carl@example.com"])
        #expect(report.verdict == .pass && report.gates.isEmpty)
    }

    /// A push straight to tst that also weakened tst's rules: CI judges tst's head by the rules tst had before.
    @Test func aCommitPushedAroundPromoteIsJudgedByTheRulesBeforeIt() throws {
        let harness = try GateHarness()
        let weakened = try #require(
            OID(
                hex: try harness.fixture.commit(
                    "No approvals",
                    files: [
                        "stages/tst.json": GateFixtures.stage(
                            "tst", branch: "tst", from: "dev", gates: #"{ "approvals": { "required": 0 } }"#)
                    ])))
        try harness.fixture.git(["branch", "-f", "tst", weakened.hex])

        // Nothing known about tst before: the commit's own rules, with a warning.
        let unknown = try harness.evaluate(weakened)
        #expect(unknown.range.basis == .commitOnly)
        #expect(unknown.rules.warning != nil)

        // tst was deployed at its old head: that is where its rules come from.
        try GateFixtures.recordDeploy(harness.fixture, stage: "tst", commit: harness.base.hex)
        let deployed = try harness.evaluate(weakened)
        #expect(deployed.range.basis == .lastDeploy)
        #expect(deployed.rules.commit == harness.base.hex && deployed.rules.warning == nil)
        #expect(deployed.range.commits == [weakened.hex, harness.change.hex])
        #expect(deployed.verdict == .blocked)

        // A promotion record names the old head even more precisely.
        try GateFixtures.appendNote(
            harness.fixture, ref: "refs/notes/promote/promotions", commit: weakened.hex,
            line:
                #"{"kind":"promotion","from":"dev","to":"tst","old":"\#(harness.change.hex)","new":"\#(weakened.hex)","by":"x","at":"2026-01-01T00:00:00Z"}"#
        )
        let promoted = try harness.evaluate(weakened)
        #expect(promoted.range.basis == .promotion)
        #expect(promoted.range.base == harness.change.hex)
        #expect(promoted.range.commits == [weakened.hex])
    }

    @Test func unreadableRulesOnTheStageBranchBlockEverything() throws {
        let harness = try GateHarness()
        try harness.commitOnTst("Broken", files: ["stages/tst.json": "{ not json"])
        let report = try harness.evaluate()
        #expect(report.verdict == .blocked)
        let gate = try report.gate("rules")
        #expect(gate.reason.contains("stages/tst.json"))
        #expect(gate.reason.hasSuffix("nothing can enter tst until stages/tst.json is valid on tst"))
    }

    @Test func theReportRendersAsTextJSONAndMarkdown() throws {
        let harness = try GateHarness(
            tstGates: #"{ "approvals": { "required": 1 }, "require_deployed_upstream": true }"#)
        try harness.approve("rita", comment: "a | b <script>")
        let report = try harness.evaluate()
        let text = report.renderText()
        #expect(text.hasPrefix("tst gates for \(harness.change.short): BLOCKED\n"))
        #expect(text.contains("  approvals          pass     1 of 1 required approval (rita@example.com)"))
        #expect(text.contains("blocked by deployed_upstream"))
        let markdown = report.renderMarkdown()
        #expect(markdown.contains("| `deployed_upstream` | **blocked** |"))
        #expect(markdown.contains(#"a \| b &lt;script&gt;"#))

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try #require(try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any])
        #expect(json["schema"] as? String == "promote.gate/v1")
        #expect(json["verdict"] as? String == "blocked")
        let gates = try #require(json["gates"] as? [[String: Any]])
        #expect(gates.map { $0["name"] as? String } == ["approvals", "deployed_upstream"])
        #expect(gates[1]["approvals"] is NSNull)
        #expect(try JSONDecoder().decode(GateReport.self, from: encoder.encode(report)) == report)
    }
}

@Suite struct GateSectionTests {
    @Test func thePlanSectionHasOneLinePerGate() throws {
        let harness = try GateHarness(
            tstGates: #"{ "approvals": { "required": 1 }, "require_deployed_upstream": true }"#)
        try harness.approve("rita")
        let section = GateSection(try harness.evaluate())
        #expect(section.evaluated && !section.passed)
        #expect(section.lines.first == "approvals: pass: 1 of 1 required approval (rita@example.com)")
        #expect(section.lines.last?.hasPrefix("deployed_upstream: BLOCKED: no successful deploy") == true)
    }
}
