import ArgumentParser
import CIGen
import Foundation

extension Promote.CI {
    /// `promote ci generate`: render the CI files and write those whose content changed.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write the CI files for the stages; files whose content is unchanged are left alone.",
            discussion: """
                Writes .github/workflows/promote.yml, .gitlab-ci.yml and Jenkinsfile (or the targets cicd/ci.json \
                or --target names) at the root of the working tree, and prints which were written and which were \
                already up to date. Commit them on every stage branch: each CI reads its file from the branch it \
                runs for.

                Examples:
                  promote ci generate
                  promote ci generate --target github
                  promote ci generate --templates ci-templates   # your own copies of some templates
                """
        )

        @OptionGroup var options: CIOptions

        func validate() throws { try options.validate() }

        func run() throws {
            let (project, root) = try options.render()
            for note in project.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            for result in try CIFileWriter.write(project.files, root: root) {
                print("\(result.outcome == .written ? "wrote" : "unchanged") \(result.path)")
            }
        }
    }
}
