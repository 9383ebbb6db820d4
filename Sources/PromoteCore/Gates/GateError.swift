public import Foundation

/// Problems that stop an approval, a test run or a gate evaluation from starting; each one actionable line.
///
/// A gate that does not pass is not an error: it is a blocked verdict in the `GateReport`.
public enum GateError: Error, Equatable, Sendable {
    case noSigningKey
    case signingKeyNotFound(path: String)
    case sshKeygenMissing
    case signingFailed(key: String, detail: String)
    case noAllowedSigners(stage: String, branch: String, commit: String)
    case keyNotListed(stage: String, branch: String, commit: String)
    case onlyPatternPrincipals(patterns: [String], stage: String)
    case approvalRefused(stage: String, commit: String, reason: String)
    case rulesUnreadable(stage: String, commit: String, reason: String)
    case exportFailed(commit: String, detail: String)
    case hookFailedToStart(hook: String, detail: String)
    case cannotWrite(path: String, detail: String)
}

extension GateError: LocalizedError {
    public var errorDescription: String? {
        switch self {
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
        }
    }
}
