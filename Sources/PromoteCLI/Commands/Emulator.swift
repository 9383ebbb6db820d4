import AICoreEmulator
import ArgumentParser
import Foundation
import PromoteCore
import PromoteModel

extension Promote {
    /// `promote emulator`: a local AI Core that the official SDKs and promote itself can talk to.
    struct Emulator: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "emulator",
            abstract: "Run a local SAP AI Core (AI API, git sync, destinations) for trying promote without a tenant.",
            discussion: """
                Prints the connection settings as `export` lines, ready for eval, then serves until interrupted \
                (SIGINT or SIGTERM shut it down cleanly, a sync in progress included; a second signal exits at once). It binds to 127.0.0.1 unless told otherwise.

                Applications sync templates from git repositories on this machine: --repo on-boards one (use its \
                path as repositoryUrl). Executions and deployments run through AI Core's lifecycle in well under a \
                second; a run ends DEAD when its bindings do not fit the template, when the template has the \
                annotation emulator.promote.dev/fail, or when a parameter is bound to emulator:fail[:message].

                Tracking (/v2/lm/metrics): a completed execution logs its training loss at each epoch (the \
                `epochs` parameter, default 2), and the metrics its template's annotation \
                emulator.promote.dev/metrics names, at the last epoch: `emulator.promote.dev/metrics: "auc=0.83, \
                f1=0.71"`. Change the annotation in a commit to give that commit's model other numbers; training \
                code may also write metrics with the SDKs' metrics.modify, as on AI Core.

                --stage NAME prints the settings under that stage's own prefix (aicore.env_prefix of \
                stages/NAME.json in the repository of the current directory, for example AICORE_TST_*) and its \
                resource group, and how to create the stage's git-sync application (an AI Core admin creates it \
                once per tenant; the emulator starts with none). Without it, the lines use the prefix AICORE_.

                --stages serves one isolated tenant per stage of the repository in the current directory, each on \
                its own free port, and prints each stage's settings under its own prefix (AICORE_DEV_*, \
                AICORE_TST_*, ...; every stage needs its own aicore.env_prefix): the local three-stage flow then \
                matches a real three-tenant landscape, where executable IDs are per tenant. Each tenant starts \
                empty: 'promote setup <stage>' creates what its stage file declares (aicore.tenant).

                --require-secrets (implied by --stages) fails runs that need a secret the tenant lacks, as AI \
                Core does: an execution whose input artifact lives on an object store secret (ai://<secret>/...) \
                that does not exist ends DEAD, and so does a run whose template pulls with a docker registry \
                secret (imagePullSecrets) that does not exist. Without it, a quick trial needs no secrets.

                Faults (--faults): semicolon-separated sections CLASS:KEY=VALUE,... where CLASS is oauth, admin, \
                lm, logs, inference, destination or * and KEY is 5xx, 429, drop, expire (rates 0..1), \
                retry-after (seconds) or latency (e.g. 50ms). Decisions come from --seed, so a run repeats.

                Examples:
                  promote emulator --port 8080 --repo . > emulator.env &
                  sleep 1 && eval "$(grep ^export emulator.env)"
                  promote emulator --port 0 --repo ~/ml-content --state /tmp/aicore-state
                  promote emulator --port 0 --repo . --stage tst > tst.env &
                  promote emulator --faults 'lm:5xx=0.1,429=0.05;*:latency=20ms' --seed 42
                  promote emulator --stages --repo . > landscape.env &   # then: promote setup dev; promote doctor
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

        @Option(
            help: ArgumentHelp(
                "How fast execution schedules' clock runs against real time (60: a '* * * * *' schedule fires every second).",
                valueName: "rate"))
        var scheduleClockRate: Double = 1

        @Option(
            help: ArgumentHelp(
                "At most this many items in one list answer, whatever $top asks, so clients must page.",
                valueName: "n"))
        var pageSize: Int?

        @Option(help: ArgumentHelp("Lifetime of issued tokens in seconds.", valueName: "seconds"))
        var tokenLifetime: Double = 43_199

        @Option(help: ArgumentHelp("Print the settings under this stage's prefix (see above).", valueName: "stage"))
        var stage: String?

        @Flag(
            help:
                "Serve one isolated tenant per stage of the repository here, each on its own port, printing each stage's prefixed settings; implies --require-secrets."
        )
        var stages = false

        @Flag(help: "Fail runs that need a secret the tenant lacks, as AI Core does (see above).")
        var requireSecrets = false

        @Option(help: ArgumentHelp("The OAuth client id it accepts.", valueName: "id"))
        var clientId = "promote-emulator"

        @Option(help: ArgumentHelp("The OAuth client secret it accepts.", valueName: "secret"))
        var clientSecret = "emulator-secret"

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535, got \(port)") }
            guard tokenLifetime > 0 else { throw ValidationError("--token-lifetime must be positive") }
            if let pageSize, pageSize < 1 { throw ValidationError("--page-size must be at least 1, got \(pageSize)") }
            guard scheduleClockRate > 0, scheduleClockRate <= 86_400 else {
                throw ValidationError(
                    "--schedule-clock-rate must be above 0 and at most 86400, got \(scheduleClockRate)")
            }
            guard pendingSeconds >= 0, runningSeconds >= 0 else {
                throw ValidationError("--pending-seconds and --running-seconds must not be negative")
            }
            if stages && stage != nil { throw ValidationError("--stages serves every stage; drop --stage") }
            if stages && port != 0 && port != 8080 {
                throw ValidationError("--stages picks a free port per stage; drop --port")
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
            if stages {
                try await serveEveryStage(repositories)
                return
            }
            // The stage's own prefix, resource group and application, read before the server starts.
            let stageSettings = try stage.map { name in
                let stage = try Workspace(path: ".").stages.stage(named: name)
                return (
                    prefix: stage.aicore.envPrefix, group: stage.aicore.resourceGroup,
                    application: stage.aicore.application,
                    branch: stage.branch, path: stage.aicore.templatesPath
                )
            }
            var settings = EmulatorConfiguration(
                host: host, port: port, clientID: clientId, clientSecret: clientSecret, tokenLifetime: tokenLifetime,
                timings: RunTimings(
                    pending: pendingSeconds, running: runningSeconds, stopping: RunTimings.fast.stopping),
                repositories: repositories, resourceGroups: ["default"] + (stageSettings.map { [$0.group] } ?? []),
                strict: strict,
                faults: try faults.map { spec in try FaultPlan.parse(spec) } ?? .none,
                seed: seed, stateDirectory: state)
            settings.scheduleClockRate = scheduleClockRate
            settings.pageSize = pageSize
            settings.requireSecrets = requireSecrets
            let configuration = settings
            let host = self.host
            let prefix = stageSettings?.prefix ?? "AICORE_"
            try await EmulatorServer.runUntilSignalled(configuration) { port in
                let root = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
                var lines = [
                    "export \(prefix)AUTH_URL=\(root)/oauth/token", "export \(prefix)BASE_URL=\(root)/v2",
                    "export \(prefix)CLIENT_ID=\(configuration.clientID)",
                    "export \(prefix)CLIENT_SECRET=\(configuration.clientSecret)",
                    "export \(prefix)RESOURCE_GROUP=\(stageSettings?.group ?? "default")",
                    "export \(prefix)DESTINATION_URL=\(root)",
                    "export \(prefix)DESTINATION_AUTH_URL=\(root)/oauth/token",
                    "export \(prefix)DESTINATION_CLIENT_ID=\(configuration.destinationClientID)",
                    "export \(prefix)DESTINATION_CLIENT_SECRET=\(configuration.destinationClientSecret)",
                ]
                if let settings = stageSettings {
                    let repository = configuration.repositories.first?.url ?? "<path of the repository>"
                    lines.append(
                        "# the stage's git-sync application, created once per tenant (with a token from \(prefix)AUTH_URL): "
                            + "POST \(root)/v2/admin/applications {\"applicationName\":\"\(settings.application)\","
                            + "\"repositoryUrl\":\"\(repository)\",\"revision\":\"\(settings.branch)\",\"path\":\"\(settings.path)\"}"
                    )
                } else {
                    lines.append(
                        "# stages read their own prefix (aicore.env_prefix, e.g. AICORE_TST_): add --stage NAME")
                }
                lines.append("# promote emulator listening on \(root); stop with Ctrl-C")
                // Written straight to the file descriptor: a reader waiting for these lines must not wait for a
                // buffer to fill.
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            }
        }

        /// `--stages`: one tenant per stage, as a real landscape has (executable IDs are tenant-wide, so one tenant
        /// cannot sync every stage's application), each printed under the stage's own prefix.
        private func serveEveryStage(_ repositories: [(name: String, url: String)]) async throws {
            let stageSet = try Workspace(path: ".").stages.stages
            var prefixes: [String: String] = [:]
            for stage in stageSet {
                if let other = prefixes[stage.aicore.envPrefix] {
                    throw ValidationError(
                        "--stages needs a prefix per stage: \(other) and \(stage.name) both use \(stage.aicore.envPrefix) (aicore.env_prefix)"
                    )
                }
                prefixes[stage.aicore.envPrefix] = stage.name
            }
            let configurations = try stageSet.map { stage in
                var settings = EmulatorConfiguration(
                    host: host, port: 0, clientID: clientId, clientSecret: clientSecret, tokenLifetime: tokenLifetime,
                    timings: RunTimings(
                        pending: pendingSeconds, running: runningSeconds, stopping: RunTimings.fast.stopping),
                    repositories: repositories, resourceGroups: ["default"], strict: strict,
                    faults: try faults.map { spec in try FaultPlan.parse(spec) } ?? .none, seed: seed,
                    stateDirectory: state.map { "\($0)/\(stage.name)" })
                settings.scheduleClockRate = scheduleClockRate
                settings.pageSize = pageSize
                settings.requireSecrets = true
                return settings
            }
            let listenHost = self.host
            let listening = ListeningTenants(count: stageSet.count)
            try await EmulatorServer.runUntilSignalled(tenants: configurations) { index, port in
                let stage = stageSet[index]
                let root = "http://\(listenHost.contains(":") ? "[\(listenHost)]" : listenHost):\(port)"
                let prefix = stage.aicore.envPrefix
                let lines = [
                    "# \(stage.name): its own tenant; 'promote setup \(stage.name)' creates its resource group, repository, application and secrets",
                    "export \(prefix)AUTH_URL=\(root)/oauth/token", "export \(prefix)BASE_URL=\(root)/v2",
                    "export \(prefix)CLIENT_ID=\(configurations[index].clientID)",
                    "export \(prefix)CLIENT_SECRET=\(configurations[index].clientSecret)",
                    "export \(prefix)RESOURCE_GROUP=\(stage.aicore.resourceGroup)",
                    "export \(prefix)DESTINATION_URL=\(root)",
                    "export \(prefix)DESTINATION_AUTH_URL=\(root)/oauth/token",
                    "export \(prefix)DESTINATION_CLIENT_ID=\(configurations[index].destinationClientID)",
                    "export \(prefix)DESTINATION_CLIENT_SECRET=\(configurations[index].destinationClientSecret)",
                ]
                if let all = await listening.add(index, lines) {
                    let text =
                        all + [
                            "# promote emulator listening: \(stageSet.count) tenants, one per stage; stop with Ctrl-C"
                        ]
                    FileHandle.standardOutput.write(Data((text.joined(separator: "\n") + "\n").utf8))
                }
            }
        }
    }
}

/// Collects each tenant's lines until every tenant listens, so they print once, in stage order.
private actor ListeningTenants {
    private var lines: [Int: [String]] = [:]
    private let count: Int

    init(count: Int) {
        self.count = count
    }

    /// Every tenant's lines in order once the last one is in; nil before.
    func add(_ index: Int, _ tenantLines: [String]) -> [String]? {
        lines[index] = tenantLines
        guard lines.count == count else { return nil }
        return (0..<count).flatMap { lines[$0] ?? [] }
    }
}
