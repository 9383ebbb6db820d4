import Foundation
import TestSupport
import Testing

/// A freeze window on tst, through the binary: promotions and deploys are refused with the window named; break-glass
/// needs --reason and a listed approver's signed approval of the commit, and is recorded.
@Suite struct FreezeCommandTests {
    static func isoDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    @Test func aFrozenStageRefusesUntilBreakGlassWithAnApproval() throws {
        let fixture = try PromotionFixture()
        let keys = TemporaryDirectory("freeze-keys")
        let rita = try SSHKey.generate("rita@example.com", in: keys)
        let now = Date()
        let start = Self.isoDate(now.addingTimeInterval(-3600))
        let end = Self.isoDate(now.addingTimeInterval(86_400))
        let tst = DeployFixtures.stage("tst", branch: "tst", from: "dev")
            .replacingOccurrences(
                of: #""timeout_seconds": 60 } }"#,
                with:
                    #""timeout_seconds": 60 }, "gates": { "freeze": [ { "name": "release-week", "start": "\#(start)", "end": "\#(end)", "reason": "quarter close" } ] } }"#
            )
        #expect(tst.contains("release-week"))
        try fixture.repository.commit(
            "Freeze tst", files: ["stages/tst.json": tst, "stages/allowed_signers": rita.signersLine() + "\n"])
        try fixture.repository.git(["push", "-q", "origin", "main", "main:tst"])
        try fixture.repository.git(["fetch", "-q", "origin"])
        try fixture.repository.git(["branch", "-f", "tst", "origin/tst"])
        let change = try fixture.commitOnDev()
        let tstBefore = try fixture.originHead("tst")

        let refused = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(refused.status == 2, "\(refused.stdout)\n\(refused.stderr)")
        #expect(refused.stderr.contains("freeze:release-week: BLOCKED: frozen: release-week"))
        #expect(refused.stderr.contains("(quarter close)"))
        let deploy = try fixture.promote(["deploy", "tst", "--target", "emulator"])
        #expect(deploy.status == 2)
        #expect(deploy.stderr.contains("refused: not deploying"), "\(deploy.stderr)")
        #expect(deploy.stderr.contains("frozen: release-week"))

        let noReason = try fixture.promote(["dev", "tst", "--yes", "--no-deploy", "--break-glass"])
        #expect(noReason.status == 64 && noReason.stderr.contains("--break-glass needs --reason"))
        let noApproval = try fixture.promote([
            "dev", "tst", "--yes", "--no-deploy", "--break-glass", "--reason", "INC-3 hotfix",
        ])
        #expect(noApproval.status == 2)
        #expect(
            noApproval.stderr.contains("--break-glass needs a listed approver's signed approval of \(change.prefix(7))")
        )
        #expect(try fixture.originHead("tst") == tstBefore)

        let approve = try fixture.promote(["approve", "tst", "--key", rita.privateKeyPath])
        #expect(approve.status == 0, "\(approve.stderr)")
        let broken = try fixture.promote([
            "dev", "tst", "--yes", "--no-deploy", "--break-glass", "--reason", "INC-3 hotfix",
        ])
        #expect(broken.status == 0, "\(broken.stdout)\n\(broken.stderr)")
        #expect(try fixture.originHead("tst") == change)
        let record = try Shell.run(
            "git", ["-C", fixture.origin, "notes", "--ref", "refs/notes/promote/promotions", "show", change]
        ).stdout
        #expect(
            record.contains(
                #""break_glass":[{"approvers":["rita@example.com"],"ends_at":"\#(end)","reason":"INC-3 hotfix","window":"release-week"}]"#
            ), "\(record)")

        let deployed = try fixture.promote([
            "deploy", "tst", "--target", "emulator", "--break-glass", "--reason", "INC-3 hotfix",
        ])
        #expect(deployed.status == 0, "\(deployed.stdout)\n\(deployed.stderr)")
        #expect(deployed.stdout.contains("break-glass: release-week is on until \(end)"))
        let deployRecord = try Shell.run(
            "git", ["-C", fixture.origin, "notes", "--ref", "refs/notes/promote/deployments", "show", change]
        ).stdout
        #expect(deployRecord.contains(#""break_glass":["#))
    }

    @Test func rollbackWithNothingToGoBackToIsOneClearError() throws {
        let fixture = try PromotionFixture()
        let result = try fixture.promote(["rollback", "tst", "--target", "emulator", "--reason", "drill"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "rollback of tst refused: no successful deploy of tst is on record (refs/notes/promote/deployments), so there is nothing to go back to; nothing was changed"
            ), "\(result.stderr)")
        #expect(try fixture.repository.git(["for-each-ref", "refs/notes/"]).isEmpty)
    }
}
