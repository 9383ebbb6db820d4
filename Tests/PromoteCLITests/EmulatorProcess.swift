import Foundation
import TestSupport

/// `promote emulator` as a separate process on a free loopback port, with a known client secret, and the
/// environment a CI job would give promote for it (`AICORE_AUTH_URL`, `BASE_URL`, `CLIENT_ID`, `CLIENT_SECRET`).
final class EmulatorProcess {
    let process: Process
    /// The `export NAME=value` lines it printed before serving.
    let exports: [String: String]
    let secret: String

    convenience init(secret: String, repository: String? = nil) throws {
        try self.init(
            arguments: ["--port", "0", "--client-secret", secret] + (repository.map { ["--repo", $0] } ?? []),
            secret: secret)
    }

    /// `promote emulator ARGUMENTS`, read up to the comment line that ends its exports.
    init(arguments: [String], secret: String = "", directory: String? = nil) throws {
        self.secret = secret
        process = Process()
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.executableURL = URL(fileURLWithPath: PromoteBinary.path)
        process.arguments = ["emulator"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        var text = ""
        while !text.contains("# promote emulator listening") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        var exports: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            exports[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        self.exports = exports
    }

    /// What a CI job would give promote for this emulator: the credentials, and the stage's own resource group.
    var environment: [String: String?] {
        var environment: [String: String?] = exports.mapValues { $0 }
        environment["AICORE_RESOURCE_GROUP"] = .some(nil)
        return environment
    }

    /// A bearer token for `curl`, fetched with the known secret.
    func token() throws -> String {
        let auth = environment["AICORE_AUTH_URL"].flatMap { $0 } ?? ""
        let token = try Shell.run(
            "curl",
            [
                "-sf", "-X", "POST", auth, "-d",
                "grant_type=client_credentials&client_id=promote-emulator&client_secret=\(secret)",
            ])
        return token.stdout.split(separator: "\"").drop { $0 != "access_token" }.dropFirst(2).first.map(String.init)
            ?? ""
    }

    /// Creates the git-sync application `name` for `repository`, as an admin does once per tenant; curl's result.
    @discardableResult
    func createApplication(_ name: String, repository: String, revision: String = "main") throws -> ProcessResult {
        try Shell.run(
            "curl",
            [
                "-sf", "--max-time", "20", "-X", "POST", (exports["AICORE_BASE_URL"] ?? "") + "/admin/applications",
                "-H", "Authorization: Bearer \(try token())", "-H", "Content-Type: application/json", "-d",
                #"{"applicationName":"\#(name)","repositoryUrl":"\#(repository)","revision":"\#(revision)","path":"templates"}"#,
            ])
    }

    func stop() {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }
}
