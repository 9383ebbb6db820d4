import Foundation
import TestSupport
import Testing

/// `promote <from> <to>` against a bare origin: what moves, what is refused, and what a re-run finishes.
@Suite struct PromotionCommandTests {
    @Test func fastForwardMovesPushesAndRecordsThePromotion() throws {
        let fixture = try PromotionFixture()
        let oldTst = try fixture.localHead("tst")
        let devHead = try fixture.commitOnDev()
        let result = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("image"))
        #expect(result.stdout.contains("promoted dev → tst: \(oldTst.prefix(7)) → \(devHead.prefix(7))"))
        #expect(try fixture.localHead("tst") == devHead)
        #expect(try fixture.originHead("tst") == devHead)
        // The record travels with the repository: it is on the origin, on the promoted commit.
        let note = try Shell.run(
            "git", ["-C", fixture.origin, "notes", "--ref=refs/notes/promote/promotions", "show", devHead]
        ).output
        #expect(note.contains(#""from":"dev""#) && note.contains(#""to":"tst""#))
        #expect(note.contains(#""old":"\#(oldTst)""#) && note.contains(#""new":"\#(devHead)""#))
        let history = try fixture.promote(["history", "tst", "--json"])
        #expect(history.status == 0)
        #expect(history.stdout.contains(#""kind" : "promotion""#))
    }

    @Test func alreadyUpToDateChangesNothing() throws {
        let fixture = try PromotionFixture()
        let tst = try fixture.localHead("tst")
        let result = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("nothing to promote"))
        #expect(try fixture.originHead("tst") == tst)
        let notes = try fixture.repository.git(["for-each-ref", "refs/notes/promote/"])
        #expect(notes.isEmpty)
    }

    @Test func divergedTargetIsRefusedUnlessMerging() throws {
        let fixture = try PromotionFixture()
        try fixture.repository.git(["switch", "-q", "tst"])
        let hotfix = try fixture.repository.commit("Hotfix on tst", files: ["HOTFIX.md": "fixed\n"])
        try fixture.repository.git(["push", "-q", "origin", "tst"])
        try fixture.repository.git(["switch", "-q", "main"])
        let devHead = try fixture.commitOnDev()

        let refused = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("cannot fast-forward"))
        #expect(refused.stdout.contains("Hotfix on tst"))
        #expect(try fixture.originHead("tst") == hotfix)

        let merged = try fixture.promote(["dev", "tst", "--yes", "--no-deploy", "--merge"])
        #expect(merged.status == 0, "\(merged.stderr)")
        let head = try fixture.originHead("tst")
        let parents = try fixture.repository.git(["rev-list", "--parents", "-n", "1", head]).split(separator: " ")
        #expect(parents.dropFirst().map(String.init) == [hotfix, devHead])
        #expect(try fixture.repository.git(["log", "-1", "--format=%s", head]).hasPrefix("promote: merge dev"))
    }

    @Test func wrongDirectionAndSkippedStagesAreRefused() throws {
        let fixture = try PromotionFixture()
        try fixture.commitOnDev()
        let backwards = try fixture.promote(["tst", "dev", "--yes", "--no-deploy"])
        #expect(backwards.status == 2)
        #expect(backwards.stderr.contains("tst is not dev's upstream"))
        let skipping = try fixture.promote(["dev", "prd", "--yes", "--no-deploy"])
        #expect(skipping.status == 2)
        #expect(skipping.stderr.contains("dev is not prd's upstream (its upstream is tst)"))
        let prd = try fixture.localHead("prd")
        #expect(try fixture.originHead("prd") == prd)
    }

    @Test func unknownStageNamesTheStages() throws {
        let fixture = try PromotionFixture()
        let result = try fixture.promote(["dev", "qa", "--yes"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("unknown stage 'qa'; the stages are: dev, tst, prd"))
    }

    @Test func staticCheckErrorsBlockThePromotion() throws {
        let fixture = try PromotionFixture()
        let config = DeployFixtures.designConfig.replacingOccurrences(
            of: #""executable_id": "cicdexample""#, with: #""executable_id": "no-such-executable""#)
        try fixture.repository.commit("Point the training at a typo", files: ["cicd/config.json": config])
        try fixture.push("main")
        let tst = try fixture.localHead("tst")
        let result = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(result.status == 2)
        #expect(result.stdout.contains(#"no template defines executable "no-such-executable""#))
        #expect(result.stderr.contains("static checks found 1 error"))
        #expect(try fixture.originHead("tst") == tst)
    }

    @Test func dryRunWritesNothing() throws {
        let fixture = try PromotionFixture()
        let tst = try fixture.localHead("tst")
        try fixture.commitOnDev()
        let result = try fixture.promote(["dev", "tst", "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("dry run: would move tst from \(tst.prefix(7))"))
        #expect(try fixture.localHead("tst") == tst)
        #expect(try fixture.originHead("tst") == tst)
        #expect(try fixture.repository.git(["for-each-ref", "refs/notes/"]).isEmpty)
    }

    @Test func withoutATerminalItNeedsYes() throws {
        let fixture = try PromotionFixture()
        try fixture.commitOnDev()
        let result = try fixture.promote(["dev", "tst", "--no-deploy"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("pass --yes"))
    }

    /// A local branch an earlier run moved but did not push is not pushed as it is: the promotion is judged again
    /// from origin's tst, and then published.
    @Test func aRerunJudgesALocalMoveAgainBeforePublishingIt() throws {
        let fixture = try PromotionFixture()
        let oldTst = try fixture.localHead("tst")
        let devHead = try fixture.commitOnDev()
        // As if an earlier run died between moving the local branch and pushing it.
        try fixture.repository.git(["branch", "-f", "tst", devHead])
        #expect(try fixture.originHead("tst") == oldTst)
        let result = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("local tst (\(devHead.prefix(7))) has 1 commit that origin/tst"))
        #expect(result.stdout.contains("move tst from \(oldTst.prefix(7)) to \(devHead.prefix(7))") || result.stdout.contains("pushed tst to origin"))
        #expect(try fixture.originHead("tst") == devHead)
    }

    @Test func localWorkOnTheTargetBranchIsNeverPublished() throws {
        let fixture = try PromotionFixture()
        try fixture.repository.git(["switch", "-q", "tst"])
        let local = try fixture.repository.commit("Unreviewed local change", files: ["NOTES.md": "wip\n"])
        try fixture.repository.git(["switch", "-q", "main"])
        let devHead = try fixture.commitOnDev()
        let result = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("never pushes them"))
        #expect(try fixture.originHead("tst") == devHead)
        let published = try Shell.run("git", ["-C", fixture.origin, "merge-base", "--is-ancestor", local, "tst"])
        #expect(published.status != 0, "the local commit must not reach origin")
        #expect(try fixture.localHead("tst") == local, "the local branch is left alone")
    }

    @Test func promotesAndDeploysToTheEmulatorThenHistoryShowsBoth() throws {
        let fixture = try PromotionFixture()
        let devHead = try fixture.commitOnDev()
        let result = try fixture.promote(["dev", "tst", "--yes", "--target", "emulator"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let deployNote = try Shell.run(
            "git", ["-C", fixture.origin, "notes", "--ref=refs/notes/promote/deployments", "show", devHead]
        ).output
        #expect(deployNote.contains(#""outcome":"succeeded""#) && deployNote.contains(#""stage":"tst""#))
        let history = try fixture.promote(["history", "tst"])
        #expect(history.stdout.contains("promoted   \(devHead.prefix(7))  from dev"))
        #expect(history.stdout.contains("deployed   \(devHead.prefix(7))  succeeded"))
        // status shows what each stage runs: tst its head, dev nothing recorded.
        let status = try fixture.promote(["status", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let stages = (json?["stages"] as? [[String: Any]]) ?? []
        let tst = stages.first { $0["name"] as? String == "tst" }
        #expect((tst?["deployed"] as? [String: Any])?["sha"] as? String == devHead)
        #expect(stages.first { $0["name"] as? String == "dev" }?["deployed"] is NSNull)
        let table = try fixture.promote(["status"])
        #expect(table.stdout.split(separator: "\n").first?.hasSuffix("DEPLOYED") == true)
        #expect(table.stdout.split(separator: "\n").contains { $0.hasPrefix("tst ") && $0.hasSuffix("head") })
    }
}
