import Foundation
import TestSupport
import Testing

/// The attacks of the gate-integrity issue, each run against the built binary on a real repository with a bare
/// origin: whoever can push to dev, push notes or push a stage branch must not get a commit into tst unjudged.
@Suite struct GateIntegrityTests {
    /// 1. A local tst moved by hand (or by an interrupted run) is not published: the promotion is judged from
    /// origin's tst, and refused while the gates block.
    @Test func aLocalBranchMovedByHandIsNotPublishedUnjudged() throws {
        let fixture = try IntegrityFixture()
        try fixture.repository.git(["branch", "-f", "tst", "main"])
        let result = try fixture.promote(["dev", "tst", "--yes", "--target", "emulator"])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("gate of tst: approvals: BLOCKED"))
        #expect(result.stdout.contains("promote judges and publishes from origin/tst and never pushes them"))
        #expect(try fixture.originHead("refs/heads/tst") == fixture.base)
        #expect(try fixture.originHead("refs/notes/promote/deployments").isEmpty)
    }

    /// 1. A move an earlier run made but did not push is judged again: an approval withdrawn since stops it.
    @Test func anInterruptedRunIsJudgedAgainAndARevokedApprovalStopsIt() throws {
        let fixture = try IntegrityFixture()
        try fixture.deployDev()
        try fixture.approve()
        let first = try fixture.promote(["test", "tst", "--commit", fixture.change])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        // As if a run had moved the local branch and died before pushing; then Rita withdraws her approval.
        try fixture.repository.git(["branch", "-f", "tst", fixture.change])
        try fixture.approve(revoke: true)
        let result = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("approvals: BLOCKED"))
        #expect(try fixture.originHead("refs/heads/tst") == fixture.base)
    }

    /// 3. Test hooks see no secret: they run only once the approvals pass, and then in a clean environment without
    /// any stage's credentials, tokens or the repository's git configuration.
    @Test func testHooksSeeNoSecretAndUnreviewedCodeDoesNotRun() throws {
        let gates = #"""
            { "approvals": { "required": 1, "allow_authors": false, "ttl_hours": 72 },
              "tests": [ { "name": "check", "run": "env | sort; ls \"$HOME\" | wc -l; cat \"$PROMOTE_REPO/.git/config\" 2>&1; true", "env": ["MODEL_SIZE", "AICORE_BASE_URL"] } ] }
            """#
        let fixture = try IntegrityFixture(gates: gates)
        try fixture.repository.git(["config", "http.extraheader", "AUTHORIZATION: basic dG9rLTQ="])
        let secrets: [String: String?] = [
            "AICORE_CLIENT_SECRET": "topsecret-1", "AICORE_BASE_URL": "http://127.0.0.1:9/v2",
            "PROMOTE_GIT_TOKEN": "gittoken-2", "GITHUB_TOKEN": "ghs-3", "MODEL_SIZE": "large",
            "GITHUB_SHA": fixture.change,
        ]
        let unreviewed = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"], environment: secrets)
        #expect(unreviewed.status == 2)
        #expect(!unreviewed.stdout.contains("[check]"), "an unapproved commit's hook ran: \(unreviewed.stdout)")

        try fixture.approve()
        let result = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"], environment: secrets)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("[check] PROMOTE_STAGE=tst"))
        #expect(result.stdout.contains("[check] MODEL_SIZE=large"))
        #expect(result.stdout.contains("[check] GITHUB_SHA=\(fixture.change)"))
        #expect(result.stdout.contains("[check] promote: not passing AICORE_BASE_URL to the hook: it is a credential"))
        #expect(result.stdout.contains("[check] 0"), "HOME must be an empty directory")
        for leaked in ["topsecret-1", "gittoken-2", "ghs-3", "dG9rLTQ=", "http://127.0.0.1:9/v2", "PROMOTE_REPO=", "HOME=/root"] {
            #expect(!result.stdout.contains(leaked) && !result.stderr.contains(leaked), "\(leaked) reached the hook")
        }
        let notes = try fixture.repository.git(["notes", "--ref", "refs/notes/promote/tests", "show", fixture.change])
        #expect(!notes.contains("topsecret-1"))
    }

    /// 3. `promote test` in a job that holds secrets runs a stage's hooks only once the commit is approved; where no
    /// secret is set (a pull-request job), it runs them for the reviewers to see.
    @Test func unreviewedHooksDoNotRunWhereSecretsAre() throws {
        let fixture = try IntegrityFixture()
        let withKey: [String: String?] = ["PROMOTE_RECORD_KEY_FILE": try GateFixtures.recordKey(fixture.repository).privateKeyPath]
        let refused = try fixture.promote(["test", "tst", "--commit", fixture.change], environment: withKey)
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("this job holds secrets (PROMOTE_RECORD_KEY_FILE)"))
        #expect(!refused.stdout.contains("[check]"))
        let credentials = try fixture.promote(
            ["test", "tst", "--commit", fixture.change], environment: ["AICORE_CLIENT_SECRET": "x"])
        #expect(credentials.status == 2)

        let review = try fixture.promote(["test", "tst", "--commit", fixture.change])
        #expect(review.status == 0, "\(review.stdout)\(review.stderr)")
        #expect(review.stdout.contains("[check] passed"))

        try fixture.approve()
        let approved = try fixture.promote(["test", "tst", "--commit", fixture.change], environment: withKey)
        #expect(approved.status == 0, "\(approved.stdout)\(approved.stderr)")
    }

    /// 7. `promote ci check` says what it finds missing of what the remote must protect.
    @Test func ciCheckReportsAnUnprotectedRemote() throws {
        let fixture = try IntegrityFixture()
        let unprotected = try fixture.promote(["ci", "check"])
        #expect(unprotected.stderr.contains("has no update or pre-receive hook, so anyone who can push may rewind or delete refs/notes/promote/*"))
        #expect(!unprotected.stderr.contains("no key in stages/allowed_signers may sign promote's records"))
        let hook = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../contrib/protect-records.update-hook"
        ).standardizedFileURL.path
        try FileManager.default.copyItem(atPath: hook, toPath: fixture.origin.path + "/hooks/update")
        let protected = try fixture.promote(["ci", "check"])
        #expect(!protected.stderr.contains("pre-receive hook"), "\(protected.stderr)")

        try fixture.repository.git(["remote", "set-url", "origin", "https://git.example.invalid/team/churn.git"])
        let hosted = try fixture.promote(["ci", "check"])
        #expect(hosted.stderr.contains("promote cannot see origin's protection rules"))

        let onlyApprovers = try GitFixture()
        try onlyApprovers.commit(
            "Stages",
            files: [
                "stages/dev.json": GateFixtures.stage("dev", branch: "main", from: nil),
                "stages/tst.json": GateFixtures.stage("tst", branch: "tst", from: "dev", gates: GateFixtures.oneApproval),
                "stages/allowed_signers": fixture.rita.signersLine(options: #"namespaces="promote-approval-*@promote.dev""#) + "\n",
            ])
        let noRecordKey = try PromoteBinary.run(["ci", "check"], in: onlyApprovers.path)
        #expect(noRecordKey.stderr.contains("no key in stages/allowed_signers may sign promote's records"))
    }

    /// 4. Commits only the local dev branch has are reported and never promoted.
    @Test func unpushedLocalCommitsAreNotPromoted() throws {
        let fixture = try PromotionFixture()
        let tst = try fixture.originHead("tst")
        let unpushed = try fixture.commitOnDev(push: false)
        let result = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("local main has 1 commit that origin/main lacks"))
        #expect(result.stdout.contains("nothing to promote"))
        #expect(try fixture.originHead("tst") == tst)

        let named = try fixture.promote(["dev", "tst", "--yes", "--no-deploy", "--commit", unpushed])
        #expect(named.status == 1)
        #expect(named.stderr.contains("--commit \(unpushed.prefix(7)) is not on origin/main"))
        #expect(try fixture.originHead("tst") == tst)
    }

    /// 5. Without the target's credentials, or with credentials its token endpoint refuses, nothing moves.
    @Test func theBranchDoesNotMoveWhenTheDeployCannotStart() throws {
        let fixture = try PromotionFixture()
        let tst = try fixture.originHead("tst")
        let devHead = try fixture.commitOnDev()
        let missing = try fixture.promote(
            ["dev", "tst", "--yes"],
            environment: ["AICORE_AUTH_URL": nil, "AICORE_BASE_URL": nil, "AICORE_CLIENT_ID": nil, "AICORE_CLIENT_SECRET": nil])
        #expect(missing.status == 1, "\(missing.stdout)\(missing.stderr)")
        #expect(missing.stderr.contains("not promoting into tst: its deploy of \(devHead.prefix(7)) could not start"))
        #expect(missing.stderr.contains("AICORE_AUTH_URL"))
        #expect(try fixture.originHead("tst") == tst && fixture.localHead("tst") == tst)

        let emulator = try EmulatorProcess(secret: "the-right-secret")
        defer { emulator.stop() }
        var wrong = emulator.environment
        wrong["AICORE_CLIENT_SECRET"] = "a-wrong-secret"
        let refused = try fixture.promote(["dev", "tst", "--yes"], environment: wrong)
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("could not start"))
        #expect(!refused.stdout.contains("a-wrong-secret") && !refused.stderr.contains("a-wrong-secret"))
        #expect(try fixture.originHead("tst") == tst)
        #expect(try fixture.repository.git(["for-each-ref", "refs/notes/promote/promotions"]).isEmpty)

        // --no-deploy needs no credentials.
        let moved = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"], environment: wrong)
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(try fixture.originHead("tst") == devHead)
    }

    /// 6. After `--merge`, CI's gate for the merge commit passes: the merge is recorded as a promotion of the
    /// source head it merged, and adds nothing of its own.
    @Test func ciGatePassesAfterAMergePromotion() throws {
        let fixture = try IntegrityFixture()
        try fixture.deployDev()
        try fixture.approve()
        try fixture.repository.git(["switch", "-q", "tst"])
        try fixture.repository.commit("Hotfix on tst", files: ["HOTFIX.md": "x\n"])
        try fixture.repository.git(["switch", "-q", "main"])
        try fixture.repository.git(["push", "-q", "origin", "tst"])

        let result = try fixture.promote(["dev", "tst", "--yes", "--merge", "--target", "emulator"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let merge = try fixture.originHead("refs/heads/tst")
        #expect(try fixture.repository.git(["rev-parse", "\(merge)^2"]) == fixture.change)

        // CI on the push of tst, in a fresh clone: the gate of the merge commit.
        let clone = TemporaryDirectory("promote-ci")
        let path = clone.appending("ci")
        try Shell.run("git", ["clone", "-q", fixture.origin.path, path], environment: GitFixture.identity)
        try Shell.run("git", ["-C", path, "branch", "-q", "tst", "origin/tst"], environment: GitFixture.identity)
        let gate = try PromoteBinary.run(["gate", "tst", "--commit", "tst"], in: path)
        #expect(gate.status == 0, "\(gate.stdout)\(gate.stderr)")
        #expect(gate.stdout.contains("merge              pass"))
    }

    /// 6. A merge commit pushed to tst that adds a change of its own stays blocked: with a copied promotion record,
    /// and even with a record signed by the record key (the merge gate compares it with the clean merge).
    @Test func aMergeThatAddsChangesOfItsOwnIsBlocked() throws {
        let fixture = try IntegrityFixture()
        try fixture.deployDev()
        try fixture.approve()
        let repository = fixture.repository
        try repository.git(["switch", "-q", "tst"])
        try repository.git(["merge", "-q", "--no-ff", "--no-edit", fixture.change])
        try "payload\n".write(toFile: repository.path + "/EXTRA.sh", atomically: true, encoding: .utf8)
        try repository.git(["add", "EXTRA.sh"])
        try repository.git(["commit", "-q", "--amend", "--no-edit"])
        let merge = try repository.git(["rev-parse", "HEAD"])
        try repository.git(["switch", "-q", "main"])
        try repository.git(["push", "-q", "origin", "tst"])

        let line =
            #"{"at":"2026-01-01T00:00:00Z","base":"\#(fixture.base)","by":"x","from":"dev","kind":"promotion","merge":true,"merged":"\#(fixture.change)","new":"\#(merge)","old":"\#(fixture.base)","to":"tst"}"#
        try GateFixtures.appendNote(
            repository, ref: "refs/notes/promote/promotions", commit: merge,
            line: try GateFixtures.sign(line, stage: "tst", key: try GateFixtures.recordKey(repository)))
        let gate = try fixture.promote(["gate", "tst", "--commit", "tst", "--no-fetch"])
        #expect(gate.status == 2, "\(gate.stdout)")
        #expect(gate.stdout.contains("merge              BLOCKED"))
        #expect(gate.stdout.contains("holds changes of its own"))
    }

    /// 7. A revocation survives a later notes commit that drops it (what a notes pusher can do on a remote that
    /// refuses force pushes, as it must): a fresh clone does not count the withdrawn approval. The force push itself
    /// is refused by such a remote.
    @Test func aRevocationStaysRevokedInAFreshClone() throws {
        let fixture = try IntegrityFixture(gates: GateFixtures.oneApproval)
        // The remote's part: the update hook promote ships for self-hosted remotes (refs/notes/promote/* only
        // move forward; git's receive.denyNonFastForwards covers branches only).
        let hook = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../contrib/protect-records.update-hook"
        ).standardizedFileURL.path
        try FileManager.default.copyItem(atPath: hook, toPath: fixture.origin.path + "/hooks/update")
        try fixture.approve()
        let approved = try fixture.originHead("refs/notes/promote/approvals")
        try fixture.approve(revoke: true)

        // Mallory clones, drops the revocation line from the note and pushes that (a fast-forward).
        let work = TemporaryDirectory("promote-attacker")
        let path = work.appending("clone")
        try Shell.run("git", ["clone", "-q", fixture.origin.path, path], environment: GitFixture.identity)
        let git = { (arguments: [String]) throws -> ProcessResult in
            try Shell.run("git", ["-C", path] + arguments, environment: GitFixture.identity)
        }
        _ = try git(["fetch", "-q", "origin", "refs/notes/promote/*:refs/notes/promote/*"])
        let note = try git(["notes", "--ref", "refs/notes/promote/approvals", "show", fixture.change]).output
        let kept = note.split(separator: "\n").filter { !$0.contains(#""revoke":true"#) }.joined(separator: "\n")
        _ = try Shell.run(
            "git", ["-C", path, "notes", "--ref", "refs/notes/promote/approvals", "add", "-f", "-F", "-", fixture.change],
            environment: GitFixture.identity, input: Data((kept + "\n").utf8))
        let pushed = try git(["push", "-q", "origin", "refs/notes/promote/approvals"])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        let forced = try git(["push", "-q", "--force", "origin", "\(approved):refs/notes/promote/approvals"])
        #expect(forced.status != 0, "the remote must refuse rewriting the notes")

        let fresh = TemporaryDirectory("promote-fresh")
        let freshPath = fresh.appending("clone")
        try Shell.run("git", ["clone", "-q", fixture.origin.path, freshPath], environment: GitFixture.identity)
        try Shell.run("git", ["-C", freshPath, "branch", "-q", "tst", "origin/tst"], environment: GitFixture.identity)
        let listing = try PromoteBinary.run(["approvals", "tst", "--commit", fixture.change], in: freshPath)
        #expect(listing.stdout.contains("0 of 1 required approval"), "\(listing.stdout)\(listing.stderr)")
        #expect(listing.stdout.contains("withdrawn by rita@example.com"))
    }
}

/// What a pull-request job sees: a clone over smart HTTP with a token that may fetch but not push.
@Suite struct PullRequestJobTests {
    /// The test results cannot be pushed there: they stay local with a warning, and the job's result is the hooks'.
    @Test func testResultsThatCannotBePushedDoNotFailThePullRequestJob() throws {
        let write = GitHTTPServer.basic("write-token")
        let readOnly = GitHTTPServer.basic("read-only-token")
        let server = try GitHTTPServer(token: write, readOnlyToken: readOnly)
        let gates = #"{ "tests": [ { "name": "check", "run": "sh check.sh" } ] }"#
        let made = try GateFixtures.repository(tstGates: gates, signers: [], files: ["check.sh": "exit 0\n"])
        let failing = try made.fixture.commit("Break the check", files: ["check.sh": "echo broken; exit 1\n"])
        try made.fixture.git(["push", "-q", "--force", server.origin, "main", "tst"])

        let work = TemporaryDirectory("promote-pr")
        let clone = work.appending("clone")
        try Shell.run(
            "git", ["-c", "http.extraheader=AUTHORIZATION: \(readOnly)", "clone", "-q", server.url, clone],
            environment: GitFixture.identity)
        // What actions/checkout leaves behind: the token as an extraheader for the remote's URL.
        try Shell.run(
            "git", ["-C", clone, "config", "http.http://127.0.0.1:\(server.port)/.extraheader", "AUTHORIZATION: \(readOnly)"],
            environment: GitFixture.identity)
        try Shell.run("git", ["-C", clone, "branch", "-q", "tst", "origin/tst"], environment: GitFixture.identity)

        let passed = try PromoteBinary.run(["test", "tst", "--commit", made.change], in: clone)
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(passed.stdout.contains("[check] passed"))
        #expect(passed.stderr.contains("warning: the test results were not pushed"))

        let failed = try PromoteBinary.run(["test", "tst", "--commit", failing], in: clone)
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.stdout.contains("[check] broken"))
    }
}
