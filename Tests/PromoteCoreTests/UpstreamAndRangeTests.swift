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
        let ci = try GateFixtures.recordKey(harness.fixture)
        try GateFixtures.recordDeploy(
            harness.fixture, stage: "dev", commit: harness.change.hex, outcome: "failed", signedWith: ci)
        try GateFixtures.recordDeploy(harness.fixture, stage: "prd", commit: harness.change.hex, signedWith: ci)
        var gate = try harness.evaluate().gate("deployed_upstream")
        #expect(gate.verdict == .blocked)
        #expect(gate.reason.hasPrefix("every recorded deploy of \(harness.change.short) to dev failed"))
        #expect(gate.deployments?.map(\.reason) == ["the deploy failed", "a deploy to prd, not to the upstream dev"])

        try GateFixtures.recordDeploy(
            harness.fixture, stage: "dev", commit: harness.change.hex, finishedAt: "2026-01-02T00:00:00Z",
            signedWith: ci)
        gate = try harness.evaluate().gate("deployed_upstream")
        #expect(gate.verdict == .pass)
        #expect(gate.reason == "deployed to dev at 2026-01-02T00:00:00Z")
        #expect(gate.deployments?.last?.signer == GateFixtures.recordSigner)
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

        // tst was deployed at its old head (a signed record): that is where its rules come from.
        let ci = try GateFixtures.recordKey(harness.fixture)
        try GateFixtures.recordDeploy(harness.fixture, stage: "tst", commit: harness.base.hex, signedWith: ci)
        let deployed = try harness.evaluate(weakened)
        #expect(deployed.range.basis == .lastDeploy)
        #expect(deployed.rules.commit == harness.base.hex && deployed.rules.warning == nil)
        #expect(deployed.range.commits == [weakened.hex, harness.change.hex])
        #expect(deployed.verdict == .blocked)

        // A signed promotion record names the old head even more precisely.
        let line =
            #"{"at":"2026-01-01T00:00:00Z","base":"\#(harness.change.hex)","by":"x","from":"dev","kind":"promotion","merge":false,"new":"\#(weakened.hex)","old":"\#(harness.change.hex)","to":"tst"}"#
        try GateFixtures.appendNote(
            harness.fixture, ref: "refs/notes/promote/promotions", commit: weakened.hex,
            line: try GateFixtures.sign(line, stage: "tst", key: ci))
        let promoted = try harness.evaluate(weakened)
        #expect(promoted.range.basis == .promotion)
        #expect(promoted.range.base == harness.change.hex)
        #expect(promoted.range.commits == [weakened.hex])
    }

    /// The issue's attack 2: commit A weakens tst's rules, payload P goes on top, both pushed straight to tst, and a
    /// promotion note on P says "old": A. Unsigned, or signed by a key tst's signer list does not have for records,
    /// or signed by a key that A itself added: the rules still come from where tst stood (its signed deploy), so the
    /// gate blocks.
    @Test func aForgedPromotionRecordCannotChooseTheRules() throws {
        let harness = try GateHarness()
        let ci = try GateFixtures.recordKey(harness.fixture)
        try GateFixtures.recordDeploy(harness.fixture, stage: "tst", commit: harness.base.hex, signedWith: ci)
        let mallory = try harness.key("mallory")
        let signers = try String(contentsOfFile: harness.fixture.path + "/stages/allowed_signers", encoding: .utf8)
        let weakening = try #require(
            OID(
                hex: try harness.fixture.commit(
                    "No gates",
                    files: [
                        "stages/tst.json": GateFixtures.stage("tst", branch: "tst", from: "dev", gates: "{}"),
                        "stages/allowed_signers": signers + mallory.signersLine() + "\n",
                    ])))
        let payload = try #require(OID(hex: try harness.fixture.commit("Payload", files: ["evil.py": "x\n"])))
        try harness.fixture.git(["branch", "-f", "tst", payload.hex])

        let forged =
            #"{"at":"2026-01-01T00:00:00Z","base":"\#(weakening.hex)","by":"m","from":"dev","kind":"promotion","merge":false,"new":"\#(payload.hex)","old":"\#(weakening.hex)","to":"tst"}"#
        for line in [forged, try GateFixtures.sign(forged, stage: "tst", key: mallory)] {
            try GateFixtures.appendNote(
                harness.fixture, ref: "refs/notes/promote/promotions", commit: payload.hex, line: line)
            let report = try harness.evaluate(payload)
            #expect(report.range.basis == .lastDeploy, "\(report.renderText())")
            #expect(report.rules.commit == harness.base.hex)
            #expect(report.verdict == .blocked)
            #expect(try report.gate("approvals").verdict == .blocked)
        }
        // Mallory also signs a deploy record of tst on her weakening commit (her key is listed there, not at base).
        try GateFixtures.recordDeploy(harness.fixture, stage: "tst", commit: weakening.hex, signedWith: mallory)
        let report = try harness.evaluate(payload)
        #expect(report.rules.commit == harness.base.hex && report.verdict == .blocked, "\(report.renderText())")
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
        #expect(section.lines[1].hasPrefix("deployed_upstream: BLOCKED: no successful deploy"))
        // tst has no signed record yet, so its rules come from its branch head, and the section says so.
        #expect(section.lines.last?.hasPrefix("warning: no signed record says where tst stood before") == true)
    }
}
