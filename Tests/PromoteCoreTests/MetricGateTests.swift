import Foundation
import PromoteCore
import PromoteGit
import PromoteModel
import TestSupport
import Testing

/// `gates.metrics`: the candidate's metrics, from its signed deploy record of the upstream stage, against floors and
/// against the model the stage runs now (the metrics recorded when the stage's head was deployed upstream).
@Suite struct MetricGateTests {
    static let floor = #"{ "execution": "churn-train", "metric": "auc", "min": 0.80 }"#
    static let noRegression =
        #"{ "execution": "churn-train", "metric": "auc", "compare": "current", "max_regression": 0.005 }"#
    static let lowerLoss = #"{ "execution": "churn-train", "metric": "loss", "compare": "current", "better": "lower" }"#

    static func gates(_ rules: String...) -> String { #"{ "metrics": [ \#(rules.joined(separator: ", ")) ] }"# }

    /// A deploy record of `commit` to `stage` whose training logged `metrics` (name, value, step).
    static func record(
        stage: String = "dev", commit: OID, metrics: [(String, Double, Int?)], configuration: String = "Churn training",
        executable: String = "churn-train", finishedAt: String = "2026-01-01T00:00:00Z"
    ) -> String {
        let values: [JSONValue] = metrics.map { name, value, step in
            var object: JSONObject = ["name": .string(name), "value": .number(value), "labels": []]
            if let step { object["step"] = .int(step) }
            return .object(object)
        }
        let record: JSONValue = [
            "commit": .string(commit.hex), "stage": .string(stage), "outcome": "succeeded",
            "resource_group": .string("rg-\(stage)"), "started_at": .string(finishedAt),
            "finished_at": .string(finishedAt), "deployments": [],
            "executions": [
                [
                    "id": .string("exec-\(commit.short)"), "status": "COMPLETED",
                    "configuration": .string(configuration),
                    "executable": .string(executable),
                    "metrics": ["metrics": .array(values), "tags": [], "custom_info": []],
                ]
            ],
        ]
        return record.serialized(sortedKeys: true)
    }

    /// Stores `line` on `commit` signed with CI's record key (or `key`), or unsigned.
    static func store(_ harness: GateHarness, _ line: String, on commit: OID, signed: Bool = true, key: SSHKey? = nil)
        throws
    {
        let signer = try key ?? GateFixtures.recordKey(harness.fixture)
        let stored = signed ? try GateFixtures.sign(line, stage: "dev", key: signer) : line
        try GateFixtures.appendNote(
            harness.fixture, ref: "refs/notes/promote/deployments", commit: commit.hex, line: stored)
    }

    static func metricGates(_ report: GateReport) -> [GateResult] { report.gates.filter { $0.kind == .metric } }

    @Test func aFloorPassesAboveItAndBlocksBelowIt() throws {
        let harness = try GateHarness(tstGates: Self.gates(Self.floor))
        try Self.store(harness, Self.record(commit: harness.change, metrics: [("auc", 0.78, 1)]), on: harness.change)
        var gate = try #require(Self.metricGates(try harness.evaluate()).first)
        #expect(gate.verdict == .blocked)
        #expect(gate.name == "metric:churn-train/auc")
        #expect(gate.reason.hasPrefix("auc >= 0.8: auc 0.78 at step 1 in the deploy of \(harness.change.short) to dev"))
        #expect(gate.reason.contains("0.78 is below the floor 0.8"))
        #expect(
            gate.metric?.candidate?.value == 0.78
                && gate.metric?.candidate?.executionID == "exec-\(harness.change.short)")
        #expect(gate.metric?.min == 0.8 && gate.metric?.current == nil)

        // A later, better training of the same commit counts (the newest accepted record).
        try Self.store(
            harness,
            Self.record(commit: harness.change, metrics: [("auc", 0.83, 1)], finishedAt: "2026-01-02T00:00:00Z"),
            on: harness.change)
        gate = try #require(Self.metricGates(try harness.evaluate()).first)
        #expect(gate.verdict == .pass, "\(gate.reason)")
        #expect(gate.metric?.candidate?.value == 0.83)
    }

