import Foundation
import TestSupport
import Testing

/// Long waits show progress: a spinner with elapsed time on a terminal, nothing but plain lines elsewhere.
@Suite struct ProgressOutputTests {
    @Test func aTerminalGetsASpinnerAndAPipeGetsPlainLines() throws {
        let repository = try DeployFixtures.repository()
        // `script` gives the command a pseudo-terminal, as a person's shell would.
        let command = "\(PromoteBinary.path) deploy dev --target emulator"
        let terminal = try Shell.run(
            "script", ["-qec", command, "/dev/null"], in: repository.path,
            environment: GitFixture.identity.merging(["CI": nil, "GITHUB_ACTIONS": nil, "TERM": "xterm"]) { $1 })
        #expect(terminal.status == 0, "\(terminal.stdout)\(terminal.stderr)")
        #expect(terminal.stdout.contains("\r\u{1B}[2K"), "no spinner line was drawn and cleared")
        #expect(terminal.stdout.contains(" deploying dev "), "the spinner names what it waits for")

        let piped = try PromoteBinary.run(["deploy", "dev", "--target", "emulator"], in: repository.path)
        #expect(piped.status == 0)
        #expect(!piped.stdout.contains("\u{1B}["), "escape sequences in a pipe")
    }
}
