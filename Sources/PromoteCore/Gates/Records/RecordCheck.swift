import PromoteModel

/// Whether a test or deploy record counts for a gate: signed by a key that the rules' `allowed_signers` lists for
/// records of the record's stage, or, where the judged stage does not require signed records (`gates.signed_records`),
/// unsigned. A record whose signature does not verify never counts: it was changed, copied or signed by a stranger.
struct RecordCheck {
    let context: GateContext
    /// `requiresSignedRecords` of the stage's rules.
    let required: Bool

    struct Verdict {
        /// Who signed it, when the signature verified.
        let signer: String?
        /// Why it does not count; nil when it does.
        let problem: String?
    }

    func check(_ record: JSONObject, stage: String) throws -> Verdict {
        guard RecordSignature.signature(of: record) != nil else {
            if required {
                return Verdict(
                    signer: nil,
                    problem:
                        "unsigned; \(context.stage.name) requires signed records (gates.signed_records): write them with a record key (PROMOTE_RECORD_KEY on CI, git config user.signingkey locally)"
                )
            }
            return Verdict(signer: nil, problem: nil)
        }
        switch try context.verifier.signer(
            of: record, stage: stage, allowedSigners: context.rules.allowedSigners, source: context.rulesLocation)
        {
        case .success(let signer): return Verdict(signer: signer, problem: nil)
        case .failure(let problem): return Verdict(signer: nil, problem: problem.message)
        }
    }
}
