import Foundation
import PromoteGit
import TestSupport
import Testing

@Suite struct ReferenceTests {
    @Test func compareAndSwapMovesARefOnlyFromTheExpectedValue() throws {
        let fixture = try GitFixture()
        let one = try #require(OID(hex: try fixture.commit("one")))
        let two = try #require(OID(hex: try fixture.commit("two")))
        let three = try #require(OID(hex: try fixture.commit("three")))
        let repository = try Repository(discoveringFrom: fixture.path)

        try repository.updateReference("refs/heads/tst", to: one, expecting: nil, message: "create")
        #expect(try fixture.git(["rev-parse", "tst"]) == one.hex)
        #expect(throws: GitError.referenceMoved(reference: "refs/heads/tst", expected: nil, actual: one)) {
            try repository.updateReference("refs/heads/tst", to: two, expecting: nil, message: "create again")
        }
        try repository.updateReference("refs/heads/tst", to: two, expecting: one, message: "advance")
        #expect(throws: GitError.referenceMoved(reference: "refs/heads/tst", expected: one, actual: two)) {
            try repository.updateReference("refs/heads/tst", to: three, expecting: one, message: "stale")
        }
        #expect(try fixture.git(["rev-parse", "tst"]) == two.hex)
        #expect(try fixture.git(["reflog", "show", "--format=%gs", "tst"]).split(separator: "\n").first == "advance")
        let error = GitError.referenceMoved(reference: "refs/heads/tst", expected: one, actual: two)
        #expect(error.localizedDescription.contains("moved meanwhile: expected \(one.short), found \(two.short)"))

        #expect(throws: GitError.referenceMoved(reference: "refs/heads/nope", expected: one, actual: nil)) {
            try repository.updateReference("refs/heads/nope", to: two, expecting: one, message: "missing")
        }
        try repository.deleteReference("refs/heads/tst", expecting: two)
        #expect(try repository.referenceTarget("refs/heads/tst") == nil)
    }

    @Test func listsReferencesUnderAPrefix() throws {
        let fixture = try GitFixture()
        let head = try fixture.commit("one")
        for name in ["refs/remotes/origin/main", "refs/remotes/origin/tst", "refs/remotes/other/x"] {
            try fixture.git(["update-ref", name, head])
        }
        let repository = try Repository(discoveringFrom: fixture.path)
        #expect(
            try repository.referenceNames(under: "refs/remotes/origin/") == [
                "refs/remotes/origin/main", "refs/remotes/origin/tst",
            ])
    }

    /// Many writers race to move one ref from the same old value, round after round: exactly one wins each round,
    /// every loser is told, and the ref ends at the winner's value.
    @Test func underContentionExactlyOneWriterWinsEachRound() throws {
        let fixture = try GitFixture()
        var candidates: [OID] = []
        for index in 0..<16 { candidates.append(try #require(OID(hex: try fixture.commit("candidate \(index)")))) }
        let start = candidates[0]
        let allCandidates = candidates
        try fixture.git(["update-ref", "refs/heads/stage", start.hex])
        let path = fixture.path
        let writers = 8
        var current = start
        for round in 0..<25 {
            let outcomes = LockedBox<[(writer: Int, error: GitError?)]>([])
            let expected = current
            DispatchQueue.concurrentPerform(iterations: writers) { writer in
                // Every writer wants a value different from the current one.
                let others = allCandidates.filter { $0 != expected }
                let target = others[(round + writer) % others.count]
                do {
                    let repository = try Repository(discoveringFrom: path)
                    try repository.updateReference(
                        "refs/heads/stage", to: target, expecting: expected, message: "round \(round) writer \(writer)")
                    outcomes.update { $0.append((writer, nil)) }
                } catch let error as GitError {
                    outcomes.update { $0.append((writer, error)) }
                } catch {
                    Issue.record("unexpected error \(error)")
                }
            }
            let results = outcomes.get()
            let winners = results.filter { $0.error == nil }
            #expect(winners.count == 1, "round \(round): \(winners.count) winners")
            #expect(results.count == writers)
            for loser in results where loser.error != nil {
                switch loser.error {
                case .referenceMoved(_, let lostExpected, _)?: #expect(lostExpected == expected)
                case .referenceLocked?: break
                default: Issue.record("round \(round): unexpected loser error \(String(describing: loser.error))")
                }
            }
            let final = try #require(OID(hex: try fixture.git(["rev-parse", "refs/heads/stage"])))
            #expect(final != expected)
            current = final
        }
    }
}
