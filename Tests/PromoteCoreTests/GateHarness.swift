import Foundation
import PromoteCore
import PromoteGit
import PromoteModel
import TestSupport
import Testing

/// A gate fixture repository with real SSH keys: Rita and Otto review, Ada writes the change, Carl commits it,
/// Mallory is nobody. Which of them are in stages/allowed_signers is up to each test.
struct GateHarness {
    let fixture: GitFixture
    let base: OID
    let change: OID
    let keys: [String: SSHKey]
    /// Holds the key files for as long as the harness lives.
    let keyDirectory: TemporaryDirectory

    static let people = ["rita", "otto", "ada", "carl", "mallory"]

    /// `signers` names the people listed in stages/allowed_signers (with optional options per person).
    init(
        tstGates: String = GateFixtures.oneApproval,
        signers: [String: String?] = ["rita": nil, "otto": nil, "ada": nil],
        files: [String: String?] = [:]
    ) throws {
        keyDirectory = TemporaryDirectory("promote-keys")
        var keys: [String: SSHKey] = [:]
        for person in Self.people { keys[person] = try SSHKey.generate("\(person)@example.com", in: keyDirectory) }
        let lines = signers.keys.sorted().compactMap { person in
            keys[person].map { $0.signersLine(options: signers[person] ?? nil) }
        }
        let made = try GateFixtures.repository(tstGates: tstGates, signers: lines, files: files)
        fixture = made.fixture
        base = try #require(OID(hex: made.base))
        change = try #require(OID(hex: made.change))
        self.keys = keys
    }

    func repository() throws -> Repository { try Repository(discoveringFrom: fixture.path) }

    func stages() throws -> StageSet { try Workspace(path: fixture.path).stages }

    func key(_ person: String) throws -> SSHKey { try #require(keys[person]) }

    func evaluate(_ commit: OID? = nil, now: Date = Date()) throws -> GateReport {
        try GateEvaluator.evaluate(
            repository: try repository(), stages: try stages(), stage: "tst", commit: commit ?? change, now: now)
    }

    @discardableResult
    func approve(
        _ person: String, commit: OID? = nil, at: Date = Date(), comment: String = "", revoke: Bool = false
    ) throws -> ApprovalResult {
        let key = try key(person)
        return try Approver.approve(
            ApprovalRequest(
                stage: "tst", commit: commit ?? change, comment: comment, revoke: revoke,
                key: SigningKey(path: key.privateKeyPath, origin: "test"), at: at),
            repository: try repository(), stages: try stages(), keygen: SSHKeygen.locate())
    }

    /// A record signed with ssh-keygen directly (not through promote), so tests can store what promote refuses.
    func forge(
        _ person: String, stage: String = "tst", commit: OID? = nil, approver: String? = nil, at: Date = Date(),
        comment: String = "", revoke: Bool = false, namespaceStage: String? = nil
    ) throws -> ApprovalRecord {
        let key = try key(person)
        var record = ApprovalRecord(
            stage: stage, commit: (commit ?? change).hex, approver: approver ?? key.email,
            at: RecordTime.format(at), comment: comment, revoke: revoke)
        let signed = try Shell.run(
            "ssh-keygen",
            [
                "-Y", "sign", "-q", "-f", key.privateKeyPath, "-n",
                ApprovalRecord.namespace(for: namespaceStage ?? stage),
            ], input: record.payload)
        #expect(signed.status == 0, "\(signed.stderr)")
        record.signature = signed.stdout
        return record
    }

    /// Appends a raw line to the approvals note of `commit` with git itself.
    func store(_ line: String, on commit: OID? = nil) throws {
        try GateFixtures.appendNote(
            fixture, ref: ApprovalRecord.notesRef, commit: (commit ?? change).hex, line: line)
    }

    /// Commits `files` on the tst branch itself (as an admin changing the stage's rules would), keeping main checked
    /// out; returns the new tst head.
    @discardableResult
    func commitOnTst(_ message: String, files: [String: String]) throws -> OID {
        try fixture.git(["checkout", "-q", "tst"])
        let sha = try fixture.commit(message, files: files)
        try fixture.git(["checkout", "-q", "main"])
        return try #require(OID(hex: sha))
    }
}

extension GateReport {
    func gate(_ name: String) throws -> GateResult {
        try #require(gates.first { $0.name == name }, "no gate \(name) in \(gates.map(\.name))")
    }
}
