import ArgumentParser
import CIGen
import Foundation
import PromoteCore

extension Promote.CI {
    /// `promote ci check`: fail with a diff when a CI file is not what the stages generate now.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Exit 1 and print a diff when a CI file is out of date with the stage files.",
            discussion: """
                Renders the CI files as 'promote ci generate' would and compares them with the files in the working \
                tree; writes nothing. Run it in pull-request checks so that a stage change is not merged without \
                its regenerated CI files. A missing file counts as out of date.

                It also says (as warnings on stderr, without failing) what it finds missing of the protections \
                promote's trust model relies on: a key allowed to sign promote's records in stages/allowed_signers, \
                and a remote that refuses rewriting stage branches and refs/notes/promote/* (checked for a remote \
                on a path; for a hosted remote it says what to protect). See README, Security.

                Exit codes: 0 every file is up to date; 1 a file is out of date (the diff is on stdout) or the \
                files cannot be generated.

                Examples:
                  promote ci check
                  promote ci check --target gitlab
                """
        )

        @OptionGroup var options: CIOptions

        func validate() throws { try options.validate() }

        func run() throws {
            let (project, root) = try options.render()
            if let workspace = try? Workspace(path: root) {
                for finding in ProtectionCheck.findings(repository: workspace.repository, stages: workspace.stages) {
                    FileHandle.standardError.write(Data("warning: \(finding)\n".utf8))
                }
            }
            let drifts = CIFileWriter.check(project.files, root: root)
            guard !drifts.isEmpty else {
                print("up to date: \(project.files.map(\.path).joined(separator: ", "))")
                return
            }
            for drift in drifts { print(drift.diff, terminator: "") }
            let names = drifts.map(\.path).joined(separator: ", ")
            FileHandle.standardError.write(
                Data(
                    "error: out of date with the stage files: \(names); run 'promote ci generate' and commit the result\n"
                        .utf8))
            throw ExitCode(1)
        }
    }
}
