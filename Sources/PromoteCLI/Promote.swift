public import ArgumentParser

/// The `promote` command: the root that dispatches to one subcommand per file in `Commands/`.
public struct Promote: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Promote ML content through stages (dev → tst → prd) and deploy each stage to SAP AI Core.",
        discussion: """
            Each stage is a git branch described by stages/<name>.json. promote shows what differs between stages,
            enforces their gates, moves branches safely and deploys to AI Core.

            Exit codes: 0 success, 1 error, 2 blocked by a gate, 3 deployment did not reach its wanted status,
            64 bad usage.
            """,
        version: PromoteVersion.current,
        subcommands: [Status.self, Deploy.self, Emulator.self, CI.self]
    )

    public init() {}
}

/// The process entry point, so the executable target needs nothing but this module.
public enum PromoteMain {
    public static func run() async {
        await Promote.main()
    }
}
