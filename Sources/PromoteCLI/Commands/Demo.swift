import ArgumentParser
import Foundation
import PromoteCore

extension Promote {
    /// `promote demo`: the whole flow on the embedded local AI Core, narrated.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Run the whole flow locally, narrated: deploy, plan, gate, approval, promotion, history.",
            discussion: """
                Creates a realistic ML repository (training and serving code, a WorkflowTemplate and a \
                ServingTemplate, a deploy config, dev/tst/prd stages with gates) and a bare origin in a new \
                temporary directory, then runs the real promote commands against AI Core emulators started inside \
                promote: no tenant, no credentials. Needs git and ssh-keygen. Takes well under a minute and leaves \
                the directory for you to explore.

                Examples:
                  promote demo
                  TMPDIR=$HOME/tmp promote demo
                """
        )

        func run() throws {
            let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
            let script = DemoScript(executable: executable) { line in
                print(line)
                fflush(nil)
            }
            _ = try script.run()
        }
    }
}