    @Test func aCeilingAndARangeBound() throws {
        let rule = #"{ "execution": "Churn training", "metric": "loss", "min": 0.1, "max": 0.5 }"#
        let harness = try GateHarness(tstGates: Self.gates(rule))
        try Self.store(harness, Self.record(commit: harness.change, metrics: [("loss", 0.6, 3)]), on: harness.change)
        let gate = try #require(Self.metricGates(try harness.evaluate()).first)
        #expect(gate.verdict == .blocked)
        #expect(gate.reason.hasPrefix("0.1 <= loss <= 0.5: "))
        #expect(gate.reason.contains("0.6 is above the ceiling 0.5"), "the configuration's name works too")
    }

    /// Champion/challenger, higher is better: better, equal and within the tolerance pass; worse blocks.
    @Test(arguments: [(0.83, true), (0.82, true), (0.816, true), (0.81, false)])
    func comparedWithTheCurrentModel(_ candidate: Double, _ passes: Bool) throws {
        let harness = try GateHarness(tstGates: Self.gates(Self.noRegression))
        try Self.store(harness, Self.record(commit: harness.base, metrics: [("auc", 0.82, 5)]), on: harness.base)
        try Self.store(
            harness, Self.record(commit: harness.change, metrics: [("auc", candidate, 5)]), on: harness.change)
        let gate = try #require(Self.metricGates(try harness.evaluate()).first)
        #expect((gate.verdict == .pass) == passes, "\(gate.reason)")
        #expect(gate.metric?.current?.value == 0.82 && gate.metric?.current?.commit == harness.base.hex)
        #expect(gate.metric?.compare == "current" && gate.metric?.maxRegression == 0.005)
        if passes {
            #expect(gate.reason.hasSuffix("vs current 0.82 (\(harness.base.short))"))
        } else {
            #expect(gate.reason.contains("0.81 is worse than current 0.82 (\(harness.base.short)) by more than 0.005"))
        }
    }

    /// Lower is better (a loss): lower and equal pass, higher blocks (no tolerance given: none allowed).
    @Test(arguments: [(0.25, true), (0.30, true), (0.301, false)])
    func lowerIsBetter(_ candidate: Double, _ passes: Bool) throws {
        let harness = try GateHarness(tstGates: Self.gates(Self.lowerLoss))
        try Self.store(harness, Self.record(commit: harness.base, metrics: [("loss", 0.30, 2)]), on: harness.base)
        try Self.store(
            harness, Self.record(commit: harness.change, metrics: [("loss", candidate, 2)]), on: harness.change)
        let gate = try #require(Self.metricGates(try harness.evaluate()).first)
        #expect((gate.verdict == .pass) == passes, "\(gate.reason)")
        #expect(gate.metric?.better == "lower")
        #expect(gate.reason.hasPrefix("loss (lower is better) no worse than current: "))
    }

