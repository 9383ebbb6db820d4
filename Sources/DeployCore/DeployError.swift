public import AICore
public import Foundation

/// Why a deploy stopped before it could follow its objects.
public enum DeployError: Error, Equatable, Sendable {
    case api(AICoreError)
    /// The application did not sync the commit, with AI Core's message.
    case syncFailed(application: String, message: String)
    case syncTimedOut(application: String, wanted: String, seen: String?)
    /// The config does not fit the synced executables; every problem.
    case configDoesNotFit([String])
}

extension DeployError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .api(let error): return error.localizedDescription
        case .syncFailed(let application, let message):
            return "AI Core could not sync application \(application): \(message)"
        case .syncTimedOut(let application, let wanted, let seen):
            return
                "application \(application) did not sync commit \(wanted.prefix(7)) in time (AI Core shows \(seen.map { String($0.prefix(7)) } ?? "no revision")); "
                + "check that the commit is pushed to the branch AI Core reads"
        case .configDoesNotFit(let problems):
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            return "the deploy config does not fit the synced templates (\(count)); nothing was created:\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
