public import ArgumentParser
import Foundation
import PromoteCore

/// The `promote` command: the root that dispatches to one subcommand per file in `Commands/`.
public struct Promote: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Promote ML content through stages (dev → tst → prd) and deploy each stage to SAP AI Core.",
        discussion: """
            Each stage is a git branch described by stages/<name>.json. promote shows what differs between stages, \
            enforces their gates, moves branches safely and deploys to AI Core. `promote <from> <to>` promotes \
            (see `promote run --help`); the other commands are listed below.

            Exit codes: 0 success, 1 error, 2 refused (a gate blocks, checks failed, no fast-forward), 3 a \
            deployment did not reach its wanted status, 64 bad usage.

            Examples:
              promote demo                 # the whole flow on a local AI Core, narrated
              promote init                 # set up promote in your repository
              promote status
              promote plan dev tst
              promote dev tst
            """,
        version: PromoteVersion.described,
        // Every command names itself (`commandName:`): a derived name costs String(describing:) of the type, whose
        // protocol-conformance scans over the whole statically linked binary made start-up several times slower.
        subcommands: [
            Run.self, Status.self, Plan.self, Gate.self, Approve.self, Approvals.self, Test.self, Deploy.self,
            Rollback.self, Hold.self, Release.self, History.self, Metrics.self, Report.self, Setup.self, Doctor.self,
            CI.self,
            Init.self, Demo.self,
            Emulator.self,
        ],
        defaultSubcommand: Run.self
    )

    public init() {}
}

/// The process entry point, so the executable target needs nothing but this module.
public enum PromoteMain {
    public static func run() async {
        // A helper that exits before reading all its input (ssh-keygen refusing a malformed signature at once)
        // must not kill promote with SIGPIPE: writes then fail with EPIPE, which the callers handle. Hooks get the
        // default disposition back (`HookProcess`).
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let unknown = unknownLeadingOption(arguments) {
            // Without a subcommand, ArgumentParser hands every option to the default `run`, which then asks for
            // <from> instead of naming the option.
            Promote.exit(withError: ValidationError("Unknown option '\(unknown)'"))
        }
        do {
            var command = try Promote.parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let refusal as StageRefusal {
            // A hold or freeze refused it: exit 2 like every refusal by the rules, and nothing was changed.
            FileHandle.standardError.write(Data("refused: \(refusal.message)\n".utf8))
            Promote.exit(withError: ExitCode(2))
        } catch {
            Promote.exit(withError: error)
        }
    }

    /// The first argument when it is an option no command knows and nothing but options follows it.
    static func unknownLeadingOption(_ arguments: [String]) -> String? {
        guard let first = arguments.first, first.hasPrefix("-"), arguments.allSatisfy({ $0.hasPrefix("-") }) else {
            return nil
        }
        let known = [
            "-h", "--help", "-help", "--version", "--generate-completion-script", "--experimental-dump-help",
        ]
        let name = String(first.split(separator: "=", maxSplits: 1).first ?? "")
        return known.contains(name) ? nil : first
    }
}
