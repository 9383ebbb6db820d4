import ArgumentParser
import CIGen
import Foundation
import PromoteCore
import PromoteGit
import PromoteModel

extension Promote {
    /// `promote init`: set up promote in an existing repository.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract:
                "Set up promote in an existing repository: stage files, allowed_signers, a starter config, branches.",
            discussion: """
                Writes stages/dev.json, tst.json and prd.json (dev on the checked-out branch, or --dev-branch), \
                stages/allowed_signers with instructions, a starter cicd/config.json when there is none, an empty \
                overlay per stage (cicd/config.<stage>.json), the starter verify hook scripts/smoke.sh, and the CI \
                files for GitHub Actions, GitLab CI and Jenkins (as `promote ci generate` writes them). The \
                repository needs a first commit. Existing files are kept (--force overwrites the stage files, \
                never an existing deploy config, overlay or hook script). Nothing is committed: review the files, commit them on the dev branch, \
                then run promote init again: once the dev branch's head has the stage files, it creates the tst and \
                prd branches there (a stage branch without its stage file could never be entered). Running it \
                again after that changes nothing.

                How the CI jobs get promote: with --release-sha256, init writes cicd/ci.json with install "release", \
                so each job downloads promote's release tarball (promote-\(PromoteVersion.current)-linux-<arch>.tar.gz, \
                from promote's releases, or from --release-url, such as \
                'https://artifacts.example.com/promote/{version}/promote-{version}-linux-{arch}.tar.gz'), checks it \
                against that SHA-256 and runs it: ready in seconds. Take the SHA-256 from the .sha256 file published \
                beside the tarball, not from the download you are about to check. Without it the jobs build promote \
                from source (several minutes, cached), and init says how to switch; docs/ci.md has every method.

                Examples:
                  promote init
                  promote init --dev-branch develop
                  promote init --force
                  promote init --release-sha256 <sha256>     # of the x86_64 tarball
                  promote init --release-sha256 x86_64=<a> --release-sha256 aarch64=<b>
                """
        )

        @OptionGroup var repository: RepositoryOptions

        @Option(help: ArgumentHelp("The dev stage's branch (default: the checked-out branch).", valueName: "branch"))
        var devBranch: String?

        @Flag(help: "Overwrite existing stage files (an existing cicd/config.json is always kept).")
        var force = false

        @Option(
            name: .customLong("release-sha256"),
            help: ArgumentHelp(
                "Install promote in CI from its release tarball with this SHA-256 (of the x86_64 one; arch=sha256 "
                    + "for x86_64 or aarch64, repeatable): writes cicd/ci.json with install \"release\".",
                valueName: "sha256"))
        var releaseSHA256: [String] = []

        @Option(
            help: ArgumentHelp(
                "Where CI downloads the release tarball: a URL with {version} and {arch} (default: promote's "
                    + "releases). Needs --release-sha256.", valueName: "url"))
        var releaseURL: String?

        func validate() throws {
            if releaseURL != nil && releaseSHA256.isEmpty {
                throw ValidationError(
                    "--release-url needs --release-sha256: the SHA-256 the downloaded tarball must have (from the "
                        + ".sha256 file published beside it)")
            }
            _ = try releaseSettings()
        }

        func run() throws {
            let repo = try Repository(discoveringFrom: repository.repo)
            let ciSettings = try releaseSettings()
            // Running init again with the same flags is fine; asking for other settings than the file's is not.
            if let ciSettings, let root = repo.workingDirectory,
                let existing = FileManager.default.contents(
                    atPath: (root as NSString).appendingPathComponent(CISettings.defaultPath)),
                existing != Data(ciSettings.utf8)
            {
                throw ValidationError(
                    "\(CISettings.defaultPath) exists, and init never replaces it: set \"install\": \"release\" and "
                        + "\"release_sha256\" under \"promote\" there (docs/ci.md), then run promote ci generate")
            }
            let scaffold = RepositoryScaffold(repository: repo, force: force)
            var actions = try scaffold.run(devBranch: devBranch, ciSettings: ciSettings)
            // The CI files are rendered from the stage files just written (or kept).
            if let root = repo.workingDirectory {
                let stages = try StageLoader.load(directory: root + Workspace.stagesDirectory)
                let project = try CIProject.render(
                    root: root, stages: stages, targets: nil, templatesDirectory: nil,
                    generatorVersion: PromoteVersion.current)
                let written = try scaffold.write(project.files.map { (path: $0.path, contents: $0.contents) })
                actions += written
                var notes = project.notes
                if ciSettings != nil && written.contains(where: { if case .kept = $0 { true } else { false } }) {
                    notes.append(
                        "existing CI files were kept: run promote ci generate to write them for the new "
                            + CISettings.defaultPath)
                }
                if project.settings.install.method == .source {
                    notes.append(
                        "the CI jobs build promote from source (minutes); to have them download its release tarball "
                            + "instead (seconds), run promote init --release-sha256 <the SHA-256 in "
                            + "promote-\(PromoteVersion.current)-linux-x86_64.tar.gz.sha256> (docs/ci.md, promote.install)"
                    )
                }
                for note in notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            }
            for action in actions { print(action) }
            print(
                """

                Next:
                  1. List your approvers in stages/allowed_signers and adjust stages/*.json (resource groups,
                     applications, credential prefixes, gates) and cicd/config.json. The test hooks run
                     python -m pytest -q: point them at your own tests. After changing a stage file, run
                     promote ci generate: the CI files follow the stage files (promote ci check says when not).
                  2. Commit the files on the dev branch, and run promote init again to create tst and prd there:
                       git add stages cicd scripts .github .gitlab-ci.yml Jenkinsfile && git commit -m "Set up promote"
                       promote init && git push origin --all
                  3. Declare each stage's tenant (aicore.tenant: repository, registry and object store secrets), set
                     its credentials and the variables it names, and run promote setup <stage> for each stage,
                     then promote doctor: it says what would make a deploy fail, and what to do.
                  4. promote status, then promote deploy dev and promote dev tst.
                """)
        }
    }
}

