import Foundation

/// Checks that a payload was signed in a stage's approval namespace by the person it names, as the stage's
/// `allowed_signers` lists them: what approvals and hold releases both rest on.
struct ApproverSignature {
    let stage: String
    /// The allowed_signers file written to `scratch`; nil when the rules have none.
    let signersFile: String?
    let signers: SignerIndex
    /// Where the allowed_signers file was read, for messages (e.g. "prd at 1a2b3c4").
    let signersSource: String
    let keygen: SSHKeygen?
    let scratch: ScratchDirectory

    init(stage: String, allowedSigners: Data?, signersSource: String, keygen: SSHKeygen?, scratch: ScratchDirectory)
        throws
    {
        self.stage = stage
        signersFile = try allowedSigners.map { try scratch.write($0, to: "allowed_signers") }
        signers = SignerIndex(allowedSigners ?? Data())
        self.signersSource = signersSource
        self.keygen = keygen
        self.scratch = scratch
    }

    /// The signing key's fingerprint when `signature` over `payload` verifies for `principal`; else why not.
    /// `what` names the record in messages ("approval", "release").
    func verify(_ payload: Data, signature: String?, principal: String, what: String) throws
        -> Result<String, RecordProblem>
    {
        guard let signature, !signature.isEmpty else { return .failure(RecordProblem("missing signature")) }
        guard let keygen else {
            return .failure(RecordProblem("cannot be verified: ssh-keygen not found (install openssh-client)"))
        }
        let namespace = ApprovalRecord.namespace(for: stage)
        guard
            let signingKey = try keygen.signingKey(
                payload, signature: signature, namespace: namespace, scratch: scratch)
        else {
            return .failure(
                RecordProblem(
                    "bad signature: the record was changed after it was signed, or was not signed as a \(stage) \(what)"
                ))
        }
        guard let signersFile else {
            return .failure(
                RecordProblem("stages/allowed_signers does not exist on \(signersSource), so no signer is allowed"))
        }
        let fingerprint: String
        switch try keygen.verify(
            payload, signature: signature, namespace: namespace, principal: principal, allowedSigners: signersFile,
            scratch: scratch)
        {
        case .refused(let reason):
            return .failure(
                RecordProblem(
                    "signer \(principal) is not allowed to approve \(stage) by stages/allowed_signers on \(signersSource) (\(reason))"
                ))
        case .verified(let key):
            fingerprint = key
        }
        // A pattern such as *@example.com would let one key sign as many people; the signer must be listed by name,
        // and a key listed under two names would make one person count as two.
        let names = signers.names(forFingerprint: signingKey)
        if names.count > 1 {
            return .failure(
                RecordProblem(
                    "key \(signingKey) is listed under more than one name in stages/allowed_signers on \(signersSource) (\(names.joined(separator: ", "))): one key names one person, so remove all but one of its lines"
                ))
        }
        guard names == [principal] || (names.isEmpty && signers.certificateAuthorityNames.contains(principal)) else {
            return .failure(
                RecordProblem(
                    "signer \(principal) is not listed by name for this key in stages/allowed_signers on \(signersSource) (only a pattern matches)"
                ))
        }
        return .success(fingerprint)
    }
}
