import Foundation
import TestSupport
import Testing

/// `promote plan` on a repository where dev changed an image, a parameter, the serving replicas and the config,
/// added an executable and has an overlay for tst: compared with golden files in text, JSON and markdown.
@Suite struct PlanCommandTests {
    /// Set PROMOTE_UPDATE_GOLDEN=1 to rewrite the golden files from the current output (then review the diff).
    static let updateGolden = ProcessInfo.processInfo.environment["PROMOTE_UPDATE_GOLDEN"] == "1"

    static func goldenPath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)").path
    }

    /// dev (main) three commits ahead of tst, with changes of every common kind.
    private func changedRepository() throws -> PromotionFixture {
        let fixture = try PromotionFixture()
        let training = DeployFixtures.training
            .replacingOccurrences(of: "cicd-train:1.0.0", with: "cicd-train:1.1.0")
            .replacingOccurrences(of: "resourcePlan: starter", with: "resourcePlan: train.l")
        try fixture.repository.commit("Train with image 1.1.0 on a bigger plan", files: ["templates/train.yaml": training])
        // Reformatted YAML inside the serving template's spec string: not a change. minReplicas: a change.
        let serving = DeployFixtures.serving
            .replacingOccurrences(of: "minReplicas: 1", with: "minReplicas: 2")
            .replacingOccurrences(of: "default: \"none\"", with: "default: \"none\"   # same value, new comment")
        try fixture.repository.commit("Two replicas for serving", files: ["templates/serve.yaml": serving])
        let evaluation = DeployFixtures.training
            .replacingOccurrences(of: "name: cicdexample\n", with: "name: cicd-evaluate\n")
            .replacingOccurrences(of: "executables.ai.sap.com/name: ", with: "executables.ai.sap.com/description: \"evaluation\"\n    executables.ai.sap.com/name: ")
        let config = DeployFixtures.designConfig
            .replacingOccurrences(of: #""value": "test1""#, with: #""value": "test2""#)
            .replacingLast("}", with: Self.scheduleSection(cron: "0 3 * * 1"))
        try fixture.repository.commit(
            "Add an evaluation workflow and bind test2",
            files: [
                "templates/evaluate.yaml": evaluation, "cicd/config.json": config,
                "cicd/config.tst.json": #"{ "clean_up": false }"#,
            ])
        try fixture.push("main")
        return fixture
    }

    /// A `schedules` section (and the config's closing brace) retraining weekly with `cron`.
    static func scheduleSection(cron: String) -> String {
        """
        ,
          "schedules": [ { "name": "weekly-retrain", "configuration": "Configuration CI/CD Example Training",
                           "cron": "\(cron)" } ]
        }
        """
    }

    @Test(arguments: [
        (["--json"], "plan.json"), (["--markdown"], "plan.md"), ([String](), "plan.txt"),
    ])
    func matchesTheGoldenFile(_ flags: [String], _ golden: String) throws {
        let fixture = try changedRepository()
        let result = try fixture.promote(["plan", "dev", "tst"] + flags)
        #expect(result.status == 0, "\(result.stderr)")
        let again = try fixture.promote(["plan", "dev", "tst"] + flags)
        #expect(again.stdout == result.stdout, "the same repository state must give byte-identical output")
        let path = Self.goldenPath(golden)
        if Self.updateGolden {
            try result.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(result.stdout == expected, "differs from Golden/\(golden); run with PROMOTE_UPDATE_GOLDEN=1 and review")
    }

    @Test func showsHowFarAStageIsBehindAndTheRawPatch() throws {
        let fixture = try changedRepository()
        let result = try fixture.promote(["plan", "dev", "prd", "--patch"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Commits to promote (3)"))
        #expect(result.stdout.contains("Note: dev is not prd's upstream"))
        #expect(result.stdout.contains("\n+        image: docker.io/acme/cicd-train:1.1.0\n"))
        #expect(result.stdout.contains("\n-        image: docker.io/acme/cicd-train:1.0.0\n"))
    }

    @Test func explainsADivergedTarget() throws {
        let fixture = try PromotionFixture()
        try fixture.repository.git(["switch", "-q", "tst"])
        try fixture.repository.commit("Hotfix on tst", files: ["HOTFIX.md": "x\n"])
        try fixture.repository.git(["switch", "-q", "main"])
        try fixture.push("tst")
        try fixture.commitOnDev()
        let result = try fixture.promote(["plan", "dev", "tst", "--json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains(#""status" : "diverged""#))
        #expect(result.stdout.contains("Hotfix on tst"))
    }

    @Test func unpinnedImagesWarnAndAStageCanRequirePins() throws {
        let fixture = try PromotionFixture()
        let latest = DeployFixtures.training.replacingOccurrences(of: "cicd-train:1.0.0", with: "cicd-train:latest")
        try fixture.repository.commit("Use latest", files: ["templates/train.yaml": latest])
        try fixture.push("main")
        let warned = try fixture.promote(["plan", "dev", "tst"])
        // The second warning: tst's overlay (cicd/config.tst.json) is not in this fixture, and plan says so.
        #expect(warned.stdout.contains("0 errors, 2 warnings"))
        #expect(warned.stdout.contains("uses the tag latest"))
        #expect(warned.stdout.contains("the overlay stages/tst.json names does not exist at"))
        let strict = DeployFixtures.stage("tst", branch: "tst", from: "dev").replacingOccurrences(
            of: #""application": "app-tst""#, with: #""application": "app-tst", "require_pinned_images": true"#)
        try fixture.repository.commit("tst requires pinned images", files: ["stages/tst.json": strict])
        try fixture.push("main")
        let blocked = try fixture.promote(["plan", "dev", "tst"])
        #expect(blocked.stdout.contains("1 error, 1 warning"))
        let refused = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(refused.status == 2)
    }

    /// The template diff and the checks are cached in the git directory by content; a cached, a corrupted and a
    /// fresh computation must give the same plan, problems and lines included.
    @Test func theTemplateCacheNeverChangesThePlan() throws {
        let fixture = try changedRepository()
        let latest = DeployFixtures.training.replacingOccurrences(of: "cicd-train:1.0.0", with: "cicd-train:latest")
        try fixture.repository.commit("Use latest", files: ["templates/train.yaml": latest])
        try fixture.push("main")
        let cold = try fixture.promote(["plan", "dev", "tst", "--json"])
        #expect(cold.status == 0)
        #expect(cold.stdout.contains(#""line" : "#))
        let cacheDirectory = fixture.repository.path + "/.git/promote/cache/v2"
        let entries = try FileManager.default.contentsOfDirectory(atPath: cacheDirectory)
        // The template diff and the checks.
        #expect(entries.count == 2, "cache entries: \(entries)")
        let warm = try fixture.promote(["plan", "dev", "tst", "--json"])
        #expect(warm.stdout == cold.stdout)
        for entry in entries {
            try "{ not what promote wrote".write(toFile: cacheDirectory + "/" + entry, atomically: true, encoding: .utf8)
        }
        let afterCorruption = try fixture.promote(["plan", "dev", "tst", "--json"])
        #expect(afterCorruption.status == 0)
        #expect(afterCorruption.stdout == cold.stdout)
    }

    @Test func badInputGetsOneClearLine() throws {
        let fixture = try PromotionFixture()
        let unknown = try fixture.promote(["plan", "dev", "qa"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown stage 'qa'"))
        try fixture.repository.commit("Break the config", files: ["cicd/config.json": "{ not json"])
        try fixture.push("main")
        let broken = try fixture.promote(["plan", "dev", "tst", "--json"])
        #expect(broken.status == 0)
        #expect(broken.stdout.contains("cicd/config.json at "))
        #expect(broken.stdout.contains("is not valid JSON"))
        let both = try fixture.promote(["plan", "dev", "tst", "--json", "--markdown"])
        #expect(both.status == 64)
    }

    /// tst runs a weekly schedule; dev changes its cron and adds one for a serving template: the plan shows the
    /// field that changed, and the checks refuse the serving schedule.
    @Test func showsScheduleChangesFieldByFieldAndChecksThem() throws {
        let fixture = try PromotionFixture()
        let weekly = DeployFixtures.designConfig.replacingLast("}", with: Self.scheduleSection(cron: "0 3 * * 1"))
        try fixture.repository.commit("Retrain weekly", files: ["cicd/config.json": weekly])
        try fixture.repository.git(["branch", "-f", "tst", "main"])
        try fixture.push("main", "tst")
        let serving = """
            , { "name": "hourly-serving", "cron": "0 * * * *",
                "configuration": { "name": "Serving on a schedule", "scenario_id": "cicdexample",
                                   "executable_id": "cicdexample2" } } ]
            }
            """
        let changed = DeployFixtures.designConfig.replacingLast("}", with: Self.scheduleSection(cron: "0 4 * * 0"))
            .replacingLast("} ]\n}", with: "}" + serving)
        try fixture.repository.commit("Retrain on Sundays", files: ["cicd/config.json": changed])
        try fixture.push("main")
        let result = try fixture.promote(["plan", "dev", "tst"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  + schedules \"hourly-serving\" added\n"), "\(result.stdout)")
        #expect(result.stdout.contains("  ~ schedules \"weekly-retrain\"\n      cron: 0 3 * * 1 → 0 4 * * 0\n"))
        #expect(
            result.stdout.contains(
                "error: cicd/config.json: $.schedules[1].configuration.executable_id: configuration \"Serving on a "
                    + "schedule\": \"cicdexample2\" is a ServingTemplate (templates/serve.yaml); a schedule starts "
                    + "executions, so it needs a workflow"))
        let json = try fixture.promote(["plan", "dev", "tst", "--json"])
        #expect(json.stdout.contains(#""section" : "schedules""#))
        let refused = try fixture.promote(["dev", "tst", "--yes", "--no-deploy"])
        #expect(refused.status == 2)
    }
}
