import Foundation
import PromoteModel
import TestSupport
import Testing

@testable import CIGen

/// `promote.install: release` (docs/ci.md, "How promote gets onto the runner"): every job that runs promote downloads
/// the tarball for its architecture, checks it against the checksum written into the file before anything from it
/// is unpacked or run, and finds git and curl first. scripts/ci-e2e runs these files against a local server.
@Suite struct ReleaseInstallTests {
    static let x86 = "5fd1517bcccbdd6ab4a88d9a779ab63074530cea277b4e8f928019e309d9ad68"
    static let arm = "dfa49713ad833d2f78b6915f60178334748311116d4b25e11abb5a6696fb54de"

    private func files() throws -> (github: String, gitlab: String, jenkins: String) {
        let tree = try CIFixtures.workingTree("release")
        let project = try CIFixtures.render(root: tree.path)
        func contents(_ path: String) throws -> String {
            try #require(project.files.first { $0.path == path }).contents
        }
        return (
            try contents(".github/workflows/promote.yml"), try contents(".gitlab-ci.yml"), try contents("Jenkinsfile")
        )
    }

    @Test func theContextNamesOneTarballPerArchitectureWithItsChecksum() throws {
        let settings = try CIFixtures.settings("release")
        let stages = try StageLoader.load(
            directory: (CIFixtures.packageRoot as NSString).appendingPathComponent("stages"))
        let install = try CIContextBuilder.build(
            stages: stages, settings: settings, facts: RepositoryFacts(hasDockerfile: false, allowedSigners: []),
            generatorVersion: "2.1.0"
        ).context.install
        #expect(install.isRelease && !install.isSource && !install.isCommand && !install.isPreinstalled)
        #expect(install.version == "2.1.0", "the generating promote's version, when promote.version is not set")
        #expect(install.releases.map(\.arch) == ["x86_64", "aarch64"])
        #expect(install.releases.map(\.sha256) == [Self.x86, Self.arm])
        #expect(
            install.releases.first?.url
                == "https://github.com/promote-dev/promote/releases/download/2.1.0/promote-2.1.0-linux-x86_64.tar.gz")
        #expect(install.releaseArchitectures == "x86_64 and aarch64")
        #expect(install.releaseCacheKey == "promote-release-\(Self.x86)-\(Self.arm)")

        let mirror = try CISettingsLoader.load(
            Array(
                #"""
                { "version": 1, "promote": { "install": "release", "version": "0.9.1",
                  "release_url": "https://artifacts.example.com/p/{version}/{arch}/promote-{version}-linux-{arch}.tgz",
                  "release_sha256": "\#(Self.x86)" } }
                """#.utf8), stages: stages)
        let mirrored = try CIContextBuilder.build(
            stages: stages, settings: mirror, facts: RepositoryFacts(hasDockerfile: false, allowedSigners: []),
            generatorVersion: "2.1.0"
        ).context
        #expect(
            mirrored.install.releases.map(\.url) == [
                "https://artifacts.example.com/p/0.9.1/x86_64/promote-0.9.1-linux-x86_64.tgz"
            ])
        #expect(mirrored.install.releaseCacheKey == "promote-release-\(Self.x86)")
        #expect(mirrored.runnerImage == "debian:bookworm-slim")
    }

    /// Every GitHub job that runs promote: the tools before the checkout (a plain image has no git, and
    /// actions/checkout without git leaves no repository), then choose, cache, install (verified) before any
    /// promote command; the cache is keyed by the checksum the job chose.
    @Test func everyGitHubJobInstallsTheVerifiedTarballBeforeRunningPromote() throws {
        let github = try files().github
        #expect(github.contains("    container: debian:bookworm-slim\n"))
        let jobs = OperationJobsTests.blocks(github, jobsOf: .github).filter { $0.value.contains("promote ") }
        #expect(jobs.count > 10)
        for (name, job) in jobs where name != "build-image" {
            let order = [
                "- name: Tools for promote\n", "- uses: actions/checkout@",
                "- name: Choose promote 1.0.0 for this runner\n",
                "key: promote-release-${{ steps.promote-release.outputs.sha256 }}\n",
                "sha256sum -c --status -", "tar -xzf \"$tarball\"",
                "echo \"$PWD/.promote/release/bin\" >> \"$GITHUB_PATH\"",
                "run: promote --version\n",
            ]
            var position = job.startIndex
            for step in order {
                let found = try #require(
                    job.range(of: step, range: position..<job.endIndex), "\(name): \(step) in order")
                position = found.upperBound
            }
            #expect(job.components(separatedBy: "\(Self.x86)").count == 2, "\(name): the x86_64 checksum, once")
            #expect(job.contains("            x86_64)\n") && job.contains("            aarch64)\n"))
        }
    }

    /// GitLab: the tools come before the first git command of every job; the tarball is cached by its checksums.
    @Test func gitLabInstallsTheToolsFirstAndCachesByTheChecksums() throws {
        let gitlab = try files().gitlab
        let template = try #require(OperationJobsTests.blocks(gitlab, jobsOf: .gitlab)[".promote"])
        #expect(template.contains("  cache:\n    key: \"promote-release-\(Self.x86)-\(Self.arm)\"\n"))
        #expect(template.contains("      - .promote/cache\n"))
        let tools = try #require(template.range(of: "apt-get install -y -qq --no-install-recommends ca-certificates"))
        let firstGit = try #require(template.range(of: "    - git config"))
        #expect(tools.upperBound < firstGit.lowerBound)
        let verify = try #require(template.range(of: "sha256sum -c --status -"))
        let path = try #require(template.range(of: "export PATH=\"$CI_PROJECT_DIR/.promote/release/bin:$PATH\""))
        let version = try #require(template.range(of: "    - promote --version"))
        #expect(verify.upperBound < path.lowerBound && path.upperBound < version.lowerBound)
        #expect(gitlab.contains("  image: debian:bookworm-slim\n"))
    }

    /// Jenkins: every shell prelude installs the tools it needs; the install verifies before it unpacks.
    @Test func jenkinsPreludesInstallTheToolsAndVerifyTheTarball() throws {
        let jenkins = try files().jenkins
        for prelude in ["promoteFetch", "promoteInstall", "promoteRecords"] {
            let start = try #require(jenkins.range(of: "\n\(prelude) = '''\nset -eu\n"), "\(prelude)")
            #expect(
                jenkins[start.upperBound...].hasPrefix("# promote's release tarball needs git, curl"),
                "\(prelude) starts with the tools")
        }
        let install = try #require(jenkins.range(of: "\npromoteInstall = '''\n"))
        let rest = jenkins[install.upperBound...]
        let verify = try #require(rest.range(of: "sha256sum -c --status -"))
        let unpack = try #require(rest.range(of: "tar -xzf \"$tarball\" -C .promote/release"))
        let path = try #require(rest.range(of: "export PATH=\"$WORKSPACE/.promote/release/bin:$PATH\""))
        #expect(verify.upperBound < unpack.lowerBound && unpack.upperBound < path.lowerBound)
        #expect(jenkins.contains("          image 'debian:bookworm-slim'\n"))
    }

    /// The other methods' files do not change with the release settings' defaults.
    @Test func otherMethodsHaveNoReleaseSteps() throws {
        for set in ["default", "fanout"] {
            let tree = try CIFixtures.workingTree(set)
            for file in try CIFixtures.render(root: tree.path).files {
                #expect(!file.contents.contains("PROMOTE_RELEASE_SHA256"), "\(set)/\(file.path)")
                #expect(!file.contents.contains("Tools for promote"), "\(set)/\(file.path)")
            }
        }
    }
}
