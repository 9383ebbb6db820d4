public import Foundation

/// Why a deploy config cannot be used.
public enum DeployConfigError: Error, Equatable, Sendable {
    /// Every problem found in the base file and the overlay: the base file's first, each file's in the order found.
    case invalid([ValidationProblem])
    /// The config (or overlay) file named by the stage does not exist at the commit being deployed.
    case missingFile(path: String, commit: String?)
    /// `filtered(only:)` was given names that match no configuration name or executable ID of the config.
    case unknownNames([String], known: [String])
}

extension DeployConfigError: LocalizedError, CustomStringConvertible {
    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case .invalid(let problems):
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            return "the deploy config has \(count); fix them and run again:\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        case .missingFile(let path, let commit):
            let place = commit.map { " at commit \($0)" } ?? ""
            return "\(path) does not exist\(place); commit it, or change deploy.config (or deploy.overlay) in the "
                + "stage file to the path where it is"
        case .unknownNames(let names, let known):
            let quoted = names.map { "\"\($0)\"" }.joined(separator: ", ")
            let subject = names.count == 1 ? "\(quoted) is" : "\(quoted) are"
            let list =
                known.isEmpty
                ? "the config has no executions, deployments or schedules"
                : known.map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(subject) neither a configuration name nor an executable ID in the deploy config; known: \(list)"
        }
    }
}
