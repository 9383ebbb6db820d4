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

                Examples:
                  promote init
                  promote init --dev-branch develop
                  promote init --force
                """
        )

        @OptionGroup var repository: RepositoryOptions

        @Option(help: ArgumentHelp("The dev stage's branch (default: the checked-out branch).", valueName: "branch"))
        var devBranch: String?

        @Flag(help: "Overwrite existing stage files (an existing cicd/config.json is always kept).")
        var force = false

        func run() throws {
            let repo = try Repository(discoveringFrom: repository.repo)
            let scaffold = RepositoryScaffold(repository: repo, force: force)
            var actions = try scaffold.run(devBranch: devBranch)
            // The CI files are rendered from the stage files just written (or kept).
            if let root = repo.workingDirectory {
                let stages = try StageLoader.load(directory: root + Workspace.stagesDirectory)
                let project = try CIProject.render(
                    root: root, stages: stages, targets: nil, templatesDirectory: nil,
                    generatorVersion: PromoteVersion.current)
                actions += try scaffold.write(project.files.map { (path: $0.path, contents: $0.contents) })
                for note in project.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
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
