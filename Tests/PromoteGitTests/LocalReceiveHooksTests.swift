import Foundation
import PromoteGit
import TestSupport
import Testing

/// A push to a local remote (a path or file:// URL) runs the remote's receive hooks as `git push` does, so a
/// `pre-receive` or `update` hook that refuses it stops promote too (libgit2's local transport skips them).
@Suite struct LocalReceiveHooksTests {
    private func remoteWithHook(_ name: String, _ script: String, url: (String) -> String = { $0 }) throws -> (
        work: GitFixture, origin: GitFixture, first: OID
    ) {
        let origin = try GitFixture(bare: true)
        let work = try GitFixture()
        let first = try #require(OID(hex: try work.commit("first", files: ["a.txt": "1"])))
        try work.git(["remote", "add", "origin", url(origin.path)])
        try work.git(["push", "-q", "origin", "main"])
        let hook = origin.path + "/hooks/" + name
        try script.write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        return (work, origin, first)
    }

    @Test(arguments: ["path", "file://"])
    func aPreReceiveHookThatRefusesStopsThePushAndNothingMoves(_ form: String) throws {
        let script = "#!/bin/sh\nwhile read old new ref; do echo \"no pushes to $ref here\" >&2; done\nexit 1\n"
        let (work, origin, first) = try remoteWithHook("pre-receive", script) { form == "path" ? $0 : "file://" + $0 }
        // git itself is refused by it.
        let second = try work.commit("second", files: ["a.txt": "2"])
        #expect(try Shell.run("git", ["push", "-q", "origin", "main"], in: work.path).status != 0)

        let repository = try Repository(discoveringFrom: work.path)
        #expect(
            throws: GitError.pushRejected(
                reference: "refs/heads/main",
                reason: "the remote's pre-receive hook refused it (exit 1): no pushes to refs/heads/main here")
        ) {
            try repository.pushReference(
                "refs/heads/main", to: try #require(OID(hex: second)), expecting: first, remote: "origin")
        }
        #expect(try origin.git(["rev-parse", "main"]) == first.hex)
        #expect(try origin.git(["for-each-ref", "refs/promote/"]).isEmpty)
    }

    @Test func theUpdateHookGetsTheRefAndBothValuesAndNoSecret() throws {
        let script = """
            #!/bin/sh
            echo "$1 $2 $3" > "$GIT_DIR/update-args"
            env > "$GIT_DIR/update-env"
            [ "$1" != refs/heads/frozen ]
            """
        let (work, origin, first) = try remoteWithHook("update", script)
        let second = try #require(OID(hex: try work.commit("second", files: ["a.txt": "2"])))
        let repository = try Repository(discoveringFrom: work.path)
        setenv("AICORE_TST_CLIENT_SECRET", "hook-must-not-see-9d1", 1)
        defer { unsetenv("AICORE_TST_CLIENT_SECRET") }
        try repository.pushReference("refs/heads/main", to: second, expecting: first, remote: "origin")
        #expect(try origin.git(["rev-parse", "main"]) == second.hex)
        let arguments = try String(contentsOfFile: origin.path + "/update-args", encoding: .utf8)
        #expect(arguments == "refs/heads/main \(first.hex) \(second.hex)\n")
        let environment = try String(contentsOfFile: origin.path + "/update-env", encoding: .utf8)
        #expect(!environment.contains("hook-must-not-see-9d1"))

        // A new ref is announced from the zero id, and the hook may refuse it.
        #expect(throws: GitError.self) {
            try repository.pushReference("refs/heads/frozen", to: second, expecting: nil, remote: "origin")
        }
        #expect(throws: (any Error).self) { try origin.git(["rev-parse", "--verify", "refs/heads/frozen"]) }
    }
}
