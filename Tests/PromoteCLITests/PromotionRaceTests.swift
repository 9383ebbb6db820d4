import Foundation
import TestSupport
import Testing

/// Ten people promote dev → tst at the same moment, each from their own clone with a different dev head: the
/// remote branch only ever moves forward, exactly the winners say so, and everyone else is told what happened.
@Suite struct PromotionRaceTests {
    @Test func concurrentPromotionsNeverMoveTheRemoteBackwards() async throws {
        let fixture = try PromotionFixture()
        let start = try fixture.originHead("tst")
        let clonesDirectory = TemporaryDirectory("promote-race")
        var clones: [(path: String, head: String)] = []
        for index in 0..<10 {
            let path = clonesDirectory.appending("clone-\(index)")
            try Shell.run("git", ["clone", "-q", "-b", "main", fixture.origin, path], environment: GitFixture.identity)
            let clone = path
            try Shell.run("git", ["-C", clone, "branch", "-q", "tst", "origin/tst"], environment: GitFixture.identity)
            try Shell.run("git", ["-C", clone, "branch", "-q", "prd", "origin/prd"], environment: GitFixture.identity)
            try "change \(index)\n".write(toFile: clone + "/CHANGE-\(index).md", atomically: true, encoding: .utf8)
            try Shell.run("git", ["-C", clone, "add", "-A"], environment: GitFixture.identity)
            try Shell.run(
                "git", ["-C", clone, "commit", "-q", "-m", "Change \(index)"], environment: GitFixture.identity)
            let head = try Shell.run("git", ["-C", clone, "rev-parse", "HEAD"]).output
            clones.append((clone, head))
        }

        let results = try await withThrowingTaskGroup(of: (Int, ProcessResult).self) { group in
            for (index, clone) in clones.enumerated() {
                group.addTask {
                    (index, try PromoteBinary.run(["dev", "tst", "--yes", "--no-deploy"], in: clone.path))
                }
            }
            var collected: [Int: ProcessResult] = [:]
            for try await (index, result) in group { collected[index] = result }
            return collected
        }

        let winners = results.filter { $0.value.status == 0 }.map(\.key)
        let final = try fixture.originHead("tst")
        // Every dev head is a sibling of the others, so exactly one promotion can be a fast-forward.
        #expect(winners.count == 1, "winners: \(winners)")
        if let winner = winners.first {
            #expect(final == clones[winner].head)
            #expect(results[winner]?.stdout.contains("promoted dev → tst") == true)
        }
        for (index, result) in results where result.status != 0 {
            // Lost at the push (the remote moved between fetch and push: exit 1), or fetched after the winner's
            // push and found tst no longer fast-forwardable (refused: exit 2). Either way it says so.
            let lostThePush = result.status == 1 && result.stderr.contains("origin/tst moved while promoting")
            let refusedAfterwards = result.status == 2 && result.stderr.contains("cannot fast-forward")
            #expect(lostThePush || refusedAfterwards, "clone \(index) exited \(result.status): \(result.stderr)")
            // The loser's own branch was put back: local and remote agree again after a fetch.
            let local = try Shell.run("git", ["-C", clones[index].path, "rev-parse", "tst"]).output
            #expect(local == start || local == final, "clone \(index) left tst at \(local)")
            // Nor does its record claim a promotion that did not happen.
            let note = try Shell.run(
                "git", ["-C", clones[index].path, "notes", "--ref=refs/notes/promote/promotions", "show", clones[index].head])
            #expect(!note.stdout.contains(#""to":"tst""#), "clone \(index) kept a record of a refused promotion")
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
