import Foundation
import TestSupport

/// `promote emulator` as a separate process on a free loopback port, with a known client secret, and the
/// environment a CI job would give promote for it (`AICORE_AUTH_URL`, `BASE_URL`, `CLIENT_ID`, `CLIENT_SECRET`).
final class EmulatorProcess {
    let process: Process
    let environment: [String: String?]
    let secret: String

    init(secret: String, repository: String? = nil) throws {
        self.secret = secret
        process = Process()
        process.executableURL = URL(fileURLWithPath: PromoteBinary.path)
        process.arguments =
            ["emulator", "--port", "0", "--client-secret", secret] + (repository.map { ["--repo", $0] } ?? [])
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
        var environment: [String: String?] = ["AICORE_RESOURCE_GROUP": nil]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            if let equals = assignment.firstIndex(of: "="), !assignment.hasPrefix("AICORE_RESOURCE_GROUP") {
                environment[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
            }
        }
        self.environment = environment
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

    func stop() {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }
}
