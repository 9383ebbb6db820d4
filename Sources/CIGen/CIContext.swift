/// Everything a CI template can use: the stage graph and the settings, already checked and pre-computed so that the
/// templates stay free of logic. Field names are the template variables (documented in ci-templates/README.md);
/// every field is a stored property because the renderer reads them by reflection.
public struct CIContext: Sendable {
    /// "promote 0.1.0": who wrote the file.
    public let generator: String
    /// Where the settings came from (`cicd/ci.json`, or "defaults").
    public let settingsSource: String
    public let stages: [StageContext]
    /// Every stage branch, in graph order.
    public let branches: [String]
    public let promotions: [PromotionContext]
    public let hasPromotions: Bool
    /// Stages something is promoted from (workflow_dispatch `from` choices).
    public let promotionSources: [String]
    /// Stages something is promoted to (workflow_dispatch `to` choices).
    public let promotionTargets: [String]
    /// The stages `promote doctor` checks in pull-request pipelines (`doctor_in_pull_requests`), in graph order.
    public let doctorInPullRequests: [StageContext]
    public let hasDoctorInPullRequests: Bool
    public let runnerImage: String
    public let install: InstallContext
    public let image: ImageContext
    public let github: GitHubContext
    public let gitlab: GitLabContext
    public let jenkins: JenkinsContext
    public let report: ReportContext
}

/// One stage, as the templates need it.
public struct StageContext: Sendable {
    public let name: String
    public let branch: String
    /// The CI environment holding the stage's secrets.
    public let environment: String
    public let envPrefix: String
    public let isEntry: Bool
    public let hasFrom: Bool
    /// The upstream stage and its branch; empty for the entry stage.
    public let from: String
    public let fromBranch: String
    public let hasTests: Bool
    /// Whether a pull-request job keeps files: the plan (stages with an upstream) or the test report.
    public let hasMergeRequestArtifacts: Bool
    /// True on the entry stage when an image is built: its deploy waits for the image.
    public let buildsImage: Bool
    /// The variables `promote deploy` reads for this stage; the CI secrets of the same names fill them.
    public let variables: [String]
    /// The variables Jenkins binds from credentials of the same IDs (required ones, plus destinations if asked).
    public let credentialVariables: [String]
    public let gitlabTier: String
    public let needsApproval: Bool
    public let approvers: String
    /// GitLab: the branches whose pipelines offer this stage's manual rollback, hold and release jobs (its own and
    /// every stage's before it, whose pipelines carry commits into it).
    public let operationsOfferedOnBranches: [String]
    /// Whether the stage file declares `aicore.tenant` (what `promote setup` creates).
    public let hasTenant: Bool
    /// The variables `aicore.tenant` reads its secret values from (its `*_env` names), less those already in
    /// `variables`: `promote setup` needs them, so the setup job (and a pull-request doctor job) passes the CI
    /// secrets of the same names.
    public let tenantVariables: [String]
}

/// One edge of the stage graph: a promotion from `from` into `to`, which then deploys `to`.
public struct PromotionContext: Sendable {
    public let from: String
    public let to: String
    public let fromBranch: String
    public let toBranch: String
    public let toEnvironment: String
    public let variables: [String]
    public let credentialVariables: [String]
    public let gitlabTier: String
    public let needsApproval: Bool
    public let approvers: String
    /// GitLab: the branches whose pipelines offer this promotion (`from` and every stage before it).
    public let offeredOnBranches: [String]
    /// GitLab: the job this promotion waits for in a pipeline of `from`'s branch (its deploy) and in a pipeline of
    /// an earlier branch (the promotion into `from`); the latter is empty when `from` is the entry stage.
    public let afterDeployJob: String
    public let afterPromotionJob: String
    public let hasAfterPromotionJob: Bool
}

/// How promote gets onto the runner.
public struct InstallContext: Sendable {
    public let isRelease: Bool
    public let isSource: Bool
    public let isCommand: Bool
    public let isPreinstalled: Bool
    public let source: String
    public let ref: String
    /// The `install.command` lines, for templates that indent them.
    public let commandLines: [String]
    /// The command escaped for a single-quoted Groovy string.
    public let commandGroovy: String
    /// A cache key naming the promote version and the image it was built in.
    public let cacheKey: String
    /// The release `install: release` downloads.
    public let version: String
    /// One tarball per architecture that `promote.release_sha256` names, x86_64 first.
    public let releases: [ReleaseContext]
    /// Those architectures, for messages ("x86_64", "x86_64 and aarch64").
    public let releaseArchitectures: String
    /// GitLab's cache key of the release tarballs: their checksums (the key is fixed when the pipeline is made,
    /// before a job knows its runner's architecture).
    public let releaseCacheKey: String
}

/// One release tarball: what a runner whose `uname -m` is `arch` downloads, and the SHA-256 it must have.
public struct ReleaseContext: Sendable {
    public let arch: String
    /// `promote.release_url` with its placeholders replaced.
    public let url: String
    public let sha256: String
}

/// The build-once image.
public struct ImageContext: Sendable {
    public let enabled: Bool
    public let repository: String
    /// The registry host to log in to; empty for Docker Hub.
    public let registry: String
    public let hasRegistry: Bool
    public let dockerfile: String
    public let context: String
    public let entryStage: String
    public let entryBranch: String
}

public struct GitHubContext: Sendable {
    public let runsOn: String
}

public struct GitLabContext: Sendable {
    public let tags: [String]
    public let hasTags: Bool
}

/// `promote report --html`: every deploy, promotion and rollback job keeps it as an artifact.
public struct ReportContext: Sendable {
    /// Whether the report is also published on GitHub Pages and GitLab Pages (`report.pages`).
    public let pages: Bool
}

public struct JenkinsContext: Sendable {
    public let gitCredentials: String
    public let registryCredentials: String
    public let dockerLabel: String
}
