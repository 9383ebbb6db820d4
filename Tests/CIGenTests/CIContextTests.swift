import Foundation
import PromoteModel
import Testing

@testable import CIGen

/// What the templates are given: computed from the stage graph, the settings and the repository.
@Suite struct CIContextTests {
    private func stages(_ files: [String: String]) throws -> StageSet {
        try StageLoader.load(files.map { StageFileSource(path: "stages/\($0.key)", contents: Array($0.value.utf8)) })
    }

    private func stage(_ name: String, branch: String, from: String? = nil, environment: String? = nil) -> String {
        let fromLine = from.map { "\"from\": \"\($0)\"," } ?? ""
        let environmentLine = environment.map { "\"environment\": \"\($0)\"," } ?? ""
        return """
            { "version": 1, "name": "\(name)", "branch": "\(branch)", \(fromLine) \(environmentLine)
              "aicore": { "resource_group": "rg-\(name)", "application": "app-\(name)" } }
            """
    }

    private func fanout() throws -> (StageSet, CISettings) {
        let root = (CIFixtures.testsDirectory as NSString).appendingPathComponent("StageSets/fanout")
        let stages = try StageLoader.load(directory: (root as NSString).appendingPathComponent("stages"))
        let settings = try CISettingsLoader.load(
            FileManager.default.contents(atPath: (root as NSString).appendingPathComponent("cicd/ci.json")).map(
                Array.init), stages: stages)
        return (stages, settings)
    }

