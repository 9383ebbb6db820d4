import Foundation
import TestSupport
import Testing

/// A template pushed to dev that is an alias bomb must not stop the pipeline: plan and deploy fail at once, naming
/// the file, with bounded memory (the binary's peak RSS, from the kernel's accounting of the child).
@Suite struct AliasBombCommandTests {
    static let bomb: String = {
        var lines = [#"a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for level in 1...8 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    private func measured(_ arguments: [String], in directory: String) throws -> (ProcessResult, Int) {
        try PromoteBinary.runMeasuringPeakMemory(arguments, in: directory)
    }

    @Test func planAndDeployRefuseTheBombQuicklyAndInBoundedMemory() throws {
        let fixture = try PromotionFixture()
        try fixture.repository.commit("a template that expands to billions of nodes", files: ["templates/bomb.yaml": Self.bomb])
        try fixture.push("main")
        let (plan, planPeak) = try measured(["plan", "dev", "tst"], in: fixture.repository.path)
        #expect(plan.stdout.contains("bomb.yaml") && plan.stdout.contains("excessive aliasing"), "\(plan.stdout)\(plan.stderr)")
        #expect(planPeak < 300_000, "promote plan peaked at \(planPeak) KiB")
        let (deploy, deployPeak) = try measured(
            ["deploy", "dev", "--target", "emulator"], in: fixture.repository.path)
        #expect(deploy.status != 0)
        #expect((deploy.stdout + deploy.stderr).contains("excessive aliasing"), "\(deploy.stdout)\(deploy.stderr)")
        #expect(deployPeak < 300_000, "promote deploy peaked at \(deployPeak) KiB")
    }
}

/// The emulator's git sync reads the same bomb: the sync reports the file as unreadable at once, the emulator stays
/// responsive, and it stops on SIGTERM.
@Suite struct EmulatorAliasBombTests {
    @Test func theSyncReportsTheBombAndTheEmulatorStaysResponsive() throws {
        let repository = try GitFixture()
        try repository.commit("bomb", files: ["templates/bomb.yaml": AliasBombCommandTests.bomb])
        let emulator = try EmulatorProcess(secret: "s3cr3t", repository: repository.path)
        defer { emulator.stop() }
        let base = emulator.environment["AICORE_BASE_URL"].flatMap { $0 } ?? ""
        let token = try emulator.token()
        let created = try emulator.createApplication("bomb", repository: repository.path)
        #expect(created.status == 0, "\(created.stderr)")
        // Syncs are lazy and start once the refresh is due (50 ms): ask until the answer is the sync's.
        var status = try Shell.run(
            "curl", ["-s", "--max-time", "20", base + "/admin/applications/bomb/status", "-H", "Authorization: Bearer \(token)"])
        for _ in 0..<50 where status.stdout.contains("waiting for the sync to finish") {
            Thread.sleep(forTimeInterval: 0.1)
            status = try Shell.run(
                "curl", ["-s", "--max-time", "20", base + "/admin/applications/bomb/status", "-H", "Authorization: Bearer \(token)"])
        }
        #expect(status.status == 0)
        #expect(status.stdout.contains("excessive aliasing"), "\(status.stdout)")
        #expect(status.stdout.contains("bomb.yaml"))
    }
}
