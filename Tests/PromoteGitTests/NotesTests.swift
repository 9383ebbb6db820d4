import Foundation
import PromoteGit
import TestSupport
import Testing

@Suite struct NotesTests {
    static let notesRef = "refs/notes/promote/test"

    @Test func notesWrittenHereAreReadByGitAndTheOtherWayRound() throws {
        let fixture = try GitFixture()
        let first = try #require(OID(hex: try fixture.commit("first")))
        let second = try #require(OID(hex: try fixture.commit("second")))
        let repository = try Repository(discoveringFrom: fixture.path)
        #expect(try repository.note(on: first, notesRef: Self.notesRef) == nil)

        let tip = try repository.writeNote(on: first, notesRef: Self.notesRef, text: "{\"a\":1}\n", expectedTip: nil)
        #expect(try fixture.git(["notes", "--ref", Self.notesRef, "show", first.hex]) == "{\"a\":1}")
        #expect(try fixture.git(["rev-parse", Self.notesRef]) == tip.hex)

        try fixture.git(["notes", "--ref", Self.notesRef, "add", "-m", "from git", second.hex])
        #expect(try repository.note(on: second, notesRef: Self.notesRef) == "from git\n")
        #expect(try repository.notes(notesRef: Self.notesRef) == [first: "{\"a\":1}\n", second: "from git\n"])
    }

    /// Lines a later notes commit dropped are still in the history (what gates judge), also through a notes merge
    /// made by git itself and with git's fan-out note paths.
    @Test func theHistoryKeepsEveryLineANoteEverHad() throws {
        let fixture = try GitFixture()
        let first = try #require(OID(hex: try fixture.commit("first")))
        let second = try #require(OID(hex: try fixture.commit("second")))
        let repository = try Repository(discoveringFrom: fixture.path)
        #expect(try repository.noteHistory(notesRef: Self.notesRef).isEmpty)
        try fixture.git(["notes", "--ref", Self.notesRef, "add", "-m", "approve", first.hex])
        try fixture.git(["notes", "--ref", Self.notesRef, "append", "-m", "revoke", first.hex])
        try fixture.git(["notes", "--ref", Self.notesRef, "add", "-f", "-m", "approve", first.hex])
        try fixture.git(["notes", "--ref", Self.notesRef, "add", "-m", "other", second.hex])
        #expect(try repository.note(on: first, notesRef: Self.notesRef) == "approve\n")
        let history = try repository.noteHistory(notesRef: Self.notesRef)
        #expect(history[first] == ["approve", "revoke"])
        #expect(history[second] == ["other"])

        // A diverged copy merged by git (a merge commit in the notes history) keeps both sides' lines.
        try fixture.git(["update-ref", "refs/notes/side", Self.notesRef + "~3"])
        try fixture.git(["notes", "--ref", "refs/notes/side", "append", "-m", "from the side", first.hex])
        try fixture.git(["notes", "--ref", Self.notesRef, "merge", "-q", "-s", "cat_sort_uniq", "refs/notes/side"])
        let merged = try repository.noteHistory(notesRef: Self.notesRef)
        #expect(Set(merged[first] ?? []) == ["approve", "revoke", "from the side"])
    }

    @Test func aStaleExpectedTipIsRefusedAndChangesNothing() throws {
        let fixture = try GitFixture()
        let commit = try #require(OID(hex: try fixture.commit("first")))
        let repository = try Repository(discoveringFrom: fixture.path)
        let firstTip = try repository.writeNote(on: commit, notesRef: Self.notesRef, text: "one\n", expectedTip: nil)
        let secondTip = try repository.writeNote(
            on: commit, notesRef: Self.notesRef, text: "two\n", expectedTip: firstTip)
        #expect(throws: GitError.referenceMoved(reference: Self.notesRef, expected: firstTip, actual: secondTip)) {
            try repository.writeNote(on: commit, notesRef: Self.notesRef, text: "lost\n", expectedTip: firstTip)
        }
        #expect(throws: GitError.referenceMoved(reference: Self.notesRef, expected: nil, actual: secondTip)) {
            try repository.writeNote(on: commit, notesRef: Self.notesRef, text: "lost\n", expectedTip: nil)
        }
        #expect(try repository.note(on: commit, notesRef: Self.notesRef) == "two\n")
        #expect(try fixture.git(["rev-list", "--count", Self.notesRef]) == "2")
    }

    /// Concurrent writers appending records to the same note: with compare-and-swap and retries, none is lost.
    @Test func concurrentAppendsKeepEveryRecord() throws {
        let fixture = try GitFixture()
        let commit = try #require(OID(hex: try fixture.commit("first")))
        let path = fixture.path
        let writers = 6
        let perWriter = 5
        let failures = LockedBox<[String]>([])
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                let repository = try Repository(discoveringFrom: path)
                for record in 0..<perWriter {
                    try repository.updateNote(on: commit, notesRef: Self.notesRef, attempts: 200) { current in
                        (current ?? "") + "writer \(writer) record \(record)\n"
                    }
                }
            } catch {
                failures.update { $0.append("\(error)") }
            }
        }
        #expect(failures.get().isEmpty)
        let lines = try fixture.git(["notes", "--ref", Self.notesRef, "show", commit.hex]).split(separator: "\n")
        #expect(lines.count == writers * perWriter)
        #expect(Set(lines).count == writers * perWriter)
    }
}