extension Promote.Init {
    /// The `cicd/ci.json` that `--release-sha256` and `--release-url` ask for, checked as `promote ci generate` will
    /// read it; nil without them.
    func releaseSettings() throws -> String? {
        guard !releaseSHA256.isEmpty else { return nil }
        var checksums: [(CISettings.Architecture, String)] = []
        for value in releaseSHA256 {
            let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts.count == 2 ? parts[0] : CISettings.Architecture.x86_64.rawValue
            let sha256 = parts.count == 2 ? parts[1] : value
            guard let architecture = CISettings.Architecture(rawValue: name) else {
                throw ValidationError(
                    "--release-sha256 \(value): \"\(name)\" is not an architecture promote is released for; use "
                        + "x86_64 or aarch64 (as uname -m names them)")
            }
            if let problem = CISettingsLoader.sha256Problem(sha256) {
                throw ValidationError("--release-sha256 \(value): \(problem)")
            }
            guard !checksums.contains(where: { $0.0 == architecture }) else {
                throw ValidationError("--release-sha256 names \(architecture.rawValue) twice")
            }
            checksums.append((architecture, sha256))
        }
        if let releaseURL, let problem = CISettingsLoader.releaseURLProblem(releaseURL) {
            throw ValidationError("--release-url: \(problem)")
        }
        // Both are checked above to hold no quote or backslash, so they can be written into JSON as they are.
        let sha256Value =
            checksums.count == 1 && checksums[0].0 == .x86_64
            ? "\"\(checksums[0].1)\""
            : "{ "
                + checksums.sorted { $0.0 < $1.0 }.map { "\"\($0.0.rawValue)\": \"\($0.1)\"" }
                .joined(separator: ", ") + " }"
        var promote = ["    \"install\": \"release\""]
        if let releaseURL { promote.append("    \"release_url\": \"\(releaseURL)\"") }
        promote.append("    \"release_sha256\": \(sha256Value)")
        let text = "{\n  \"version\": 1,\n  \"promote\": {\n" + promote.joined(separator: ",\n") + "\n  }\n}\n"
        do {
            _ = try CISettingsLoader.load(Array(text.utf8), stageNames: [])
        } catch {
            throw ValidationError("the CI settings init would write are not valid: \(error.description)")
        }
        return text
    }
}
