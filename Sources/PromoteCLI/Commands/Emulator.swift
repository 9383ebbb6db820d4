import AICoreEmulator
import ArgumentParser
import Foundation

extension Promote {
    /// `promote emulator`: a local AI Core that the official SDKs and promote itself can talk to.
    struct Emulator: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a local SAP AI Core (AI API, git sync, destinations) for trying promote without a tenant.",
            discussion: """
                Prints the connection settings as `export` lines, ready for eval, then serves until interrupted \
                (SIGINT or SIGTERM shut it down cleanly). It binds to 127.0.0.1 unless told otherwise.

                Applications sync templates from git repositories on this machine: --repo on-boards one (use its \
                path as repositoryUrl). Executions and deployments run through AI Core's lifecycle in well under a \
                second; a run ends DEAD when its bindings do not fit the template, when the template has the \
                annotation emulator.promote.dev/fail, or when a parameter is bound to emulator:fail[:message].

                Faults (--faults): semicolon-separated sections CLASS:KEY=VALUE,... where CLASS is oauth, admin, \
                lm, logs, inference, destination or * and KEY is 5xx, 429, drop, expire (rates 0..1), \
                retry-after (seconds) or latency (e.g. 50ms). Decisions come from --seed, so a run repeats.

                Examples:
                  promote emulator --port 8080 --repo . > emulator.env &
                  sleep 1 && eval "$(grep ^export emulator.env)"
                  promote emulator --port 0 --repo ~/ml-content --state /tmp/aicore-state
                  promote emulator --faults 'lm:5xx=0.1,429=0.05;*:latency=20ms' --seed 42
                """
        )

        @Option(help: "The address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "The port to listen on; 0 picks a free one.")
        var port = 8080

        @Option(help: ArgumentHelp("A git repository to on-board (repeatable).", valueName: "path"))
        var repo: [String] = []

        @Option(help: ArgumentHelp("Faults to inject (see above).", valueName: "spec"))
        var faults: String?

        @Option(help: "Seed for fault decisions.")
        var seed: UInt64 = 1

        @Option(help: ArgumentHelp("Keep state in this directory across restarts.", valueName: "dir"))
        var state: String?

        @Flag(help: "Reject configurations whose bindings do not fit at creation (AI Core only fails the run).")
        var strict = false

        @Option(help: ArgumentHelp("How long runs stay PENDING before they run.", valueName: "seconds"))
        var pendingSeconds = RunTimings.fast.pending

        @Option(help: ArgumentHelp("How long an execution runs before it completes.", valueName: "seconds"))
        var runningSeconds = RunTimings.fast.running

        @Option(help: ArgumentHelp("Lifetime of issued tokens in seconds.", valueName: "seconds"))
        var tokenLifetime: Double = 43_199

        @Option(help: ArgumentHelp("The OAuth client id it accepts.", valueName: "id"))
        var clientId = "promote-emulator"

        @Option(help: ArgumentHelp("The OAuth client secret it accepts.", valueName: "secret"))
        var clientSecret = "emulator-secret"

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535, got \(port)") }
            guard tokenLifetime > 0 else { throw ValidationError("--token-lifetime must be positive") }
            guard pendingSeconds >= 0, runningSeconds >= 0 else {
                throw ValidationError("--pending-seconds and --running-seconds must not be negative")
            }
            if let faults {
                do {
                    _ = try FaultPlan.parse(faults)
                } catch {
                    throw ValidationError(error.description)
                }
            }
        }

        func run() async throws {
            let repositories = try repo.map { path -> (name: String, url: String) in
                let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue
                else { throw ValidationError("--repo \(path): no such directory") }
                return (
                    URL(fileURLWithPath: absolute).lastPathComponent.lowercased().filter {
                        $0.isLetter || $0.isNumber || $0 == "-"
                    }, absolute
                )
            }
            let configuration = EmulatorConfiguration(
                host: host, port: port, clientID: clientId, clientSecret: clientSecret, tokenLifetime: tokenLifetime,
                timings: RunTimings(
                    pending: pendingSeconds, running: runningSeconds, stopping: RunTimings.fast.stopping),
                repositories: repositories, strict: strict,
                faults: try faults.map { spec in try FaultPlan.parse(spec) } ?? .none,
                seed: seed, stateDirectory: state)
            let host = self.host
            try await EmulatorServer.runUntilSignalled(configuration) { port in
                let root = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
                let lines = [
                    "export AICORE_AUTH_URL=\(root)/oauth/token", "export AICORE_BASE_URL=\(root)/v2",
                    "export AICORE_CLIENT_ID=\(configuration.clientID)",
                    "export AICORE_CLIENT_SECRET=\(configuration.clientSecret)", "export AICORE_RESOURCE_GROUP=default",
                    "export AICORE_DESTINATION_URL=\(root)", "export AICORE_DESTINATION_AUTH_URL=\(root)/oauth/token",
                    "export AICORE_DESTINATION_CLIENT_ID=\(configuration.destinationClientID)",
                    "export AICORE_DESTINATION_CLIENT_SECRET=\(configuration.destinationClientSecret)",
                    "# promote emulator listening on \(root); stop with Ctrl-C",
                ]
                // Written straight to the file descriptor: a reader waiting for these lines must not wait for a
                // buffer to fill.
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            }
        }
    }
}
