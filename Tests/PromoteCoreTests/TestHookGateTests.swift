import Foundation
import PromoteCore
import PromoteGit
import TestSupport
import Testing

@testable import PromoteModel

/// Test hooks: how they run, what they record, and when their results open the gate.
@Suite struct TestHookGateTests {
    static func gates(_ hooks: String) -> String { #"{ "tests": \#(hooks) }"# }

    private func run(_ harness: GateHarness, commit: OID? = nil, onlyMissing: Bool = false) async throws -> (
        TestRunReport, [String]
    ) {
        let lines = LockedBox<[String]>([])
        let report = try await TestHookRun.run(
            repository: try harness.repository(), stages: try harness.stages(), stage: "tst",
            commit: commit ?? harness.change, onlyMissing: onlyMissing,
            output: { line in lines.update { $0.append(line) } },
            killGrace: 1)
        return (report, lines.get())
    }

    @Test func aPassingHookOpensTheGateAndSeesTheCommitAndItsEnvironment() async throws {
        let harness = try GateHarness(
            tstGates: Self.gates(
                #"[ { "name": "unit", "run": "echo stage=$PROMOTE_STAGE from=$PROMOTE_FROM commit=$PROMOTE_COMMIT_SHORT branch=$PROMOTE_BRANCH; cat train.py; ls untracked.txt 2>&1; test \"$PWD\" = \"$PROMOTE_WORKDIR\"" } ]"#
            ))
        try "not committed\n".write(
            toFile: harness.fixture.path + "/untracked.txt", atomically: true, encoding: .utf8)
        #expect(
            try harness.evaluate().gate("test:unit").reason.hasPrefix("never run on \(harness.change.short) for tst"))

        let (report, lines) = try await run(harness)
        #expect(report.allPassed)
        #expect(lines.contains("[unit] stage=tst from=dev commit=\(harness.change.short) branch=tst"))
        #expect(lines.contains("[unit] epochs = 5"))
        // A clean export of the commit: files that are only in the working tree are not there.
        #expect(lines.contains { $0.hasPrefix("[unit] ls: cannot access 'untracked.txt'") })
        #expect(lines.last?.hasPrefix("[unit] passed (") == true)

        let gate = try harness.evaluate().gate("test:unit")
        #expect(gate.verdict == .pass)
        let record = try #require(gate.tests?.first)
        #expect(record.outcome == "passed" && record.exitCode == 0 && record.verdict == .accepted)
        let note = try harness.fixture.git(["notes", "--ref", TestRecord.notesRef, "show", harness.change.hex])
        let hook = Hook(name: "unit", run: "x", timeoutSeconds: 1)
        #expect(note.contains(#""hook":"unit""#) && note.contains(#""digest":"sha256:"#))
        #expect(hook.digest.count == "sha256:".count + 64)
    }

