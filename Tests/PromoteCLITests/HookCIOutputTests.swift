import Foundation
import TestSupport
import Testing

/// On a CI, `promote test` shows each hook as a collapsible group and a failing hook as an error annotation.
@Suite struct HookCIOutputTests {
    @Test func hooksAreGroupedAndFailuresAnnotatedOnGitHubActions() throws {
        let keys = TemporaryDirectory("promote-keys")
        let rita = try SSHKey.generate("rita@example.com", in: keys)
        let gates = #"""
            { "tests": [ { "name": "lint", "run": "echo linted", "timeout_seconds": 30 },
                         { "name": "unit", "run": "echo broken; exit 1", "timeout_seconds": 30 } ] }
            """#
        let (fixture, _, _) = try GateFixtures.repository(tstGates: gates, signers: [rita.signersLine()])
        let github = try PromoteBinary.run(
            ["test", "tst"], in: fixture.path, environment: ["GITHUB_ACTIONS": "true", "CI": "true"])
        #expect(github.status == 1)
        #expect(github.stdout.contains("::group::hook lint\n[lint] linted\n"))
        #expect(github.stdout.contains("::endgroup::"))
        #expect(github.stdout.contains("::error title=promote%3A hook unit::hook unit failed (exit 1"))
        let plain = try PromoteBinary.run(["test", "tst"], in: fixture.path, environment: ["GITHUB_ACTIONS": nil])
        #expect(!plain.stdout.contains("::group::"))
    }
}
