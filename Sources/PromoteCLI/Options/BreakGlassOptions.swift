import ArgumentParser
import Foundation
import PromoteCore

/// `--break-glass --reason TEXT`, shared by deploy, rollback and promotions.
struct BreakGlassOptions: ParsableArguments {
    @Flag(
        help:
            "Pass a freeze window that is on: needs --reason and a listed approver's signed approval of the exact commit; recorded."
    )
    var breakGlass = false

    @Option(help: ArgumentHelp("Why (recorded with the hold, the rollback or the break-glass).", valueName: "text"))
    var reason: String?

    func validate() throws {
        if breakGlass && (reason?.trimmingCharacters(in: .whitespaces).isEmpty ?? true) {
            throw ValidationError("--break-glass needs --reason TEXT: why the freeze must be broken (it is recorded)")
        }
    }

    var value: BreakGlass? { breakGlass ? BreakGlass(reason: reason ?? "") : nil }
}
