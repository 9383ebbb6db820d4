import DeployCore
import Foundation
import PromoteCore
import PromoteGit
import TestSupport
import Testing

/// A hold placed from another clone at the last moment of a promotion (its record written, the branch not yet
/// pushed): the promotion notices, takes its record back and moves nothing; the hold is kept.
@Suite struct HoldRaceTests {
    @Test func aHoldPlacedJustBeforeThePushStopsThePromotion() async throws {
        let fixture = try DeployFixtures.repository()
        let originDirectory = TemporaryDirectory("hold-race-origin")
        let origin = originDirectory.appending("origin.git")
        try Shell.run("git", ["init", "-q", "--bare", origin])
        try fixture.git(["remote", "add", "origin", origin])
        try fixture.git(["push", "-q", "origin", "main", "tst"])
        try fixture.commit("Train longer", files: ["README.md": "more epochs\n"])
        try fixture.git(["push", "-q", "origin", "main"])
        let other = originDirectory.appending("incident-responder")
        try Shell.run("git", ["clone", "-q", "-b", "main", origin, other], environment: GitFixture.identity)
        let tstBefore = try Shell.run("git", ["-C", origin, "rev-parse", "tst"]).output

        var request = Promotion.Request(from: "dev", to: "tst")
        request.deploy = false
        let placed = LockedBox(false)
        let promotion = Promotion(
            workspace: try Workspace(path: fixture.path), request: request, environment: [:],
            say: { line in
                guard line.hasPrefix("recorded the promotion"), !placed.get() else { return }
                placed.set(true)
                // The incident responder, in their own clone, at this very moment.
                do {
                    let responder = try Workspace(path: other)
                    let result = try StageHolds.place(
                        repository: responder.repository, stages: responder.stages, stage: "tst",
                        reason: "INC-5: declared mid-promotion", environment: [:])
                    #expect(result.publication?.failed == false)
                } catch {
                    Issue.record("placing the hold failed: \(error)")
                }
            }, confirm: nil)
        await #expect {
            _ = try await promotion.run()
        } throws: { error in
            guard let refusal = error as? StageRefusal else { return false }
            return refusal.message.contains("tst is held since")
                && refusal.message.contains("INC-5: declared mid-promotion")
                && refusal.message.contains("the promotion record was taken back and nothing moved")
        }
        #expect(placed.get())
        #expect(try Shell.run("git", ["-C", origin, "rev-parse", "tst"]).output == tstBefore)
        let head = try fixture.git(["rev-parse", "main"])
        let record = try Shell.run(
            "git", ["-C", fixture.path, "notes", "--ref", "refs/notes/promote/promotions", "show", head])
        #expect(record.status != 0, "the promotion record was kept: \(record.stdout)")
        let workspace = try Workspace(path: fixture.path)
        #expect(
            try StageHolds.current(repository: workspace.repository, stages: workspace.stages, stage: "tst").hold.isHeld
        )
    }
}
