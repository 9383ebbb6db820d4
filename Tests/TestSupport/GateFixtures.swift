import Foundation

/// An SSH key pair made by `ssh-keygen -t ed25519` for a test, and the person it belongs to.
public struct SSHKey: Sendable {
    public let email: String
    public let privateKeyPath: String
    /// "ssh-ed25519 AAAA..." (type and key, no comment).
    public let publicKey: String

    /// A new key pair without a passphrase in `directory`.
    public static func generate(_ email: String, in directory: TemporaryDirectory) throws -> SSHKey {
        let path = directory.appending("key-\(email.replacingOccurrences(of: "@", with: "-at-"))")
        let result = try Shell.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", email, "-f", path])
        guard result.status == 0 else { throw FixtureError.gitFailed(arguments: ["ssh-keygen"], stderr: result.stderr) }
        let publicKey = try String(contentsOfFile: path + ".pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        return SSHKey(email: email, privateKeyPath: path, publicKey: publicKey)
    }

    /// Its line in an allowed_signers file; `options` such as `namespaces="..."` go between principal and key.
    public func signersLine(principals: String? = nil, options: String? = nil) -> String {
        [principals ?? email, options, publicKey].compactMap { $0 }.joined(separator: " ")
    }
}

/// Repositories for gate tests: stages dev (branch main) and tst (branch tst, from dev) with gates, a signer list,
/// the tst branch at the first commit, and one change on main (by the fixture's author, Ada) waiting to be promoted.
public enum GateFixtures {
    public static func stage(_ name: String, branch: String, from: String?, gates: String? = nil) -> String {
        let fromLine = from.map { "\"from\": \"\($0)\"," } ?? ""
        let gatesLine = gates.map { ", \"gates\": \($0)" } ?? ""
        return """
            { "version": 1, "name": "\(name)", "branch": "\(branch)", \(fromLine)
              "aicore": { "resource_group": "rg-\(name)", "application": "app-\(name)" }\(gatesLine) }
            """
    }

    /// One approval, no authors, 72 hours.
    public static let oneApproval = #"{ "approvals": { "required": 1, "allow_authors": false, "ttl_hours": 72 } }"#

    /// The repository, the tst head (`base`) and the change on main (`change`), as full SHAs.
    public static func repository(
        tstGates: String = oneApproval, signers: [String], files: [String: String?] = [:]
    ) throws -> (fixture: GitFixture, base: String, change: String) {
        let fixture = try GitFixture()
        var all: [String: String?] = [
            "stages/dev.json": stage("dev", branch: "main", from: nil),
            "stages/tst.json": stage("tst", branch: "tst", from: "dev", gates: tstGates),
            "stages/allowed_signers": signers.joined(separator: "\n") + "\n",
            "README.md": "content\n",
        ]
        for (path, content) in files { all[path] = content }
        let base = try fixture.commit("Stages and signers", files: all)
        try fixture.git(["branch", "tst"])
        let change = try fixture.commit("Train longer", files: ["train.py": "epochs = 5\n"])
        return (fixture, base, change)
    }

    /// Appends a `promote deploy` record (the format of `refs/notes/promote/deployments`) to `commit`.
    public static func recordDeploy(
        _ fixture: GitFixture, stage: String, commit: String, outcome: String = "succeeded",
        finishedAt: String = "2026-01-01T00:00:00Z"
    ) throws {
        let line =
            #"{"commit":"\#(commit)","deployments":[],"executions":[],"finished_at":"\#(finishedAt)","outcome":"\#(outcome)","resource_group":"rg-\#(stage)","stage":"\#(stage)","started_at":"\#(finishedAt)"}"#
        try appendNote(fixture, ref: "refs/notes/promote/deployments", commit: commit, line: line)
    }

    /// Appends one line to the note on `commit` under `ref` with git itself.
    public static func appendNote(_ fixture: GitFixture, ref: String, commit: String, line: String) throws {
        let existing = (try? fixture.git(["notes", "--ref", ref, "show", commit])) ?? ""
        let text = existing.isEmpty ? line : existing + "\n" + line
        try fixture.git(["notes", "--ref", ref, "add", "-f", "-F", "-", commit], input: Data((text + "\n").utf8))
    }
}
