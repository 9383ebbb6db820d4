public import Foundation

/// How `promote ci generate` writes a repository's CI files, from the optional `cicd/ci.json` (docs/ci.md).
///
/// Every value here ends up inside generated YAML, Groovy or shell, so the loader accepts only characters that are
/// safe there; secrets never appear, only the names of the CI secrets and credentials that hold them.
public struct CISettings: Hashable, Sendable {
    /// The CI systems promote writes files for.
    public enum Target: String, Hashable, Sendable, CaseIterable {
        case github, gitlab, jenkins
    }

    /// How promote gets onto the runner.
    public enum InstallMethod: String, Hashable, Sendable, CaseIterable {
        /// Download promote's release tarball for the runner's architecture, check it against the SHA-256 written
        /// into the CI files, unpack it; the tarball is cached. The recommended method: ready in seconds.
        case release
        /// Clone promote's source at a tag or branch and build it in the Swift image; the binary is cached.
        case source
        /// Run a shell command that puts `promote` on PATH (an internal package, a download).
        case command
        /// `runner_image` already contains promote.
        case preinstalled
    }

    /// A runner's processor, named as `uname -m` names it on Linux (and in the release tarballs' names).
    public enum Architecture: String, Hashable, Sendable, CaseIterable, Comparable {
        // swift-format-ignore: AlwaysUseLowerCamelCase
        // Spelled as uname -m and the tarballs' names spell them.
        case x86_64, aarch64

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
        }
    }

    public struct Install: Hashable, Sendable {
        public let method: InstallMethod
        /// Git URL of promote's source (method `source`).
        public let source: String
        /// Tag or branch of that source; nil means the version of promote that generates the files.
        public let ref: String?
        /// Shell command (method `command`).
        public let command: String?
        /// Where the release tarball is downloaded from (method `release`): a URL with the placeholders `{version}`
        /// and `{arch}`.
        public let releaseURL: String
        /// The release to download; nil means the version of promote that generates the files.
        public let version: String?
        /// The SHA-256 (lower-case hex) of the release tarball for each architecture it may run on (method
        /// `release`); a runner of another architecture fails before downloading anything.
        public let releaseSHA256: [Architecture: String]

        public init(
            method: InstallMethod, source: String = CISettings.defaultSource, ref: String? = nil,
            command: String? = nil, releaseURL: String = CISettings.defaultReleaseURL, version: String? = nil,
            releaseSHA256: [Architecture: String] = [:]
        ) {
            self.method = method
            self.source = source
            self.ref = ref
            self.command = command
            self.releaseURL = releaseURL
            self.version = version
            self.releaseSHA256 = releaseSHA256
        }
    }

    /// Build-once container image: built and pushed on the entry stage only, tagged with the commit SHA.
    public struct ImageBuild: Hashable, Sendable {
        /// Where the image is pushed (`registry.example.com/team/model`); nil means no image is built.
        public let repository: String?
        public let dockerfile: String
        public let context: String
    }

    public struct GitHub: Hashable, Sendable {
        /// The `runs-on` label of every job.
        public let runsOn: String
    }

    public struct GitLab: Hashable, Sendable {
        /// Runner tags every job carries.
        public let tags: [String]
        /// `environment:deployment_tier` per stage name, overriding the tier guessed from the name.
        public let deploymentTiers: [String: String]
    }

    public struct Jenkins: Hashable, Sendable {
        /// `input` submitters per stage name (comma-separated Jenkins user IDs or groups).
        public let approvers: [String: String]
        /// Username/password credential used for git pushes (user and token).
        public let gitCredentials: String
        /// Username/password credential for `docker login`.
        public let registryCredentials: String
        /// Agent label for the image build (needs the docker CLI and a daemon).
        public let dockerLabel: String
        /// Also bind `<prefix>DESTINATION_*` credentials (for deploy configs with `destination_name`).
        public let destinations: Bool
    }

    /// What the CI files do with `promote report --html` (docs/ci.md, "The report").
    public struct Report: Hashable, Sendable {
        /// Also publish the report on the CI's static site (GitHub Pages, GitLab Pages) after each deploy, promotion
        /// and rollback; the report is kept as the job's artifact either way.
        public let pages: Bool

        public init(pages: Bool) {
            self.pages = pages
        }
    }

    public let targets: [Target]
    /// The container image promote jobs run in: a Swift toolchain image for `install: source`, a plain Debian one for
    /// `install: release`.
    public let runnerImage: String
    public let install: Install
    public let image: ImageBuild
    public let github: GitHub
    public let gitlab: GitLab
    public let jenkins: Jenkins
    public let report: Report
    /// Stages whose tenant the pull-request jobs check with `promote doctor`, holding those stages' credentials;
    /// none by default, since pull-request code is not yet reviewed (docs/ci.md).
    public let doctorInPullRequests: [String]
    /// The file the settings were read from, or nil for the defaults.
    public let file: String?

    public static let defaultPath = "cicd/ci.json"
    public static let defaultRunnerImage = "swift:6.3-noble"
    /// The runner image of `install: release`: the tarball needs no toolchain, and the jobs add git, curl, CA
    /// certificates and ssh-keygen when the image lacks them.
    public static let defaultReleaseRunnerImage = "debian:bookworm-slim"
    /// Where promote's source is published; the default for `promote.source`.
    public static let defaultSource = "https://github.com/promote-dev/promote.git"
    /// Where promote's release tarballs are published (what `scripts/package` makes, attached to each release); the
    /// default for `promote.release_url`.
    public static let defaultReleaseURL =
        "https://github.com/promote-dev/promote/releases/download/{version}/promote-{version}-linux-{arch}.tar.gz"
    public static let deploymentTiers = ["production", "staging", "testing", "development", "other"]

    /// The settings used when the repository has no `cicd/ci.json`.
    /// The runner image used when `runner_image` is not set: what `method` needs.
    public static func defaultRunnerImage(for method: InstallMethod) -> String {
        method == .release ? defaultReleaseRunnerImage : defaultRunnerImage
    }

    public static let defaults = CISettings(
        targets: Target.allCases, runnerImage: defaultRunnerImage,
        install: Install(method: .source),
        image: ImageBuild(repository: nil, dockerfile: "Dockerfile", context: "."),
        github: GitHub(runsOn: "ubuntu-latest"), gitlab: GitLab(tags: [], deploymentTiers: [:]),
        jenkins: Jenkins(
            approvers: [:], gitCredentials: "promote-git", registryCredentials: "promote-registry",
            dockerLabel: "docker", destinations: false),
        report: Report(pages: false), doctorInPullRequests: [], file: nil)

    public init(
        targets: [Target], runnerImage: String, install: Install, image: ImageBuild, github: GitHub, gitlab: GitLab,
        jenkins: Jenkins, report: Report = Report(pages: false), doctorInPullRequests: [String] = [], file: String?
    ) {
        self.targets = targets
        self.runnerImage = runnerImage
        self.install = install
        self.image = image
        self.github = github
        self.gitlab = gitlab
        self.jenkins = jenkins
        self.report = report
        self.doctorInPullRequests = doctorInPullRequests
        self.file = file
    }
}

/// Why `cicd/ci.json` cannot be used.
public enum CISettingsError: Error, Equatable, Sendable {
    /// Every problem found, in document order.
    case invalid([ValidationProblem])
}

extension CISettingsError: LocalizedError, CustomStringConvertible {
    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case .invalid(let problems):
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            return "the CI settings have \(count); fix them and run again:\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
