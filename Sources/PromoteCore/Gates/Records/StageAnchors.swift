import Foundation
import PromoteGit
import PromoteModel

/// Where a stage provably stood: the commits that signed records say entered it through promote (a promotion) or
/// were deployed to it, checked as a chain. The rules of a stage are only ever read at one of these commits (or, before
/// the stage has any signed record, at its branch head), so a push around promote or a forged record cannot choose the
/// rules a commit is judged by.
///
/// The chain: records are taken in topological order of their commits; the first that verifies against the
/// `allowed_signers` at its own base (a promotion's rules commit, a deploy's commit) is the root, and each later
/// one must descend from the current anchor and verify against the `allowed_signers` at that anchor. A record signed by
/// a key that a pushed commit added to its own `allowed_signers` therefore never counts. A second, unrelated root (a
/// history grafted in with a merge) makes the anchors unusable: the gate blocks rather than guess which to trust.
struct StageAnchors {
    enum Kind: Equatable {
        case promotion
        case deployment
    }

    /// A signed record of the stage: a candidate until its signature is checked, an anchor once it holds.
    struct Anchor {
        let commit: OID
        let kind: Kind
        /// A promotion's rules commit (`base`, else `old`); nil for deploys.
        let base: OID?
        /// For a promotion made with `--merge`: the source head it merged.
        let merged: OID?
        let at: String
        let record: JSONObject
        /// Who signed it; set once the signature verified.
        var signer: String?
    }

    /// The anchors that hold, oldest first; each is the previous one or descends from it.
    let chain: [Anchor]
    /// Records of the stage on the ancestry that carry no signature (written without a record key).
    let unsigned: Int
    /// Signed records of the stage on the ancestry that did not verify, with why (newest last).
    let rejected: [String]
    /// Set when two unrelated roots were found: the anchors cannot be trusted.
    let conflict: String?

    /// The newest anchor at or below `tip`.
    var newest: Anchor? { chain.last }

    /// Whether any record of the stage exists at or below the tip, signed or not.
    var hasRecords: Bool { !chain.isEmpty || unsigned > 0 || !rejected.isEmpty || conflict != nil }

    /// The anchors of `stage` on the ancestry of `tip` (inclusive).
    static func resolve(
        stage: Stage, upTo tip: OID, repository: Repository, verifier: RecordVerifier
    ) throws -> StageAnchors {
        var unsigned = 0
        var found: [Anchor] = []
        for (commit, lines) in try repository.noteHistory(notesRef: PromotionRecord.notesRef) {
            for line in lines {
                guard let record = try? JSONValue(parsing: Array(line.utf8)).objectValue,
                    record["kind"]?.stringValue == "promotion", record["to"]?.stringValue == stage.name,
                    record["new"]?.stringValue == commit.hex
                else { continue }
                let base = (record["base"]?.stringValue ?? record["old"]?.stringValue).flatMap(OID.init(hex:))
                guard RecordSignature.signature(of: record) != nil else {
                    unsigned += 1
                    continue
                }
                found.append(
                    Anchor(
                        commit: commit, kind: .promotion, base: base,
                        merged: record["merged"]?.stringValue.flatMap(OID.init(hex:)),
                        at: record["at"]?.stringValue ?? "", record: record))
            }
        }
        for (commit, lines) in try repository.noteHistory(notesRef: StageDeployment.notesRef) {
            for line in lines {
                guard let record = try? JSONValue(parsing: Array(line.utf8)).objectValue,
                    record["stage"]?.stringValue == stage.name, record["commit"]?.stringValue == commit.hex,
                    record["outcome"]?.stringValue == "succeeded"
                else { continue }
                guard RecordSignature.signature(of: record) != nil else {
                    unsigned += 1
                    continue
                }
                found.append(
                    Anchor(
                        commit: commit, kind: .deployment, base: nil, merged: nil,
                        at: record["finished_at"]?.stringValue ?? "", record: record))
            }
        }
        guard !found.isEmpty else {
            return StageAnchors(chain: [], unsigned: unsigned, rejected: [], conflict: nil)
        }
        // Oldest first in topological order; records on commits outside the tip's history do not matter.
        let ancestry = try repository.ancestry(of: tip)
        var position: [OID: Int] = [:]
        for (index, oid) in ancestry.enumerated() { position[oid] = ancestry.count - index }
        let ordered = found.filter { position[$0.commit] != nil }.sorted {
            (position[$0.commit] ?? 0, $0.kind == .promotion ? 0 : 1, $0.at)
                < (position[$1.commit] ?? 0, $1.kind == .promotion ? 0 : 1, $1.at)
        }
        var chain: [Anchor] = []
        var rejected: [String] = []
        var signers: [OID: Data?] = [:]
        func allowedSigners(at commit: OID) throws -> Data? {
            if let known = signers[commit] { return known }
            let data = try repository.file(at: commit, path: GateRules.allowedSignersPath)
            signers[commit] = data
            return data
        }
        for candidate in ordered {
            let what = "\(candidate.kind == .promotion ? "promotion" : "deploy") record on \(candidate.commit.short)"
            let rulesCommit: OID
            if let current = chain.last {
                guard try current.commit == candidate.commit || repository.isAncestor(current.commit, of: candidate.commit)
                else {
                    // Not on the chain. Harmless when it is older than the anchor; a second root is not.
                    if try repository.isAncestor(candidate.commit, of: current.commit) { continue }
                    let own = candidate.base ?? candidate.commit
                    if case .success = try verifier.signer(
                        of: candidate.record, stage: stage.name, allowedSigners: try allowedSigners(at: own),
                        source: "\(stage.branch) at \(own.short)")
                    {
                        let conflict =
                            "\(what) starts a second, unrelated chain of signed records of \(stage.name) (the first starts at \(chain[0].commit.short)); a history was grafted into \(stage.branch)"
                        return StageAnchors(chain: [], unsigned: unsigned, rejected: rejected, conflict: conflict)
                    }
                    rejected.append("\(what): not on the chain of signed records of \(stage.name)")
                    continue
                }
                rulesCommit = current.commit
            } else {
                rulesCommit = candidate.base ?? candidate.commit
            }
            if let base = candidate.base, try !(base == candidate.commit || repository.isAncestor(base, of: candidate.commit)) {
                rejected.append("\(what): its base \(base.short) is not an ancestor")
                continue
            }
            switch try verifier.signer(
                of: candidate.record, stage: stage.name, allowedSigners: try allowedSigners(at: rulesCommit),
                source: "\(stage.branch) at \(rulesCommit.short)")
            {
            case .success(let signer):
                var anchor = candidate
                anchor.signer = signer
                chain.append(anchor)
            case .failure(let problem):
                rejected.append("\(what): \(problem.message)")
            }
        }
        return StageAnchors(chain: chain, unsigned: unsigned, rejected: rejected, conflict: nil)
    }
}
