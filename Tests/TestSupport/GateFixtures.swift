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

    /// The email of the record key `repository` sets up.
    public static let recordSigner = "ci@promote.invalid"

    /// The allowed_signers line that lets `key` sign promote's records (and nothing else).
    public static func recordSignerLine(_ key: SSHKey) -> String {
        key.signersLine(options: #"namespaces="promote-record-*@promote.dev""#)
    }

    /// A key for promote's own records (promotions, deploys, test results), made in the fixture's directory and set
    /// as the repository's `user.signingkey`, as CI's record key would be.
    @discardableResult
    public static func installRecordKey(_ fixture: GitFixture) throws -> SSHKey {
        let key = try SSHKey.generate(recordSigner, in: fixture.directory)
        try fixture.git(["config", "user.signingkey", key.privateKeyPath])
        return key
    }

    /// The repository, the tst head (`base`) and the change on main (`change`), as full SHAs. With `recordKey`, the
    /// repository signs promote's records with a key that `stages/allowed_signers` lists for records only.
    public static func repository(
        tstGates: String = oneApproval, signers: [String], files: [String: String?] = [:], recordKey: Bool = true
    ) throws -> (fixture: GitFixture, base: String, change: String) {
        let fixture = try GitFixture()
        var signers = signers
        if recordKey { signers.append(recordSignerLine(try installRecordKey(fixture))) }
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

    /// The record key `installRecordKey` made for `fixture`.
    public static func recordKey(_ fixture: GitFixture) throws -> SSHKey {
        let path = fixture.directory.appending("key-\(recordSigner.replacingOccurrences(of: "@", with: "-at-"))")
        let publicKey = try String(contentsOfFile: path + ".pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        return SSHKey(email: recordSigner, privateKeyPath: path, publicKey: publicKey)
    }

    /// Appends a `promote deploy` record (the format of `refs/notes/promote/deployments`) to `commit`, signed with
    /// `key` when given.
    public static func recordDeploy(
        _ fixture: GitFixture, stage: String, commit: String, outcome: String = "succeeded",
        finishedAt: String = "2026-01-01T00:00:00Z", signedWith key: SSHKey? = nil
    ) throws {
        var line =
            #"{"commit":"\#(commit)","deployments":[],"executions":[],"finished_at":"\#(finishedAt)","outcome":"\#(outcome)","resource_group":"rg-\#(stage)","stage":"\#(stage)","started_at":"\#(finishedAt)"}"#
        if let key { line = try sign(line, stage: stage, key: key) }
        try appendNote(fixture, ref: "refs/notes/promote/deployments", commit: commit, line: line)
    }

    /// `line` (compact JSON with sorted keys, as promote writes its records) with a `signature` made by ssh-keygen
    /// itself over the line and a newline, in the namespace of `stage`'s records: the scheme promote documents.
    public static func sign(_ line: String, stage: String, key: SSHKey, namespaceStage: String? = nil) throws -> String {
        let signed = try Shell.run(
            "ssh-keygen",
            ["-Y", "sign", "-q", "-f", key.privateKeyPath, "-n", "promote-record-\(namespaceStage ?? stage)@promote.dev"],
            input: Data((line + "\n").utf8))
        guard signed.status == 0 else { throw FixtureError.gitFailed(arguments: ["ssh-keygen"], stderr: signed.stderr) }
        let escaped = signed.stdout.replacingOccurrences(of: "\n", with: "\\n")
        return String(line.dropLast()) + #","signature":""# + escaped + #""}"#
    }

    /// Appends one line to the note on `commit` under `ref` with git itself.
    public static func appendNote(_ fixture: GitFixture, ref: String, commit: String, line: String) throws {
        let existing = (try? fixture.git(["notes", "--ref", ref, "show", commit])) ?? ""
        let text = existing.isEmpty ? line : existing + "\n" + line
        try fixture.git(["notes", "--ref", ref, "add", "-f", "-F", "-", commit], input: Data((text + "\n").utf8))
    }
}
