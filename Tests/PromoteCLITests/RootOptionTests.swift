import Foundation
import TestSupport
import Testing

/// An unknown option before any subcommand is named as such (it used to be reported as a missing <from>).
@Suite struct RootOptionTests {
    @Test func anUnknownOptionIsNamed() throws {
        let directory = TemporaryDirectory("root-option")
        let result = try PromoteBinary.run(["--bogus"], in: directory.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("Error: Unknown option '--bogus'"), "\(result.stderr)")
        #expect(!result.stderr.contains("<from>"))
        #expect(try PromoteBinary.run(["--version"], in: directory.path).status == 0)
        // With a stage pair, the default command names it too.
        let run = try PromoteBinary.run(["dev", "tst", "--bogus"], in: directory.path)
        #expect(run.status == 64 && run.stderr.contains("Unknown option '--bogus'"))
    }
}
