import Foundation
import TestSupport
import Testing

/// `promote status`, run as the built binary on real repositories.
@Suite struct StatusCommandTests {
    /// dev (main) has 5 commits, tst is 2 behind dev, prd is 2 behind tst and has one commit of its own (diverged).
    private func threeStageRepository() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.writeStageFiles(StageFixtures.threeStages)
        try fixture.commit("Add stage files")
        try fixture.commit("Add training template", files: ["templates/train.yaml": "a: 1\n"])
        try fixture.git(["branch", "prd"])
        try fixture.commit("Tune learning rate", files: ["templates/train.yaml": "a: 2\n"])
        try fixture.git(["branch", "tst"])
        try fixture.commit("Add serving template", files: ["templates/serve.yaml": "s: 1\n"])
        try fixture.commit("Raise replicas", files: ["templates/serve.yaml": "s: 2\n"])
        try fixture.git(["checkout", "-q", "prd"])
        try fixture.commit(
            "Hotfix in production", files: ["hotfix.txt": "x\n"], author: ("Hal Hotfix", "hal@example.com"))
        try fixture.git(["checkout", "-q", "main"])
        return fixture
    }

    private func decode(_ result: ProcessResult) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func jsonCountsEqualGitRevListCount() throws {
        let fixture = try threeStageRepository()
        let result = try PromoteBinary.run(["status", "--json"], in: fixture.path)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try decode(result)
        #expect(document["schema"] as? String == "promote.status/v1")
        let stages = try #require(document["stages"] as? [[String: Any]])
        #expect(stages.map { $0["name"] as? String } == ["dev", "tst", "prd"])
        let branches = ["dev": "main", "tst": "tst", "prd": "prd"]
        for stage in stages {
            let name = try #require(stage["name"] as? String)
            let head = try #require(stage["head"] as? [String: Any])
            #expect(head["sha"] as? String == (try fixture.git(["rev-parse", branches[name]!])))
            #expect(head["subject"] as? String == (try fixture.git(["log", "-1", "--format=%s", branches[name]!])))
            guard let upstream = stage["upstream"] as? String else {
                #expect(name == "dev")
                #expect(stage["behind_upstream"] is NSNull)
                continue
            }
            let mine = branches[name]!
            let theirs = branches[upstream]!
            #expect(
                stage["behind_upstream"] as? Int == Int(try fixture.git(["rev-list", "--count", "\(mine)..\(theirs)"])))
            #expect(
                stage["ahead_of_upstream"] as? Int
                    == Int(try fixture.git(["rev-list", "--count", "\(theirs)..\(mine)"])))
        }
        #expect(stages[1]["behind_upstream"] as? Int == 2)
        #expect(stages[2]["ahead_of_upstream"] as? Int == 1)
        // Same repository state, same bytes.
        #expect(try PromoteBinary.run(["status", "--json"], in: fixture.path).stdout == result.stdout)
    }

    @Test func textShowsEveryStageAndWhatWaits() throws {
        let fixture = try threeStageRepository()
        let result = try PromoteBinary.run(["status"], in: fixture.path)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("STAGE  BRANCH  HEAD"))
        #expect(lines[1].hasPrefix("dev    main"))
        #expect(lines[1].contains("Raise replicas"))
        #expect(lines[2].hasPrefix("tst    tst"))
        #expect(lines[3].hasPrefix("prd    prd"))
        #expect(lines[3].contains("Hal Hotfix"))
        #expect(result.stdout.contains("tst: 2 commits from dev waiting to be promoted (promote plan dev tst)"))
        #expect(result.stdout.contains("prd: diverged from tst: 1 commit only on prd"))
    }

    @Test func comparesWithTheRemoteAndFetchesOnRequest() throws {
        let fixture = try threeStageRepository()
        let origin = try GitFixture(bare: true)
        try fixture.git(["remote", "add", "origin", origin.path])
        try fixture.git(["push", "-q", "origin", "main", "tst"])
        try fixture.commit("Local only", files: ["local.txt": "x\n"])

        let result = try PromoteBinary.run(["status", "--json"], in: fixture.path)
        let stages = try #require(try decode(result)["stages"] as? [[String: Any]])
        let dev = try #require(stages[0]["remote"] as? [String: Any])
        #expect(dev["exists"] as? Bool == true)
        #expect(dev["ahead"] as? Int == 1)
        #expect(dev["behind"] as? Int == 0)
        #expect(dev["in_sync"] as? Bool == false)
        let tst = try #require(stages[1]["remote"] as? [String: Any])
        #expect(tst["in_sync"] as? Bool == true)
        let prd = try #require(stages[2]["remote"] as? [String: Any])
        #expect(prd["exists"] as? Bool == false)
        #expect(prd["sha"] is NSNull)

        let text = try PromoteBinary.run(["status"], in: fixture.path).stdout
        #expect(text.contains("1 to push"))
        #expect(text.contains("in sync"))
        #expect(text.contains("not on origin"))

        // Someone else pushes prd; only --fetch makes status see it.
        try Shell.run("git", ["--git-dir", origin.path, "branch", "prd", "main"])
        #expect(!(try PromoteBinary.run(["status"], in: fixture.path).stdout.contains("differs")))
        let fetched = try PromoteBinary.run(["status", "--fetch"], in: fixture.path)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(fetched.stdout.contains("differs: 1 to push, 3 to pull"))
    }

    @Test func repoOptionWorksFromAnywhereAndFromSubdirectories() throws {
        let fixture = try threeStageRepository()
        let elsewhere = TemporaryDirectory()
        let result = try PromoteBinary.run(["status", "--repo", fixture.path + "/templates"], in: elsewhere.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("dev    main"))
        let inside = try PromoteBinary.run(["status"], in: fixture.path + "/templates")
        #expect(inside.stdout == result.stdout)
    }

    @Test func aBareRepositoryReadsItsStagesFromHEAD() throws {
        let fixture = try threeStageRepository()
        let bare = try GitFixture(bare: true)
        try fixture.git(["push", "-q", bare.path, "main", "tst", "prd"])
        let result = try PromoteBinary.run(["status", "--json"], in: bare.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect((try decode(result)["stages"] as? [Any])?.count == 3)
    }

    @Test func errorsAreOneClearLineAndExitOne() throws {
        let notARepository = TemporaryDirectory()
        let outside = try PromoteBinary.run(["status", "--repo", notARepository.path], in: notARepository.path)
        #expect(outside.status == 1)
        #expect(outside.stdout.isEmpty)
        #expect(
            outside.stderr
                == "Error: '\(notARepository.path)' is not inside a git repository; pass --repo PATH or run 'git init' first\n"
        )

        let noStages = try GitFixture()
        try noStages.commit("first", files: ["a.txt": "x"])
        let missing = try PromoteBinary.run(["status"], in: noStages.path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no stage files in stages/; run 'promote init'"))

        let noBranch = try GitFixture()
        try noBranch.writeStageFiles(StageFixtures.threeStages)
        try noBranch.commit("stages")
        let branchless = try PromoteBinary.run(["status"], in: noBranch.path)
        #expect(branchless.status == 1)
        #expect(
            branchless.stderr
                == "Error: stage 'tst': branch 'tst' exists neither locally nor as origin/tst; create it from its upstream (git branch tst <upstream-branch>) or run 'promote init'\n"
        )

        let fetchWithoutRemote = try PromoteBinary.run(["status", "--fetch"], in: noBranch.path)
        #expect(fetchWithoutRemote.status == 1)
        #expect(fetchWithoutRemote.stderr.contains("remote 'origin' is not configured"))
    }

    @Test func badStageFilesAreAllReportedAndNothingElseIsPrinted() throws {
        let fixture = try GitFixture()
        var files = StageFixtures.threeStages
        files["tst.json"] =
            #"{ "version": 1, "name": "tst", "branch": "tst", "from": "dve", "aicore": { "resource_group": "rg-tst", "application": "a" }, "gatez": {} }"#
        files["prd.json"] =
            #"{ "version": 1, "name": "prd", "branch": "tst", "from": "tst", "aicore": { "resource_group": "rg-prd", "application": 7 } }"#
        try fixture.writeStageFiles(files)
        try fixture.commit("broken stages")
        let result = try PromoteBinary.run(["status"], in: fixture.path)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr == """
                Error: the stage files have 4 problems; fix them and run again:
                  stages/prd.json: $.aicore.application: expected a string, got an integer
                  stages/tst.json: $.gatez: unknown key (did you mean "gates"?); allowed keys: version, name, branch, from, environment, aicore, deploy, gates
                  stages/tst.json: $.branch: branch "tst" is already used by stage "prd" (stages/prd.json); every stage needs its own branch
                  stages/tst.json: $.from: "dve" is not a stage; known stages: dev, prd, tst

                """)
    }

    @Test func usageErrorsExitSixtyFourAndHelpTeaches() throws {
        let directory = TemporaryDirectory()
        let unknown = try PromoteBinary.run(["status", "--frobnicate"], in: directory.path)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("Unknown option '--frobnicate'"))
        let help = try PromoteBinary.run(["status", "--help"], in: directory.path)
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("--fetch"))
        let root = try PromoteBinary.run(["--help"], in: directory.path)
        #expect(root.stdout.contains("Exit codes: 0 success, 1 error, 2 refused (a gate blocks"))
        // Every command teaches by example.
        for command in [
            "status", "plan", "run", "gate", "approve", "approvals", "test", "deploy", "history", "init",
            "demo", "emulator", "ci", "ci generate", "ci check",
        ] {
            let help = try PromoteBinary.run(
                command.split(separator: " ").map(String.init) + ["--help"], in: directory.path)
            #expect(help.status == 0 && help.stdout.contains("Examples:"), "promote \(command) --help has no examples")
        }
        let version = try PromoteBinary.run(["--version"], in: directory.path)
        #expect(version.status == 0)
        // The version, then the libgit2 it runs on (a release tarball links it in, so only this tells which).
        #expect(version.stdout.wholeMatch(of: /\d+\.\d+\.\d+ \(libgit2 \d+\.\d+\.\d+\)\n/) != nil, "\(version.stdout)")
    }

    @Test func theBinaryLinksLibgit2() throws {
        let result = try Shell.run("ldd", [PromoteBinary.path])
        #expect(result.stdout.contains("libgit2"))
    }
}
