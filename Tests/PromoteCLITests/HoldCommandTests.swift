import Foundation
import TestSupport
import Testing

/// `promote hold`, `release` and the refusals a held stage gives, through the binary, against a bare origin.
@Suite struct HoldCommandTests {
    /// A promotion fixture whose stages/allowed_signers lists Rita (on every branch) and one change waiting on dev.
    struct Held {
        let fixture: PromotionFixture
        let keys: TemporaryDirectory
        let rita: SSHKey
        let mallory: SSHKey

        init() throws {
            fixture = try PromotionFixture()
            keys = TemporaryDirectory("hold-keys")
            rita = try SSHKey.generate("rita@example.com", in: keys)
            mallory = try SSHKey.generate("mallory@example.com", in: keys)
            try fixture.repository.commit(
                "Signers", files: ["stages/allowed_signers": rita.signersLine() + "\n"])
            try fixture.repository.git(["push", "-q", "origin", "main", "main:tst", "main:prd"])
            try fixture.repository.git(["fetch", "-q", "origin"])
            try fixture.repository.git(["branch", "-f", "tst", "origin/tst"])
            try fixture.commitOnDev()
        }

        func originNote(_ ref: String, on object: String) -> String {
            (try? Shell.run("git", ["-C", fixture.origin, "notes", "--ref", ref, "show", object]).stdout) ?? ""
        }

        func holdLedger(_ stage: String) throws -> String {
            let blob = try Shell.run(
                "git", ["hash-object", "--stdin"], input: Data("promote hold ledger of stage \(stage)\n".utf8)
            ).output
            return originNote("refs/notes/promote/holds", on: blob)
        }
    }

    @Test func aHeldStageRefusesPromotionAndDeployUntilASignedRelease() throws {
        let held = try Held()
        let fixture = held.fixture
        let tstBefore = try fixture.originHead("tst")

        let hold = try fixture.promote(["hold", "tst", "--reason", "INC-4711: scores look wrong"])
        #expect(hold.status == 0, "\(hold.stderr)")
        #expect(hold.stdout.contains("held tst (hold "))
        #expect(hold.stdout.contains("record: pushed to origin"))
        #expect(try held.holdLedger("tst").contains(#""reason":"INC-4711: scores look wrong""#))

        // The promotion is refused with the hold named, and nothing moves.
        let promotion = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(promotion.status == 2, "\(promotion.stdout)\n\(promotion.stderr)")
        #expect(promotion.stderr.contains("gate of tst: hold: BLOCKED: tst is held since"))
        #expect(promotion.stderr.contains("(INC-4711: scores look wrong)"))
        #expect(try fixture.originHead("tst") == tstBefore)

        // So is a deploy, before it touches anything: no deploy record.
        let deploy = try fixture.promote(["deploy", "tst", "--target", "emulator"])
        #expect(deploy.status == 2, "\(deploy.stdout)\n\(deploy.stderr)")
        #expect(deploy.stderr.hasPrefix("refused: not deploying \(tstBefore.prefix(7)) to tst: tst is held since"))
        #expect(deploy.stderr.contains("nothing may be deployed to it but a rollback ('promote rollback tst')"))
        #expect(held.originNote("refs/notes/promote/deployments", on: tstBefore).isEmpty)

        // Status, gate and history show it.
        let status = try fixture.promote(["status"])
        #expect(status.stdout.contains("tst: HELD since"), "\(status.stdout)")
        #expect(status.stdout.contains("promotions and deploys are refused until 'promote release tst'"))
        let json = try fixture.promote(["status", "--json"])
        #expect(json.stdout.contains(#""hold" : {"#) || json.stdout.contains(#""hold":{"#), "\(json.stdout)")
        let gate = try fixture.promote(["gate", "tst"])
        #expect(gate.status == 2 && gate.stdout.contains("hold"))
        let history = try fixture.promote(["history", "tst"])
        #expect(history.stdout.contains("held"), "\(history.stdout)")

        // Mallory is not in allowed_signers: her release is refused, and the stage stays held.
        let forged = try fixture.promote(["release", "tst", "--key", held.mallory.privateKeyPath])
        #expect(forged.status == 1)
        #expect(
            forged.stderr.contains("is not listed in stages/allowed_signers") || forged.stderr.contains("not"),
            "\(forged.stderr)")
        #expect(try fixture.promote(["dev", "tst", "--yes", "--no-deploy"]).status == 2)

