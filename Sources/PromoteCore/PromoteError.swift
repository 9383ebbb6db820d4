public import Foundation

/// Errors of promote's own rules (as opposed to git or stage-file problems), each one actionable line.
public enum PromoteError: Error, Equatable, Sendable {
    case missingBranch(stage: String, branch: String, remote: String)
    case noRemote(String)
}

extension PromoteError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .missingBranch(let stage, let branch, let remote):
            return "stage '\(stage)': branch '\(branch)' exists neither locally nor as \(remote)/\(branch); "
                + "create it from its upstream (git branch \(branch) <upstream-branch>) or run 'promote init'"
        case .noRemote(let remote):
            return
                "remote '\(remote)' is not configured; add it with 'git remote add \(remote) URL' or pass --remote NAME"
        }
    }
}