    @Test func aMissingMetricOrExecutionBlocksNeverPasses() throws {
        let harness = try GateHarness(
            tstGates: Self.gates(Self.noRegression, #"{ "execution": "churn-serve", "metric": "auc", "min": 0 }"#))
        try Self.store(harness, Self.record(commit: harness.change, metrics: [("loss", 0.2, 1)]), on: harness.change)
        let gates = Self.metricGates(try harness.evaluate())
        #expect(gates.count == 2 && gates.allSatisfy { $0.verdict == .blocked })
        #expect(gates[0].reason.contains("execution exec-\(harness.change.short) (Churn training) logged no auc"))
        #expect(gates[1].reason.contains(#"no execution "churn-serve" (a configuration name or executable ID)"#))
    }

    @Test func noDeployOfTheCandidateBlocksWithWhatToDo() throws {
        let harness = try GateHarness(tstGates: Self.gates(Self.floor))
        let gate = try #require(Self.metricGates(try harness.evaluate()).first)
        #expect(gate.verdict == .blocked)
        #expect(
            gate.reason
                == "auc >= 0.8: no successful deploy of \(harness.change.short) to dev is recorded; deploy it to dev with its metrics recorded (promote deploy dev --commit \(harness.change.short))"
        )
    }

    /// The first promotion: the stage's head was never deployed upstream, so there is nothing to compare with.
    @Test func withoutAChampionTheComparisonPassesAndSaysWhy() throws {
        let harness = try GateHarness(tstGates: Self.gates(Self.noRegression))
        try Self.store(harness, Self.record(commit: harness.change, metrics: [("auc", 0.5, 1)]), on: harness.change)
        let gate = try #require(Self.metricGates(try harness.evaluate()).first)
        #expect(gate.verdict == .pass)
        #expect(
            gate.reason.hasSuffix(
                "nothing to compare with: no successful deploy of \(harness.base.short) to dev is recorded (the first promotion of this model)"
            ))
        #expect(gate.metric?.current == nil)
    }

    /// The last step counts, whatever order the values were logged in.
    @Test func theLastStepCounts() throws {
        let harness = try GateHarness(tstGates: Self.gates(Self.floor))
        let logged: [(String, Double, Int?)] = [
            ("auc", 0.9, 3), ("auc", 0.7, 10), ("auc", 0.95, 7), ("auc", 0.99, nil),
        ]
        try Self.store(harness, Self.record(commit: harness.change, metrics: logged), on: harness.change)
        let gate = try #require(Self.metricGates(try harness.evaluate()).first)
        #expect(gate.verdict == .blocked)
        #expect(gate.metric?.candidate?.value == 0.7 && gate.metric?.candidate?.step == 10)
    }

