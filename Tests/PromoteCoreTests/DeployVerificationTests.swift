import Foundation
import PromoteGit
import PromoteModel
import TestSupport
import Testing

@testable import DeployCore
@testable import PromoteCore

/// `verify` hooks after a deploy: URLs in the environment, a failure fails the deploy, results in the record.
@Suite struct DeployVerificationTests {
    private func deployed(_ harness: GateHarness) -> DeployReport {
        var report = DeployReport(stage: "tst", commit: harness.change.hex, resourceGroup: "rg-tst", startedAt: Date())
        report.outcome = "succeeded"
        report.deployments = [
            RunReport(
                configuration: "Serving config v2", configurationID: "c1", id: "d1", status: "RUNNING",
                wanted: "RUNNING", reached: true, message: nil, url: "http://127.0.0.1:9/v2/inference/deployments/d1",
                seconds: 1, rolledBackTo: nil)
        ]
        return report
    }

    private func verify(_ harness: GateHarness, _ report: inout DeployReport) async throws -> ([HookRun], [String]) {
        let lines = LockedBox<[String]>([])
        let output = DeployOutput { line in lines.update { $0.append(line) } }
        let stage = try harness.stages().stage(named: "tst")
        let runs = try await DeployVerification.run(
            &report, repository: try harness.repository(), stage: stage, commit: harness.change, output: output,
            credentialPrefixes: try harness.stages().stages.map(\.aicore.envPrefix), killGrace: 1)
        return (runs, lines.get())
    }

    @Test func verifyHooksSeeTheDeploymentURLsAndPassingKeepsTheDeploySucceeded() async throws {
        let harness = try GateHarness(
            tstGates:
                #"{ "verify": [ { "name": "smoke", "run": "echo urls=$PROMOTE_DEPLOYMENT_URLS; echo one=$PROMOTE_DEPLOYMENT_URL_SERVING_CONFIG_V2 rg=$PROMOTE_RESOURCE_GROUP stage=$PROMOTE_STAGE; test -f train.py" } ] }"#
        )
        var report = deployed(harness)
        let (runs, lines) = try await verify(harness, &report)
        #expect(report.outcome == "succeeded")
        #expect(runs.map(\.outcome) == [.passed])
        #expect(lines.contains("[smoke] urls=http://127.0.0.1:9/v2/inference/deployments/d1"))
        #expect(lines.contains("[smoke] one=http://127.0.0.1:9/v2/inference/deployments/d1 rg=rg-tst stage=tst"))
    }

    @Test func aFailingVerifyHookFailsTheDeployAndIsRecorded() async throws {
        let harness = try GateHarness(
            tstGates: #"{ "verify": [ { "name": "smoke", "run": "echo 503 from the model; exit 1" } ] }"#)
        var report = deployed(harness)
        let (runs, lines) = try await verify(harness, &report)
        #expect(report.outcome == "failed")
        #expect(
            lines.last
                == "verify hook smoke failed (exit 1, \(TestJudge.seconds(runs[0].seconds))): the deploy of tst counts as failed"
        )
        try StageDeployment.record(report, repository: try harness.repository(), commit: harness.change, verify: runs)
        let note = try harness.fixture.git(["notes", "--ref", StageDeployment.notesRef, "show", harness.change.hex])
        #expect(note.contains(#""outcome":"failed""#))
        #expect(
            note.contains(#""verify":[{"digest":"sha256:"#) && note.contains(#""hook":"smoke","outcome":"failed"}]"#))
    }

    @Test func aFailedDeployIsNotVerified() async throws {
        let harness = try GateHarness(tstGates: #"{ "verify": [ { "name": "smoke", "run": "exit 1" } ] }"#)
        var report = deployed(harness)
        report.outcome = "failed"
        let (runs, _) = try await verify(harness, &report)
        #expect(runs.isEmpty)
    }
}
