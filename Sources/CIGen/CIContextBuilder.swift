import Foundation
public import PromoteModel

/// Builds the template context from the stages, the settings and the repository facts, and refuses values that
/// cannot be written safely into CI files.
public enum CIContextBuilder {
    /// The variables `promote deploy` reads, after the stage's prefix (DESIGN.md §2, README "promote deploy").
    public static let variableSuffixes = [
        "AUTH_URL", "BASE_URL", "CLIENT_ID", "CLIENT_SECRET", "RESOURCE_GROUP", "DESTINATION_URL",
        "DESTINATION_AUTH_URL", "DESTINATION_CLIENT_ID", "DESTINATION_CLIENT_SECRET",
    ]
    static let requiredSuffixes = ["AUTH_URL", "BASE_URL", "CLIENT_ID", "CLIENT_SECRET"]
    static let destinationSuffixes = [
        "DESTINATION_URL", "DESTINATION_AUTH_URL", "DESTINATION_CLIENT_ID", "DESTINATION_CLIENT_SECRET",
    ]

    public struct Result: Sendable {
        public let context: CIContext
        /// Things worth telling the user that do not stop generation.
        public let notes: [String]
    }

    public static func build(
        stages: StageSet, settings: CISettings, facts: RepositoryFacts, generatorVersion: String
    ) throws(CIGenError) -> Result {
        var problems: [ValidationProblem] = []
        for stage in stages.stages {
            if !SafeText.gitRef.accepts(stage.branch) {
                problems.append(
                    ValidationProblem(
                        file: stage.file, path: "$.branch",
                        message: "\"\(stage.branch)\" cannot be used in CI files: \(SafeText.gitRef.rule)"))
            }
            if !SafeText.label.accepts(stage.environment) {
                problems.append(
                    ValidationProblem(
                        file: stage.file, path: "$.environment",
                        message:
                            "\"\(stage.environment)\" cannot be used as a CI environment name: \(SafeText.label.rule)"))
            }
        }
        if settings.install.method == .preinstalled && settings.runnerImage == CISettings.defaultRunnerImage {
            problems.append(
                ValidationProblem(
                    file: settings.file ?? CISettings.defaultPath, path: "$.runner_image",
                    message: "promote.install is \"preinstalled\" but runner_image is the plain Swift image "
                        + "\(CISettings.defaultRunnerImage), which has no promote; name an image that contains it"))
        }
        guard problems.isEmpty else { throw .invalid(problems) }

        var notes: [String] = []
        if settings.install.method == .source && settings.install.source == CISettings.defaultSource {
            notes.append(
                "the CI files build promote from \(CISettings.defaultSource), a placeholder until promote has a public "
                    + "home: set promote.source in \(CISettings.defaultPath) to where your organisation keeps promote "
                    + "(or use promote.install \"release\", \"command\" or \"preinstalled\"); see docs/ci.md")
        }
        let entry = stages.stages.first { $0.from == nil }
        let buildImage = settings.image.repository != nil && facts.hasDockerfile
        if let repository = settings.image.repository, !facts.hasDockerfile {
            notes.append(
                "image.repository is \(repository) but \(settings.image.dockerfile) does not exist: no image build is generated"
            )
        }
        let stageContexts = stages.stages.map { stage in
            stageContext(
                stage, stages: stages, settings: settings, facts: facts, buildsImage: buildImage && stage.from == nil)
        }
        let promotions = stages.stages.compactMap { stage -> PromotionContext? in
            guard let from = stages.upstream(of: stage),
                let target = stageContexts.first(where: { $0.name == stage.name })
            else { return nil }
            return promotionContext(into: target, from: from, stages: stages)
        }
        let context = CIContext(
            generator: "promote \(generatorVersion)",
            settingsSource: settings.file ?? "defaults (no \(CISettings.defaultPath))",
            stages: stageContexts, branches: stages.stages.map(\.branch), promotions: promotions,
            hasPromotions: !promotions.isEmpty,
            promotionSources: stages.stages.map(\.name).filter { name in promotions.contains { $0.from == name } },
            promotionTargets: promotions.map(\.to),
            doctorInPullRequests: stageContexts.filter { settings.doctorInPullRequests.contains($0.name) },
            hasDoctorInPullRequests: !settings.doctorInPullRequests.isEmpty, runnerImage: settings.runnerImage,
            install: installContext(settings, generatorVersion: generatorVersion),
            image: imageContext(settings.image, enabled: buildImage, entry: entry),
            github: GitHubContext(runsOn: settings.github.runsOn),
            gitlab: GitLabContext(tags: settings.gitlab.tags, hasTags: !settings.gitlab.tags.isEmpty),
            jenkins: JenkinsContext(
                gitCredentials: settings.jenkins.gitCredentials,
                registryCredentials: settings.jenkins.registryCredentials, dockerLabel: settings.jenkins.dockerLabel),
            report: ReportContext(pages: settings.report.pages))
        return Result(context: context, notes: notes)
    }

