import Foundation
import TestSupport
import Testing

/// `promote plan` with an empty cache (every CI job's fresh clone), a full one and a partial one prints the same
/// bytes; the cache holds the template diff and the checks, keyed by the content they read.
@Suite struct PlanCacheTests {
    /// The training workflow under another executable ID and image tag.
    static func workflow(_ id: String, image: String = "1.0.0") -> String {
        DeployFixtures.training.replacingOccurrences(of: "name: cicdexample\n", with: "name: \(id)\n")
            .replacingOccurrences(of: "cicd-train:1.0.0", with: "cicd-train:\(image)")
    }

    /// tst has seven templates; dev changes one, adds one, deletes one, renames one as it is and one with a change,
    /// keeps two, and adds one written with an anchor and an explicit tag (YAML that only Yams reads).
    private func fixture() throws -> PromotionFixture {
        let fixture = try PromotionFixture()
        let tagged = Self.workflow("cicd-tagged").replacingOccurrences(
            of: #"ai.sap.com/version: "1.0""#, with: "ai.sap.com/version: !!str 1.0")
        try fixture.repository.commit(
            "More templates",
            files: [
                "templates/keep.yaml": Self.workflow("cicd-keep"),
                "templates/doomed.yaml": Self.workflow("cicd-doomed"),
                "templates/moving.yaml": Self.workflow("cicd-moving"),
                "templates/reworked.yaml": Self.workflow("cicd-reworked"), "templates/tagged.yaml": tagged,
            ])
        try fixture.repository.git(["branch", "-f", "tst", "main"])
        try fixture.push("main", "tst")
        let anchored = Self.workflow("cicd-anchored").replacingOccurrences(
            of: #"scenarios.ai.sap.com/id: "cicdexample""#, with: #"scenarios.ai.sap.com/id: &scenario "cicdexample""#
        ).replacingOccurrences(of: #"default: "none""#, with: "default: *scenario")
        try fixture.repository.commit(
            "Change, add, delete and rename templates",
            files: [
                "templates/train.yaml": DeployFixtures.training.replacingOccurrences(
                    of: "cicd-train:1.0.0", with: "cicd-train:1.1.0"),
                "templates/evaluate.yaml": Self.workflow("cicd-evaluate"), "templates/doomed.yaml": nil,
                "templates/moving.yaml": nil, "templates/moved.yaml": Self.workflow("cicd-moving"),
                "templates/reworked.yaml": nil,
                "templates/rework.yaml": Self.workflow("cicd-reworked", image: "2.0.0"),
                "templates/anchored.yaml": anchored,
            ])
        try fixture.push("main")
        return fixture
    }

    private func cacheDirectory(_ fixture: PromotionFixture) -> String {
        fixture.repository.path + "/.git/promote/cache/v2"
    }

    private func entries(_ fixture: PromotionFixture) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: cacheDirectory(fixture)).sorted()
    }

    /// The plan with the cache deleted first.
    private func coldPlan(_ fixture: PromotionFixture, _ flags: [String] = ["--json"]) throws -> String {
        try? FileManager.default.removeItem(atPath: fixture.repository.path + "/.git/promote/cache")
        return try plan(fixture, flags)
    }

    private func plan(_ fixture: PromotionFixture, _ flags: [String] = ["--json"]) throws -> String {
        let result = try fixture.promote(["plan", "dev", "tst"] + flags)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test(arguments: [["--json"], [], ["--markdown"]])
    func coldAndWarmPlansAreByteIdentical(_ flags: [String]) throws {
        let fixture = try fixture()
        let cold = try coldPlan(fixture, flags)
        #expect(try entries(fixture).count == 2, "one template diff and one set of checks")
        let warm = try plan(fixture, flags)
        #expect(warm == cold)
        guard flags == ["--json"] else { return }
        for id in ["cicdexample", "cicd-evaluate", "cicd-doomed", "cicd-moving", "cicd-reworked", "cicd-anchored"] {
            #expect(cold.contains(#""id" : "\#(id)""#), "\(id) is missing from the plan")
        }
        for id in ["cicd-keep", "cicd-tagged", "cicdexample2"] {
            #expect(!cold.contains(#""id" : "\#(id)""#), "\(id) did not change")
        }
        #expect(cold.contains("cicd-train:2.0.0"))
    }

    /// With only the diff or only the checks cached, the other is computed from the files it needs.
    @Test func aPartialCacheGivesTheSamePlan() throws {
        let fixture = try fixture()
        let cold = try coldPlan(fixture)
        let names = try entries(fixture)
        #expect(names.count == 2)
        for name in names {
            _ = try plan(fixture)
            try FileManager.default.removeItem(atPath: cacheDirectory(fixture) + "/" + name)
            #expect(try plan(fixture) == cold, "without \(name)")
            #expect(try entries(fixture) == names)
        }
    }

    /// A commit that changes no template reuses the diff (keyed by the changed files' blobs) but not the checks
    /// (they read the commit); a changed template is seen at once, exactly as a cold plan sees it.
    @Test func entriesFollowTheContent() throws {
        let fixture = try fixture()
        let before = try coldPlan(fixture)
        try fixture.repository.commit("Docs only", files: ["README.md": "docs\n"])
        try fixture.push("main")
        let docs = try plan(fixture)
        #expect(docs != before)
        #expect(docs.contains("Docs only"))
        #expect(try entries(fixture).count == 3, "the diff is reused; the checks are new")
        #expect(try coldPlan(fixture) == docs)

        _ = try plan(fixture)
        try fixture.repository.commit(
            "A new image for keep", files: ["templates/keep.yaml": Self.workflow("cicd-keep", image: "3.0.0")])
        try fixture.push("main")
        let changed = try plan(fixture)
        #expect(changed.contains(#""id" : "cicd-keep""#))
        #expect(changed.contains("cicd-train:3.0.0"))
        #expect(try coldPlan(fixture) == changed)
    }
}
