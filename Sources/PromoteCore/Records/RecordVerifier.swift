import Foundation
import PromoteModel

/// Checks the signatures of promote's records against an `allowed_signers` file, remembering each answer: a gate
/// judgement verifies the same lines several times (anchors, upstream deploys, tests).
final class RecordVerifier {
    let keygen: SSHKeygen?
    private let scratch: ScratchDirectory
    private var signerFiles: [Data: String] = [:]
    private var signerIndexes: [Data: SignerIndex] = [:]
    private var answers: [Question: Result<String, RecordProblem>] = [:]

    private struct Question: Hashable {
        let stage: String
        let allowedSigners: Data?
        let source: String
        let signature: String
        let payload: Data
    }

    init(keygen: SSHKeygen? = SSHKeygen.locate()) throws {
        self.keygen = keygen
        scratch = try ScratchDirectory("records")
    }

    /// Who signed `record` (a line of a note about `stage`), by `allowedSigners` as read at `source` (e.g. "tst at
    /// 1a2b3c4"); the failure says why the record does not count: unsigned, changed after signing, signed by a key
    /// the file does not list for that stage's records, or signed for another stage.
    func signer(of record: JSONObject, stage: String, allowedSigners: Data?, source: String) throws -> Result<
        String, RecordProblem
    > {
        guard let signature = RecordSignature.signature(of: record) else {
            return .failure(RecordProblem("unsigned"))
        }
        let payload = RecordSignature.payload(record)
        let memo = Question(
            stage: stage, allowedSigners: allowedSigners, source: source, signature: signature, payload: payload)
        if let known = answers[memo] { return known }
        let answer = try check(
            payload, signature: signature, stage: stage, allowedSigners: allowedSigners, source: source)
        answers[memo] = answer
        return answer
    }

    private func check(_ payload: Data, signature: String, stage: String, allowedSigners: Data?, source: String)
        throws -> Result<String, RecordProblem>
    {
        guard let keygen else {
            return .failure(RecordProblem("cannot be verified: ssh-keygen not found (install openssh-client)"))
        }
        let namespace = RecordSignature.namespace(for: stage)
        guard let signingKey = try keygen.signingKey(payload, signature: signature, namespace: namespace, scratch: scratch)
        else {
            return .failure(
                RecordProblem("bad signature: changed after it was signed, or not signed as a record of \(stage)"))
        }
        guard let allowedSigners else {
            return .failure(RecordProblem("stages/allowed_signers does not exist on \(source), so no signer is allowed"))
        }
        let file = try signersFile(allowedSigners)
        // Named principals only: a pattern (*@example.com) would let one key speak for anyone. Every line that lists
        // the key counts (find-principals stops at the first), so one key may sign as ci-tst and, elsewhere, ci-prd.
        let signers = signerIndex(allowedSigners)
        var principals = signers.names(forFingerprint: signingKey)
        if principals.isEmpty { principals = signers.certificateAuthorityNames }
        guard !principals.isEmpty else {
            return .failure(
                RecordProblem("signed by a key that stages/allowed_signers on \(source) does not list by name"))
        }
        var refusal = ""
        for principal in principals {
            switch try keygen.verify(
                payload, signature: signature, namespace: namespace, principal: principal, allowedSigners: file,
                scratch: scratch)
            {
            case .verified: return .success(principal)
            case .refused(let reason): refusal = reason
            }
        }
        return .failure(
            RecordProblem(
                "signer \(principals.joined(separator: ", ")) may not sign records of \(stage) by stages/allowed_signers on \(source) (\(refusal))"
            ))
    }

    private func signerIndex(_ data: Data) -> SignerIndex {
        if let index = signerIndexes[data] { return index }
        let index = SignerIndex(data)
        signerIndexes[data] = index
        return index
    }

    private func signersFile(_ data: Data) throws -> String {
        if let file = signerFiles[data] { return file }
        let file = try scratch.write(data, to: "allowed_signers-\(signerFiles.count)")
        signerFiles[data] = file
        return file
    }
}
