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
    case sourceNotOnRemote(stage: String, branch: String, remote: String)
    case commitNotOnSource(commit: String, stage: String, branch: String, remote: String)
    case preflightFailed(stage: String, commit: String, detail: String)
    case unreviewedHooks(stage: String, commit: String, secret: String, reason: String)

    // Approvals, test runs and gate evaluations that cannot start (a blocked gate is a verdict, not an error).
    case noSigningKey
    case signingKeyNotFound(path: String)
    case sshKeygenMissing
    case signingFailed(key: String, detail: String)
    case noAllowedSigners(stage: String, branch: String, commit: String)
    case keyNotListed(stage: String, branch: String, commit: String)
    case onlyPatternPrincipals(patterns: [String], stage: String)
    case keyUnderSeveralNames(key: String, names: [String], stage: String)
    case approvalRefused(stage: String, commit: String, reason: String)
    case rulesUnreadable(stage: String, commit: String, reason: String)
    case exportFailed(commit: String, detail: String)
    case hookFailedToStart(hook: String, detail: String)
    case cannotWrite(path: String, detail: String)

    // promote init and promote demo.
    case bareRepository
    case noCommits
    case noDevBranch(String)
    case demoStepFailed(command: String, status: Int32)

    // Holds, releases and rollbacks.
    case notHeld(stage: String)
    case releaseRefused(stage: String, reason: String)
    case rollbackTargetRefused(stage: String, reason: String)
    /// A deploy could not read the holds it must respect.
    case recordsUnavailable(stage: String, remote: String, detail: String)

    // Tenants as code.
    case noTenantDeclaration(stage: String)
    case tenantVariablesMissing(stage: String, variables: [String])
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
            return "\(remote)/\(branch) moved while promoting (\(detail)); the promotion record was taken back and "
                + "nothing changed; run promote again to plan against the new state"
        case .pushFailed(let branch, let remote, let commit, let detail, let rerun):
            return "pushing \(branch) (\(commit)) to \(remote) failed: \(detail); the promotion record was taken back "
                + "and nothing changed; fix the network or credentials and run '\(rerun)' again"
        case .sourceNotOnRemote(let stage, let branch, let remote):
            return "stage '\(stage)': \(remote) has no branch \(branch); promote only promotes what the remote has: "
                + "push it first (git push \(remote) \(branch))"
        case .commitNotOnSource(let commit, let stage, let branch, let remote):
            return "--commit \(commit) is not on \(remote)/\(branch) (stage '\(stage)'); promote only promotes what "
                + "the remote has: pass a commit of \(remote)/\(branch), or push it first"
        case .unreviewedHooks(let stage, let commit, let secret, let reason):
            return
                "not running \(stage)'s test hooks on \(commit): this job holds secrets (\(secret)) and the commit's "
                + "approvals do not pass (\(reason)); unreviewed code does not run where secrets are: approve it first, "
                + "or run the hooks where no secret is set (a pull-request job, your laptop)"
        case .preflightFailed(let stage, let commit, let detail):
            return "not promoting into \(stage): its deploy of \(commit) could not start: \(detail); nothing was "
                + "changed (--no-deploy moves the branch without deploying)"
        case .noRemote(let remote):
            return
                "remote '\(remote)' is not configured; add it with 'git remote add \(remote) URL' or pass --remote NAME"
        case .noSigningKey:
            return "no signing key: pass --key ~/.ssh/id_ed25519 (your SSH private key) or set it once with "
                + "'git config --global user.signingkey ~/.ssh/id_ed25519'"
        case .signingKeyNotFound(let path):
            return "signing key \(path) does not exist; pass --key PATH or fix git config user.signingkey"
        case .sshKeygenMissing:
            return "ssh-keygen not found on PATH; install OpenSSH (apt-get install openssh-client) to sign and verify "
                + "approvals"
        case .signingFailed(let key, let detail):
            return "ssh-keygen could not sign with \(key): \(detail); check the key (a passphrase needs a terminal "
                + "or ssh-agent)"
        case .noAllowedSigners(let stage, let branch, let commit):
            return "stage '\(stage)': stages/allowed_signers does not exist on branch \(branch) at \(commit), so "
                + "nobody can approve; add it (git's allowed_signers format) and bring it onto \(branch)"
        case .keyNotListed(let stage, let branch, let commit):
            return "stage '\(stage)': your key is not in stages/allowed_signers on branch \(branch) at \(commit); "
                + "add a line '<your email> <your public key>' there and bring it onto \(branch)"
        case .onlyPatternPrincipals(let patterns, let stage):
            return "stage '\(stage)': your key matches only the pattern(s) \(patterns.joined(separator: ", ")) in "
                + "stages/allowed_signers; list your email explicitly so an approval names who gave it"
        case .keyUnderSeveralNames(let key, let names, let stage):
            return "stage '\(stage)': your key \(key) is listed under \(names.count) names in stages/allowed_signers "
                + "(\(names.joined(separator: ", "))); one key names one person, so remove all but one of its lines"
        case .approvalRefused(let stage, let commit, let reason):
            return "approval for \(stage) at \(commit) not recorded: \(reason)"
        case .rulesUnreadable(let stage, let commit, let reason):
            return "stage '\(stage)': its gate rules at \(commit) cannot be read: \(reason)"
        case .exportFailed(let commit, let detail):
            return "could not export commit \(commit) into a temporary directory: \(detail)"
        case .hookFailedToStart(let hook, let detail):
            return "hook '\(hook)' could not be started: \(detail)"
        case .cannotWrite(let path, let detail):
            return "cannot write \(path): \(detail)"
        case .bareRepository:
            return "promote init needs a working tree; run it in a clone, not in a bare repository"
        case .noCommits:
            return "the repository has no commits yet; commit your ML content first (git commit), then run promote init"
        case .noDevBranch(let branch):
            return "branch '\(branch)' does not exist; pass an existing branch to --dev-branch"
        case .demoStepFailed(let command, let status):
            return "the demo stopped: '\(command)' exited with \(status) (see its output above); the demo directory "
                + "is left as it was for inspection"
        case .notHeld(let stage):
            return "\(stage) is not held: there is nothing to release (promote status shows holds)"
        case .releaseRefused(let stage, let reason):
            return "release of \(stage) refused: \(reason); the stage stays held and nothing was recorded"
        case .noTenantDeclaration(let stage):
            return "stage '\(stage)' declares no tenant (aicore.tenant in stages/\(stage).json); declare its repository "
                + "and secrets there (README, Tenants as code), then run promote setup \(stage) again"
        case .tenantVariablesMissing(let stage, let variables):
            let list = variables.joined(separator: ", ")
            return "stage '\(stage)' needs the environment variable\(variables.count == 1 ? "" : "s") \(list) for its "
                + "tenant declaration (aicore.tenant); set \(variables.count == 1 ? "it" : "them") from the CI secret store "
                + "or your shell; nothing was sent to AI Core"
        case .recordsUnavailable(let stage, let remote, let detail):
            return "not deploying \(stage): promote's records (refs/notes/promote/*) could not be fetched from \(remote) "
                + "(\(detail)), so its holds cannot be checked; give the job read access to \(remote) (PROMOTE_GIT_TOKEN "
                + "on a CI) and run it again; nothing was changed"
        case .rollbackTargetRefused(let stage, let reason):
            return "rollback of \(stage) refused: \(reason); nothing was changed"
        }
    }
}
