public import Foundation

/// Errors of promote's own rules (as opposed to git or stage-file problems), each one actionable line.
public enum PromoteError: Error, Equatable, Sendable {
    case missingBranch(stage: String, branch: String, remote: String)
    case noRemote(String)
    /// The person at the terminal declined.
    case notConfirmed
    /// Neither a terminal to ask nor `--yes`.
    case confirmationNeeded
    /// The remote branch moved between fetch and push; the local branch was put back.
    case remoteMoved(branch: String, remote: String, detail: String)
    /// The branch moved locally but the push failed for another reason (network, credentials).
    case pushFailed(branch: String, remote: String, commit: String, detail: String, rerun: String)
    /// The local stage branch has commits that are neither on the remote nor on the source stage.
    case localBranchAhead(stage: String, branch: String, remote: String)
    case localRemoteDiverged(stage: String, branch: String, remote: String)
}

extension PromoteError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .missingBranch(let stage, let branch, let remote):
            return "stage '\(stage)': branch '\(branch)' exists neither locally nor as \(remote)/\(branch); "
                + "create it from its upstream (git branch \(branch) <upstream-branch>) or run 'promote init'"
        case .notConfirmed:
            return "promotion cancelled; nothing was changed"
        case .confirmationNeeded:
            return "not running on a terminal, so promote cannot ask for confirmation; pass --yes to promote anyway "
                + "(or --dry-run to see what would happen)"
        case .remoteMoved(let branch, let remote, let detail):
            return "\(remote)/\(branch) moved while promoting (\(detail)); the local branch was put back and nothing "
                + "changed; run promote again to plan against the new state"
        case .pushFailed(let branch, let remote, let commit, let detail, let rerun):
            return "\(branch) moved locally to \(commit) but pushing it to \(remote) failed: \(detail); run '\(rerun)' "
                + "again to push it (local and remote \(branch) differ until then)"
        case .localBranchAhead(let stage, let branch, let remote):
            return "stage '\(stage)': local \(branch) has commits that are neither on \(remote)/\(branch) nor on the "
                + "source stage; push or drop them (git log \(remote)/\(branch)..\(branch)) before promoting"
        case .localRemoteDiverged(let stage, let branch, let remote):
            return "stage '\(stage)': local \(branch) and \(remote)/\(branch) have diverged; reconcile them by hand "
                + "(git log --oneline --left-right \(branch)...\(remote)/\(branch)) before promoting"
        case .noRemote(let remote):
            return
                "remote '\(remote)' is not configured; add it with 'git remote add \(remote) URL' or pass --remote NAME"
        }
    }
}