    @Test func fanOutGraphGivesOnePromotionPerEdge() throws {
        let (stages, settings) = try fanout()
        let facts = RepositoryFacts(hasDockerfile: true, allowedSigners: ["alice@example.com"])
        let context = try CIContextBuilder.build(
            stages: stages, settings: settings, facts: facts, generatorVersion: "9"
        )
        .context
        #expect(context.stages.map(\.name) == ["dev", "tst", "prd-eu", "prd-us"])
        #expect(context.promotions.map { "\($0.from)>\($0.to)" } == ["dev>tst", "tst>prd-eu", "tst>prd-us"])
        #expect(context.promotionSources == ["dev", "tst"])
        #expect(context.promotionTargets == ["tst", "prd-eu", "prd-us"])
        let prdEU = try #require(context.promotions.first { $0.to == "prd-eu" })
        #expect(prdEU.offeredOnBranches == ["release/tst", "main"])
        #expect(prdEU.afterDeployJob == "deploy-tst")
        #expect(prdEU.afterPromotionJob == "promote-tst")
        let tst = try #require(context.promotions.first { $0.to == "tst" })
        #expect(!tst.hasAfterPromotionJob)
        #expect(context.stages.filter(\.buildsImage).map(\.name) == ["dev"])
        #expect(context.image.registry == "registry.example.com")
        #expect(context.stages[2].variables.first == "AICORE_PRD_EU_AUTH_URL")
        #expect(context.stages[2].credentialVariables.count == 8)  // destinations: true
        #expect(context.stages.map(\.gitlabTier) == ["development", "staging", "production", "production"])
        #expect(
            context.stages.map(\.approvers) == [
                "alice@example.com", "alice@example.com", "alice@example.com", "us-release-managers",
            ])
        #expect(context.install.commandGroovy.contains(#"echo \'installing"#))
        // GitLab offers a stage's rollback, hold and release in pipelines that can carry a commit into it.
        #expect(
            context.stages.map(\.operationsOfferedOnBranches) == [
                ["main"], ["release/tst", "main"], ["prd-eu", "release/tst", "main"],
                ["prd-us", "release/tst", "main"],
            ])  // The tenant declarations' variables, less the stage's own AI Core variables (prd-eu reuses its client ID).
        #expect(context.stages.map(\.hasTenant) == [true, false, true, false])
        #expect(
            context.stages.map(\.tenantVariables) == [
                ["GIT_USERNAME", "GIT_TOKEN", "DEV_S3_KEY_ID", "DEV_S3_SECRET"], [],
                ["PRD_EU_REGISTRY_USER", "PRD_EU_REGISTRY_PASSWORD", "PRD_EU_HF_TOKEN"], [],
            ])
        #expect(context.doctorInPullRequests.map(\.name) == ["dev"])
        #expect(context.hasDoctorInPullRequests)
    }

    @Test func tiersFollowNamesThenThePlaceInTheGraph() {
        #expect(DeploymentTier.guess(environment: "prd", isEntry: false, isLeaf: true) == "production")
        #expect(DeploymentTier.guess(environment: "tst", isEntry: false, isLeaf: false) == "testing")
        #expect(DeploymentTier.guess(environment: "pre-live", isEntry: false, isLeaf: false) == "staging")
        #expect(DeploymentTier.guess(environment: "dev", isEntry: true, isLeaf: false) == "development")
        #expect(DeploymentTier.guess(environment: "alpha", isEntry: true, isLeaf: false) == "development")
        #expect(DeploymentTier.guess(environment: "beta", isEntry: false, isLeaf: false) == "staging")
        #expect(DeploymentTier.guess(environment: "gamma", isEntry: false, isLeaf: true) == "production")
    }

    @Test func noImageWithoutADockerfileAndTheUserIsTold() throws {
        let (stages, settings) = try fanout()
        let result = try CIContextBuilder.build(
            stages: stages, settings: settings, facts: RepositoryFacts(hasDockerfile: false, allowedSigners: []),
            generatorVersion: "9")
        #expect(!result.context.image.enabled)
        #expect(result.context.stages.allSatisfy { !$0.buildsImage })
        #expect(
            result.notes == [
                "image.repository is registry.example.com/ml/model but Dockerfile does not exist: no image build is generated"
            ])
        // Without allowed signers or settings, approvers fall back to a group named after the stage.
        #expect(result.context.stages.map(\.approvers).prefix(2) == ["dev-approvers", "tst-approvers"])
    }

    @Test func thePlaceholderInstallSourceIsPointedOut() throws {
        let set = try stages([
            "dev.json": stage("dev", branch: "main"), "tst.json": stage("tst", branch: "tst", from: "dev"),
        ])
        let result = try CIContextBuilder.build(
            stages: set, settings: .defaults, facts: RepositoryFacts(hasDockerfile: false, allowedSigners: []),
            generatorVersion: "9")
        #expect(result.notes.contains { $0.contains("a placeholder until promote has a public home") })
        let (fanoutStages, fanoutSettings) = try fanout()
        let configured = try CIContextBuilder.build(
            stages: fanoutStages, settings: fanoutSettings,
            facts: RepositoryFacts(hasDockerfile: true, allowedSigners: []), generatorVersion: "9")
        #expect(!configured.notes.contains { $0.contains("placeholder") })
    }

    @Test func branchesAndEnvironmentsThatAreUnsafeInCIFilesAreRefused() throws {
        let set = try stages([
            "dev.json": stage("dev", branch: "main"),
            "tst.json": stage("tst", branch: "feat$(id)", from: "dev", environment: "t st"),
        ])
        #expect(
            throws: CIGenError.invalid([
                ValidationProblem(
                    file: "stages/tst.json", path: "$.branch",
                    message: "\"feat$(id)\" cannot be used in CI files: \(SafeText.gitRef.rule)"),
                ValidationProblem(
                    file: "stages/tst.json", path: "$.environment",
                    message: "\"t st\" cannot be used as a CI environment name: \(SafeText.label.rule)"),
            ])
        ) {
            try CIContextBuilder.build(
                stages: set, settings: .defaults, facts: RepositoryFacts(hasDockerfile: false, allowedSigners: []),
                generatorVersion: "9")
        }
    }

    @Test func preinstalledNeedsAnImageWithPromote() throws {
        let set = try stages(["dev.json": stage("dev", branch: "main")])
        let settings = try CISettingsLoader.load(
            Array(#"{ "version": 1, "promote": { "install": "preinstalled" } }"#.utf8), stages: set)
        #expect(throws: CIGenError.self) {
            try CIContextBuilder.build(
                stages: set, settings: settings, facts: RepositoryFacts(hasDockerfile: false, allowedSigners: []),
                generatorVersion: "9")
        }
    }

    @Test func allowedSignersPrincipalsSkipPatternsAndComments() {
        let text = """
            # comment
            alice@example.com ssh-ed25519 AAAA
            "bob@example.com,carol@example.com" namespaces="promote" ssh-ed25519 BBBB
            *@example.org ssh-ed25519 CCCC

            alice@example.com ssh-rsa DDDD
            """
        #expect(
            RepositoryFacts.principals(inAllowedSigners: text) == [
                "alice@example.com", "bob@example.com", "carol@example.com",
            ])
    }
}
