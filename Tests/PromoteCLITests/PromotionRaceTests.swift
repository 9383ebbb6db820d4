import Foundation
import TestSupport
import Testing

/// Ten people promote dev → tst at the same moment, each from their own clone and each a different commit of dev
/// (`--commit`; promote only promotes what origin's dev has): the remote branch only ever moves forward, every
/// winner says so, and everyone else is told what happened, with no record of a promotion that did not happen.
@Suite struct PromotionRaceTests {
    @Test func concurrentPromotionsNeverMoveTheRemoteBackwards() async throws {
        let fixture = try PromotionFixture()
        let start = try fixture.originHead("tst")
        var commits: [String] = []
        for index in 0..<10 {
            commits.append(try fixture.repository.commit("Change \(index)", files: ["CHANGE-\(index).md": "change\n"]))
        }
        try fixture.push("main")
        let promoted = commits
        let clonesDirectory = TemporaryDirectory("promote-race")
        var clones: [String] = []
        for index in 0..<10 {
            let path = clonesDirectory.appending("clone-\(index)")
            try Shell.run("git", ["clone", "-q", "-b", "main", fixture.origin, path], environment: GitFixture.identity)
            try Shell.run("git", ["-C", path, "branch", "-q", "tst", "origin/tst"], environment: GitFixture.identity)
            try Shell.run("git", ["-C", path, "branch", "-q", "prd", "origin/prd"], environment: GitFixture.identity)
            clones.append(path)
        }

        let results = try await withThrowingTaskGroup(of: (Int, ProcessResult).self) { group in
            for (index, clone) in clones.enumerated() {
                group.addTask {
                    (index, try PromoteBinary.run(["dev", "tst", "--commit", promoted[index], "--yes", "--no-deploy"], in: clone))
                }
            }
            var collected: [Int: ProcessResult] = [:]
            for try await (index, result) in group { collected[index] = result }
            return collected
        }

        let final = try fixture.originHead("tst")
        let winners = results.filter { $0.value.stdout.contains("promoted dev → tst") }.map(\.key)
        #expect(!winners.isEmpty)
        for winner in winners {
            let contained = try Shell.run(
                "git", ["-C", fixture.origin, "merge-base", "--is-ancestor", commits[winner], final])
            #expect(contained.status == 0, "clone \(winner)'s promotion was undone")
        }
        for (index, result) in results where !winners.contains(index) {
            // Lost at the push (the remote moved between fetch and push: exit 1), fetched after a later commit won
            // (nothing to promote: exit 0), or refused. Either way it says so and records nothing.
            let lostThePush = result.status == 1 && result.stderr.contains("origin/tst moved while promoting")
            let alreadyThere = result.status == 0 && result.stdout.contains("nothing to promote")
            let refused = result.status == 2 && result.stderr.contains("refused:")
            #expect(lostThePush || alreadyThere || refused, "clone \(index) exited \(result.status): \(result.stderr)")
            let note = try Shell.run(
                "git", ["-C", clones[index], "notes", "--ref=refs/notes/promote/promotions", "show", commits[index]])
            #expect(!note.stdout.contains(#""to":"tst""#), "clone \(index) kept a record of a promotion that did not happen")
            // Not even an empty note.
            #expect(note.status != 0, "clone \(index) left a note on \(commits[index]): \(note.stdout.debugDescription)")
        }
        // The remote's reflog: every update of tst was a fast-forward of the one before.
        let log = try Shell.run("git", ["-C", fixture.origin, "reflog", "show", "--format=%H", "refs/heads/tst"]).output
            .split(separator: "\n").map(String.init).reversed()
        let history = Array(log)
        for (older, newer) in zip(history, history.dropFirst()) {
            let forward = try Shell.run("git", ["-C", fixture.origin, "merge-base", "--is-ancestor", older, newer])
            #expect(forward.status == 0, "tst moved from \(older) to \(newer), not forward")
        }
        #expect(try Shell.run("git", ["-C", fixture.origin, "merge-base", "--is-ancestor", start, final]).status == 0)
    }
}