    private static func stageContext(
        _ stage: Stage, stages: StageSet, settings: CISettings, facts: RepositoryFacts, buildsImage: Bool
    ) -> StageContext {
        let prefix = stage.aicore.envPrefix
        let credentialSuffixes = requiredSuffixes + (settings.jenkins.destinations ? destinationSuffixes : [])
        let upstream = stages.upstream(of: stage)
        let isLeaf = stages.downstream(of: stage.name).isEmpty
        let variables = variableSuffixes.map { prefix + $0 }
        return StageContext(
            name: stage.name, branch: stage.branch, environment: stage.environment, envPrefix: prefix,
            isEntry: stage.from == nil, hasFrom: upstream != nil, from: upstream?.name ?? "",
            fromBranch: upstream?.branch ?? "", hasTests: !stage.gates.tests.isEmpty,
            hasMergeRequestArtifacts: upstream != nil || !stage.gates.tests.isEmpty, buildsImage: buildsImage,
            variables: variables,
            credentialVariables: credentialSuffixes.map { prefix + $0 },
            gitlabTier: settings.gitlab.deploymentTiers[stage.name]
                ?? DeploymentTier.guess(environment: stage.environment, isEntry: stage.from == nil, isLeaf: isLeaf),
            needsApproval: (stage.gates.approvals?.required ?? 0) > 0,
            approvers: approvers(for: stage, settings: settings, facts: facts),
            operationsOfferedOnBranches: branchesUpstream(from: stage, stages: stages),
            hasTenant: stage.aicore.tenant != nil,
            tenantVariables: (stage.aicore.tenant?.variables ?? []).filter { !variables.contains($0) })
    }

    /// Jenkins `input` submitters: the settings' list for the stage, else the allowed signers, else a group named
    /// after the stage (docs/ci.md says so).
    static func approvers(for stage: Stage, settings: CISettings, facts: RepositoryFacts) -> String {
        if let configured = settings.jenkins.approvers[stage.name] { return configured }
        let signers = facts.allowedSigners.filter { SafeText.submitters.accepts($0) && !$0.contains(",") }
        return signers.isEmpty ? "\(stage.name)-approvers" : signers.joined(separator: ",")
    }

    /// The stage's branch, then its upstream's, up to the entry stage's: the pipelines that can carry a commit into
    /// the stage (GitLab offers manual jobs acting on the stage there).
    private static func branchesUpstream(from stage: Stage, stages: StageSet) -> [String] {
        var branches: [String] = []
        var current: Stage? = stage
        while let each = current {
            branches.append(each.branch)
            current = stages.upstream(of: each)
        }
        return branches
    }

    private static func promotionContext(into target: StageContext, from: Stage, stages: StageSet)
        -> PromotionContext
    {
        let offered = branchesUpstream(from: from, stages: stages)
        return PromotionContext(
            from: from.name, to: target.name, fromBranch: from.branch, toBranch: target.branch,
            toEnvironment: target.environment, variables: target.variables,
            credentialVariables: target.credentialVariables, gitlabTier: target.gitlabTier,
            needsApproval: target.needsApproval, approvers: target.approvers, offeredOnBranches: offered,
            afterDeployJob: "deploy-\(from.name)", afterPromotionJob: from.from == nil ? "" : "promote-\(from.name)",
            hasAfterPromotionJob: from.from != nil)
    }

    private static func installContext(_ settings: CISettings, generatorVersion: String) -> InstallContext {
        let install = settings.install
        let ref = install.ref ?? generatorVersion
        let command = install.command ?? ""
        let keyImage = settings.runnerImage.map { "/:@".contains($0) ? "-" : $0 }
        let version = install.version ?? generatorVersion
        let releases = install.releaseSHA256.sorted { $0.key < $1.key }.map { architecture, sha256 in
            ReleaseContext(
                arch: architecture.rawValue,
                url: install.releaseURL.replacingOccurrences(of: "{version}", with: version)
                    .replacingOccurrences(of: "{arch}", with: architecture.rawValue),
                sha256: sha256)
        }
        return InstallContext(
            isRelease: install.method == .release, isSource: install.method == .source,
            isCommand: install.method == .command,
            isPreinstalled: install.method == .preinstalled, source: install.source, ref: ref,
            commandLines: command.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
            commandGroovy: GroovyText.singleQuotedContent(command),
            cacheKey: "promote-\(String(ref.map { $0 == "/" ? "-" : $0 }))-\(String(keyImage))", version: version,
            releases: releases, releaseArchitectures: releases.map(\.arch).joined(separator: " and "),
            releaseCacheKey: (["promote-release"] + releases.map(\.sha256)).joined(separator: "-"))
    }

    private static func imageContext(_ image: CISettings.ImageBuild, enabled: Bool, entry: Stage?) -> ImageContext {
        let repository = image.repository ?? ""
        let first = repository.split(separator: "/").first.map(String.init) ?? ""
        // Docker's rule: the first path component is a registry host when it has a dot or a port, or is localhost.
        let hasRegistry =
            repository.contains("/") && (first.contains(".") || first.contains(":") || first == "localhost")
        return ImageContext(
            enabled: enabled, repository: repository, registry: hasRegistry ? first : "", hasRegistry: hasRegistry,
            dockerfile: image.dockerfile, context: image.context, entryStage: entry?.name ?? "",
            entryBranch: entry?.branch ?? "")
    }
}