        // Rita signs on her machine (--sign-only), a CI job stores the line (--record).
        let signed = try fixture.promote([
            "release", "tst", "--sign-only", "--key", held.rita.privateKeyPath, "--comment", "fixed",
        ])
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(signed.stdout.contains(#""kind":"release""#))
        #expect(try held.holdLedger("tst").contains("release") == false)
        let tampered = signed.stdout.replacingOccurrences(of: #""comment":"fixed""#, with: #""comment":"fixed!""#)
        let badRecord = try fixture.promote(["release", "tst", "--record", tampered])
        #expect(badRecord.status == 1 && badRecord.stderr.contains("bad signature"), "\(badRecord.stderr)")
        let stored = try fixture.promote(["release", "tst", "--record", signed.stdout])
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(stored.stdout.contains("released tst as rita@example.com"))

        let promoted = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(promoted.status == 0, "\(promoted.stdout)\n\(promoted.stderr)")
        #expect(try fixture.originHead("tst") != tstBefore)
        let after = try fixture.promote(["history", "tst"])
        #expect(after.stdout.contains("released") && after.stdout.contains("accepted"), "\(after.stdout)")
    }

    @Test func holdNeedsAReasonAndAKnownStage() throws {
        let held = try Held()
        let noReason = try held.fixture.promote(["hold", "tst"])
        #expect(noReason.status == 64)
        #expect(noReason.stderr.contains("--reason"))
        let unknown = try held.fixture.promote(["hold", "qa", "--reason", "x"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("qa"))
        #expect(try held.holdLedger("qa").isEmpty)
        let notHeld = try held.fixture.promote(["release", "tst", "--key", held.rita.privateKeyPath])
        #expect(notHeld.status == 1 && notHeld.stderr.contains("tst is not held"), "\(notHeld.stderr)")
    }

    /// A hold placed while promotions into the stage run, from another clone: neither record is lost, and no
    /// promotion that moved the branch did so without its record.
    @Test func holdsAndPromotionsRacingLoseNeitherRecord() async throws {
        for round in 0..<4 {
            let held = try Held()
            let fixture = held.fixture
            let start = try fixture.originHead("tst")
            let other = fixture.directory.appending("other-\(round)")
            try Shell.run(
                "git", ["clone", "-q", "-b", "main", fixture.origin, other], environment: GitFixture.identity)
            let repository = fixture.repository.path
            async let promotion = Task.detached {
                try PromoteBinary.run(["dev", "tst", "--yes", "--no-deploy"], in: repository)
            }.value
            async let hold = Task.detached {
                try PromoteBinary.run(["hold", "tst", "--reason", "race \(round)"], in: other)
            }.value
            let (promoted, holding) = try await (promotion, hold)
            #expect(holding.status == 0, "\(holding.stderr)")
            #expect(try held.holdLedger("tst").contains(#""reason":"race \#(round)""#), "round \(round) lost the hold")
            let end = try fixture.originHead("tst")
            if end != start {
                #expect(promoted.status == 0, "\(promoted.stderr)")
                #expect(
                    held.originNote("refs/notes/promote/promotions", on: end).contains(#""to":"tst""#),
                    "round \(round): tst moved without its promotion record")
            } else {
                #expect(promoted.status == 2, "round \(round): \(promoted.stdout)\n\(promoted.stderr)")
                #expect(promoted.stderr.contains("tst is held since"))
                #expect(
                    held.originNote(
                        "refs/notes/promote/promotions", on: try fixture.repository.git(["rev-parse", "main"])
                    ).isEmpty)
            }
            // Whichever won, the stage is held now.
            let next = try fixture.promote(["deploy", "tst", "--target", "emulator"])
            #expect(next.status == 2)
        }
    }
}
