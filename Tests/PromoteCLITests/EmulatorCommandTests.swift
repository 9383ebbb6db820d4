import Foundation
import TestSupport
import Testing

/// `promote emulator` as a user runs it: export lines first, then serving until a signal stops it cleanly.
@Suite struct EmulatorCommandTests {
    /// Starts `promote emulator` and reads stdout until the comment line that ends the exports.
    private func start(_ arguments: [String]) throws -> (process: Process, exports: [String: String]) {
        let emulator = try EmulatorProcess(arguments: arguments)
        return (emulator.process, emulator.exports)
    }

    @Test func printsExportsServesAndStopsCleanlyOnSIGTERM() throws {
        let repository = try TemplateFixtures.repository()
        let (process, exports) = try start(["--port", "0", "--repo", repository.path])
        #expect(exports["AICORE_BASE_URL"]?.hasSuffix("/v2") == true)
        #expect(exports["AICORE_AUTH_URL"]?.hasSuffix("/oauth/token") == true)
        #expect(exports["AICORE_CLIENT_ID"] == "promote-emulator")
        #expect(exports["AICORE_CLIENT_SECRET"] != nil)
        #expect(exports["AICORE_RESOURCE_GROUP"] == "default")
        #expect(exports["AICORE_BASE_URL"]?.hasPrefix("http://127.0.0.1:") == true)

        let token = try Shell.run(
            "curl",
            [
                "-sf", "-X", "POST", exports["AICORE_AUTH_URL"] ?? "", "-d",
                "grant_type=client_credentials&client_id=\(exports["AICORE_CLIENT_ID"] ?? "")&client_secret=\(exports["AICORE_CLIENT_SECRET"] ?? "")",
            ])
        #expect(token.status == 0)
        #expect(token.stdout.contains("\"expires_in\":43199"))
        let repositories = try Shell.run(
            "curl",
            [
                "-sf", "-H", "Authorization: Bearer \(tokenValue(token.stdout))",
                (exports["AICORE_BASE_URL"] ?? "") + "/admin/repositories",
            ])
        #expect(repositories.stdout.contains("\"url\":\"\(repository.path)\""))

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    /// A sync of many large templates (tens of seconds in a debug build) is busy when SIGINT arrives: the emulator
    /// stops at the next file, the request waiting for the sync gets an answer, and the exit is clean.
    @Test func sigintStopsTheEmulatorWhileASyncIsBusy() throws {
        let repository = try GitFixture()
        var files: [String: String] = [:]
        let items = (0..<120_000).map { "      - a\($0)" }.joined(separator: "\n")
        for index in 0..<16 {
            files["templates/big\(index).yaml"] = """
                apiVersion: argoproj.io/v1alpha1
                kind: WorkflowTemplate
                metadata:
                  name: big-\(index)
                spec:
                  templates:
                  - name: main
                    container:
                      args:
                \(items)

                """
        }
        try repository.commit("large templates", files: files)
        let emulator = try EmulatorProcess(secret: "s3cr3t", repository: repository.path)
        defer { emulator.stop() }
        let base = emulator.environment["AICORE_BASE_URL"].flatMap { $0 } ?? ""
        let token = try emulator.token()
        let created = try emulator.createApplication("app-big", repository: repository.path)
        #expect(created.status == 0)
        // Once the refresh is due, the status request runs the sync (syncs are lazy) and waits for it.
        Thread.sleep(forTimeInterval: 0.5)
        let waiting = Process()
        waiting.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        waiting.arguments = [
            "curl", "-s", "--max-time", "120", base + "/admin/applications/app-big/status", "-H",
            "Authorization: Bearer \(token)",
        ]
        let answer = Pipe()
        waiting.standardOutput = answer
        try waiting.run()
        Thread.sleep(forTimeInterval: 1.5)
        kill(emulator.process.processIdentifier, SIGINT)
        let stopped = Date()
        while emulator.process.isRunning && Date().timeIntervalSince(stopped) < 60 {
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(!emulator.process.isRunning, "promote emulator still runs 60 s after SIGINT")
        emulator.process.waitUntilExit()
        #expect(emulator.process.terminationReason == .exit && emulator.process.terminationStatus == 0)
        let text = String(decoding: answer.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        waiting.waitUntilExit()
        // Interrupted, the sync registered nothing: the waiting request hears that it has not finished.
        #expect(text.contains("waiting for the sync to finish"), "the sync ran to its end first: \(text.prefix(300))")
    }

    private func tokenValue(_ json: String) -> String {
        guard let range = json.range(of: #""access_token":"[^"]+""#, options: .regularExpression) else { return "" }
        return String(json[range].dropFirst("\"access_token\":\"".count).dropLast())
    }

    @Test func aStagesSettingsUseItsPrefixAndResourceGroup() throws {
        // DeployFixtures' dev stage: prefix AICORE_ (the default), resource group rg-dev, application app-dev.
        let repository = try DeployFixtures.repository()
        let emulator = try EmulatorProcess(
            arguments: ["--port", "0", "--client-secret", "s3cr3t", "--repo", repository.path, "--stage", "dev"],
            secret: "s3cr3t", directory: repository.path)
        defer { emulator.stop() }
        #expect(emulator.exports["AICORE_RESOURCE_GROUP"] == "rg-dev")
        // The emulator has the stage's resource group: once the application exists, the deploy goes through.
        let created = try emulator.createApplication("app-dev", repository: repository.path)
        #expect(created.status == 0)
        let deploy = try PromoteBinary.run(
            ["deploy", "dev"], in: repository.path, environment: emulator.exports.mapValues { Optional($0) })
        #expect(deploy.status == 0, "\(deploy.stderr)")
        let unknown = try PromoteBinary.run(["emulator", "--port", "0", "--stage", "nope"], in: repository.path)
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown stage 'nope'"))
    }

    @Test func badOptionsAreUsageErrors() throws {
        let directory = TemporaryDirectory()
        let faults = try PromoteBinary.run(["emulator", "--faults", "lm:5xx=2"], in: directory.path)
        #expect(faults.status == 64)
        #expect(faults.stderr.contains("invalid --faults: 5xx=2: a rate must be a number from 0 to 1"))
        let port = try PromoteBinary.run(["emulator", "--port", "70000"], in: directory.path)
        #expect(port.status == 64)
        let help = try PromoteBinary.run(["emulator", "--help"], in: directory.path)
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("emulator:fail"))
    }
}