    /// The rules come from tst's branch: a candidate that lowers tst's floor in its own stage file is still held to
    /// the floor tst has.
    @Test func aCandidateCannotLowerTheFloorItIsJudgedBy() throws {
        let harness = try GateHarness(tstGates: Self.gates(Self.floor))
        let lowered = #"{ "execution": "churn-train", "metric": "auc", "min": 0.5 }"#
        let candidate = try #require(
            OID(
                hex: try harness.fixture.commit(
                    "Lower the floor",
                    files: [
                        "stages/tst.json": GateFixtures.stage(
                            "tst", branch: "tst", from: "dev", gates: Self.gates(lowered))
                    ]
                )))
        try Self.store(harness, Self.record(commit: candidate, metrics: [("auc", 0.6, 1)]), on: candidate)
        let gate = try #require(Self.metricGates(try harness.evaluate(candidate)).first)
        #expect(gate.verdict == .blocked)
        #expect(gate.reason.contains("0.6 is below the floor 0.8"))
    }

    /// Deploy records are evidence only when signed by a key tst's signer list accepts for records: an unsigned
    /// record, one signed by a stranger and one edited after signing, each with better numbers, change nothing.
    @Test func forgedOrEditedRecordsWithBetterNumbersAreRejected() throws {
        let harness = try GateHarness(tstGates: Self.gates(Self.floor))
        try Self.store(harness, Self.record(commit: harness.change, metrics: [("auc", 0.7, 1)]), on: harness.change)
        let better = Self.record(
            commit: harness.change, metrics: [("auc", 0.99, 1)], finishedAt: "2026-01-03T00:00:00Z")

        try Self.store(harness, better, on: harness.change, signed: false)
        var gate = try #require(Self.metricGates(try harness.evaluate()).first)
        #expect(gate.verdict == .blocked && gate.metric?.candidate?.value == 0.7, "\(gate.reason)")

        try Self.store(harness, better, on: harness.change, key: try harness.key("mallory"))
        gate = try #require(Self.metricGates(try harness.evaluate()).first)
        #expect(gate.verdict == .blocked && gate.metric?.candidate?.value == 0.7, "\(gate.reason)")

        let signed = try GateFixtures.sign(
            Self.record(commit: harness.change, metrics: [("auc", 0.71, 1)], finishedAt: "2026-01-04T00:00:00Z"),
            stage: "dev", key: try GateFixtures.recordKey(harness.fixture))
        try GateFixtures.appendNote(
            harness.fixture, ref: "refs/notes/promote/deployments", commit: harness.change.hex,
            line: signed.replacingOccurrences(of: "0.71", with: "0.99"))
        gate = try #require(Self.metricGates(try harness.evaluate()).first)
        #expect(gate.verdict == .blocked && gate.metric?.candidate?.value == 0.7, "\(gate.reason)")

        // With no accepted record at all, the reason names why the forged one does not count.
        let fresh = try GateHarness(tstGates: Self.gates(Self.floor))
        try Self.store(
            fresh, Self.record(commit: fresh.change, metrics: [("auc", 0.99, 1)]), on: fresh.change, signed: false)
        gate = try #require(Self.metricGates(try fresh.evaluate()).first)
        #expect(gate.verdict == .blocked)
        #expect(gate.reason.contains("does not count: unsigned"), "\(gate.reason)")
    }

    /// `promote gate` and `promote plan`: one row per rule, with the candidate's and the current number and the
    /// execution and deploy each came from.
    @Test func theTextAndMarkdownShowOneRowPerRuleWithBothNumbers() throws {
        let harness = try GateHarness(tstGates: Self.gates(Self.floor, Self.noRegression))
        try Self.store(harness, Self.record(commit: harness.base, metrics: [("auc", 0.82, 5)]), on: harness.base)
        try Self.store(harness, Self.record(commit: harness.change, metrics: [("auc", 0.84, 5)]), on: harness.change)
        let report = try harness.evaluate()
        let text = report.renderText()
        #expect(text.components(separatedBy: "\n  metric:churn-train/auc  pass     ").count == 3, "\(text)")
        #expect(
            text.contains(
                "  metric:churn-train/auc  pass     auc >= 0.8: auc 0.84 at step 5 in the deploy of \(harness.change.short) to dev\n"
            ))
        #expect(
            text.contains(
                "  metric:churn-train/auc  pass     auc no worse than current by more than 0.005: auc 0.84 at step 5 in the deploy of \(harness.change.short) to dev; vs current 0.82 (\(harness.base.short))\n"
            ))
        #expect(
            text.contains(
                "      candidate  auc 0.84 at step 5 from execution exec-\(harness.change.short) (Churn training) in the deploy of \(harness.change.short) to dev at 2026-01-01T00:00:00Z"
            ))
        #expect(
            text.contains(
                "      current  auc 0.82 at step 5 from execution exec-\(harness.base.short) (Churn training)"))
        let markdown = report.renderMarkdown()
        #expect(markdown.contains("| `metric:churn-train/auc` | pass | auc no worse than current by more than 0.005: "))
    }

    @Test func theJSONReportCarriesTheRuleAndBothNumbers() throws {
        let harness = try GateHarness(tstGates: Self.gates(Self.noRegression))
        try Self.store(harness, Self.record(commit: harness.base, metrics: [("auc", 0.82, 5)]), on: harness.base)
        try Self.store(harness, Self.record(commit: harness.change, metrics: [("auc", 0.84, 5)]), on: harness.change)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try #require(
            try JSONSerialization.jsonObject(with: try encoder.encode(try harness.evaluate())) as? [String: Any])
        let gate = try #require((json["gates"] as? [[String: Any]])?.first { $0["kind"] as? String == "metric" })
        let metric = try #require(gate["metric"] as? [String: Any])
        #expect(metric["bound"] as? String == "auc no worse than current by more than 0.005")
        #expect((metric["candidate"] as? [String: Any])?["value"] as? Double == 0.84)
        #expect((metric["current"] as? [String: Any])?["commit"] as? String == harness.base.hex)
        #expect(
            metric.keys.sorted() == [
                "better", "bound", "candidate", "compare", "current", "execution", "max", "max_regression", "metric",
                "min",
            ])
    }
}