    @Test func aFailingHookBlocksTheGate() async throws {
        let harness = try GateHarness(
            tstGates: Self.gates(#"[ { "name": "lint", "run": "echo too long >&2; exit 3" } ]"#))
        let (report, lines) = try await run(harness)
        #expect(!report.allPassed)
        #expect(lines.contains("[lint] too long"))
        #expect(lines.last?.hasPrefix("[lint] failed (exit 3, ") == true)
        let gate = try harness.evaluate().gate("test:lint")
        #expect(gate.verdict == .blocked)
        #expect(gate.reason.hasPrefix("failed (exit 3"))
        #expect(report.junitXML().contains(#"<failure type="failed" message="exit code 3">"#))
    }

    @Test func aHookThatTimesOutIsKilledWithItsChildrenAndBlocks() async throws {
        let temporary = TemporaryDirectory("promote-pid")
        let pidFile = temporary.appending("child.pid")
        let harness = try GateHarness(
            tstGates: Self.gates(
                #"[ { "name": "slow", "run": "sleep 60 & echo $! > \#(pidFile); trap '' TERM; wait", "timeout_seconds": 1 } ]"#
            ))
        let (report, lines) = try await run(harness)
        let run = try #require(report.runs.first)
        // Far less than the 60 s the hook's child sleeps, even on a loaded machine: measured from the hook's start to
        // its end by the runner itself, so waiting for a busy test scheduler before or after does not count.
        #expect(run.seconds < 45)
        #expect(run.outcome == .timedOut)
        #expect(lines.last == "[slow] timed out after 1s (killed)")
        let child = try #require(
            pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(child, 0) == -1, "the hook's background child survived the timeout")
        withExtendedLifetime(temporary) {}
        let gate = try harness.evaluate().gate("test:slow")
        #expect(gate.verdict == .blocked)
        #expect(gate.reason.hasPrefix("timed out after 1s"))
        #expect(report.junitXML().contains(#"type="timed_out""#))
    }

    @Test func aHookThatWasNeverRunBlocks() throws {
        let harness = try GateHarness(tstGates: Self.gates(#"[ { "name": "unit", "run": "true" } ]"#))
        let gate = try harness.evaluate().gate("test:unit")
        #expect(gate.verdict == .blocked)
        #expect(
            gate.reason
                == "never run on \(harness.change.short) for tst; run 'promote test tst --commit \(harness.change.short)'"
        )
        #expect(gate.tests == [])
    }

    @Test func aChangedHookDefinitionInvalidatesEarlierResults() async throws {
        let harness = try GateHarness(tstGates: Self.gates(#"[ { "name": "unit", "run": "true" } ]"#))
        _ = try await run(harness)
        #expect(try harness.evaluate().gate("test:unit").verdict == .pass)
        try harness.commitOnTst(
            "Stricter tests",
            files: [
                "stages/tst.json": GateFixtures.stage(
                    "tst", branch: "tst", from: "dev",
                    gates: Self.gates(#"[ { "name": "unit", "run": "true --strict" } ]"#))
            ])
        let gate = try harness.evaluate().gate("test:unit")
        #expect(gate.verdict == .blocked)
        #expect(gate.tests?.first?.reason == "ran an earlier definition of unit; the hook has changed since")
        #expect(gate.reason.hasPrefix("no run of the current definition"))
    }

    @Test func aHookRemovedOnlyOnTheSourceBranchIsStillRequired() throws {
        let harness = try GateHarness(tstGates: Self.gates(#"[ { "name": "unit", "run": "true" } ]"#))
        let weakened = try #require(
            OID(
                hex: try harness.fixture.commit(
                    "Drop the tests",
                    files: [
                        "stages/tst.json": GateFixtures.stage(
                            "tst", branch: "tst", from: "dev", gates: Self.gates("[]"))
                    ])))
        let report = try harness.evaluate(weakened)
        #expect(report.verdict == .blocked)
        #expect(try report.gate("test:unit").verdict == .blocked)
    }

    @Test func onlyMissingSkipsHooksThatAlreadyPassedAndTheLatestRunDecides() async throws {
        let temporary = TemporaryDirectory("promote-flag")
        let flag = temporary.appending("fail")
        let harness = try GateHarness(
            tstGates: Self.gates(
                #"[ { "name": "unit", "run": "true" }, { "name": "flaky", "run": "test ! -f \#(flag)" } ]"#))
        let (first, _) = try await run(harness)
        #expect(first.allPassed)
        let (second, _) = try await run(harness, onlyMissing: true)
        #expect(second.runs.isEmpty && second.skipped == ["unit", "flaky"])
        // A later failure of the same definition blocks again, although an earlier run passed.
        try "x".write(toFile: flag, atomically: true, encoding: .utf8)
        let (third, _) = try await run(harness)
        #expect(third.runs.map(\.outcome) == [.passed, .failed])
        let gate = try harness.evaluate().gate("test:flaky")
        #expect(gate.verdict == .blocked)
        #expect(gate.tests?.map(\.reason) == ["superseded by a later run", "latest run of this definition: failed"])
        withExtendedLifetime(temporary) {}
    }

    @Test func resultsForAnotherStageOrCommitDoNotCount() throws {
        let harness = try GateHarness(tstGates: Self.gates(#"[ { "name": "unit", "run": "true" } ]"#))
        let digest = Hook(name: "unit", run: "true", timeoutSeconds: Hook.defaultTimeoutSeconds).digest
        for (stage, commit) in [("prd", harness.change.hex), ("tst", harness.base.hex)] {
            let record = TestRecord(
                stage: stage, commit: commit, hook: "unit", digest: digest, outcome: .passed, exitCode: 0,
                durationSeconds: 1, startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z",
                origin: RecordOrigin(by: "ci"))
            try GateFixtures.appendNote(
                harness.fixture, ref: TestRecord.notesRef, commit: harness.change.hex, line: record.line)
        }
        let gate = try harness.evaluate().gate("test:unit")
        #expect(gate.verdict == .blocked)
        #expect(
            gate.tests?.map(\.reason) == [
                "recorded for stage prd, not tst",
                "recorded for commit \(harness.base.short), not \(harness.change.short)",
            ])
    }

    @Test func theHookDigestIsSHA256OfTheCanonicalDefinition() throws {
        let hook = Hook(name: "unit", run: "python -m pytest -q", timeoutSeconds: 600)
        let canonical = #"{"name":"unit","run":"python -m pytest -q","timeout_seconds":600}"#
        let expected = try Shell.run("sha256sum", [], input: Data(canonical.utf8)).output.prefix(64)
        #expect(hook.digest == "sha256:\(expected)")
        // Several blocks, and lengths around the padding boundary.
        for length in [0, 1, 55, 56, 63, 64, 65, 1000] {
            let long = Hook(name: "n", run: String(repeating: "x", count: length), timeoutSeconds: 1)
            let text = #"{"name":"n","run":"\#(long.run)","timeout_seconds":1}"#
            let digest = try Shell.run("sha256sum", [], input: Data(text.utf8)).output.prefix(64)
            #expect(long.digest == "sha256:\(digest)", "length \(length)")
        }
    }
}
