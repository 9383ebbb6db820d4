public import PromoteGit
public import PromoteModel

/// The commits a gate judges for commit C entering stage S, and the commit whose rules apply.
///
/// The rules' base is only ever a commit that signed records say entered S (see `StageAnchors`), so neither a push
/// around promote nor a forged record chooses the rules:
/// - C is not S's head (a promotion about to happen): the range `B..C` with rules from B, the newest anchored commit
///   at or below S's head (the head itself, unless it reached the branch without promote).
/// - C is S's head and a signed promotion record on C names its base B: `B..C`, rules from B. When that promotion
///   was a `--merge`, the source head F it merged is what is judged (`B..F`), and C must add nothing of its own.
/// - else the newest anchored proper ancestor B of C: `B..C`, rules from B.
/// - no signed record of S at all (a new stage, or records written before records were signed): the head's (or C's)
///   own rules, and the report says so.
public struct PromotedRange: Sendable, Equatable {
    public enum Basis: String, Codable, Sendable {
        case branchHead = "branch_head"
        case promotion
        /// The newest commit signed records say entered the stage (a deploy or promotion), below the head or commit.
        case lastDeploy = "last_deploy"
        case commitOnly = "commit_only"
    }

    public let basis: Basis
    /// The excluded end of the range, whose rules apply; nil for `commitOnly`.
    public let base: OID?
    /// Newest first.
    public let commits: [Commit]
    /// For a merge promote made with `--merge`: the source head it merged, whose records are judged.
    public let merged: OID?
    /// Why the base is not simply the branch head, for the report.
    public let warning: String?
    /// Set when the signed records cannot be trusted (two unrelated chains): nothing may enter.
    public let blocker: String?

    public init(
        basis: Basis, base: OID?, commits: [Commit], merged: OID? = nil, warning: String? = nil, blocker: String? = nil
    ) {
        self.basis = basis
        self.base = base
        self.commits = commits
        self.merged = merged
        self.warning = warning
        self.blocker = blocker
    }

    /// The range for `commit` entering `stage`, whose published branch head is `head`.
    static func resolve(
        repository: Repository, stage: Stage, head: OID, commit: OID, verifier: RecordVerifier
    ) throws -> PromotedRange {
        if head != commit {
            let anchors = try StageAnchors.resolve(stage: stage, upTo: head, repository: repository, verifier: verifier)
            if let conflict = anchors.conflict {
                return PromotedRange(
                    basis: .branchHead, base: head, commits: try repository.commits(from: head, to: commit),
                    blocker: conflict)
            }
            guard let anchor = anchors.newest else {
                return PromotedRange(
                    basis: .branchHead, base: head, commits: try repository.commits(from: head, to: commit),
                    warning: unanchored(stage, anchors, readAt: "its branch head \(head.short)"))
            }
            let warning =
                anchor.commit == head
                ? nil
                : "\(stage.branch)'s head \(head.short) did not enter \(stage.name) through promote (no signed record); the rules are read at \(anchor.commit.short), the last commit that did, and everything after it is judged"
            return PromotedRange(
                basis: anchor.commit == head ? .branchHead : .lastDeploy, base: anchor.commit,
                commits: try repository.commits(from: anchor.commit, to: commit), warning: warning)
        }
        let anchors = try StageAnchors.resolve(stage: stage, upTo: commit, repository: repository, verifier: verifier)
        if let conflict = anchors.conflict {
            return PromotedRange(
                basis: .commitOnly, base: nil, commits: [try repository.commit(commit)], blocker: conflict)
        }
        if let promotion = anchors.chain.last(where: { $0.commit == commit && $0.kind == .promotion }),
            let base = promotion.base, base != commit
        {
            let judged = promotion.merged ?? commit
            return PromotedRange(
                basis: .promotion, base: base, commits: try repository.commits(from: base, to: judged),
                merged: promotion.merged)
        }
        if let earlier = anchors.chain.last(where: { $0.commit != commit }) {
            return PromotedRange(
                basis: .lastDeploy, base: earlier.commit, commits: try repository.commits(from: earlier.commit, to: commit))
        }
        return PromotedRange(
            basis: .commitOnly, base: nil, commits: [try repository.commit(commit)],
            warning: unanchored(stage, anchors, readAt: "the judged commit \(commit.short) itself"))
    }

    private static func unanchored(_ stage: Stage, _ anchors: StageAnchors, readAt place: String) -> String {
        var text = "no signed record says where \(stage.name) stood before, so its rules are read at \(place)"
        if anchors.unsigned > 0 { text += " (\(anchors.unsigned) unsigned record\(anchors.unsigned == 1 ? "" : "s") ignored)" }
        if let last = anchors.rejected.last { text += "; rejected: \(last)" }
        return text
    }

    /// The commit whose stage files and allowed_signers judge: the base, or the commit itself without one.
    public func rulesCommit(for commit: OID) -> OID { base ?? commit }

    /// The commit whose records (approvals, tests, upstream deploys) are judged: for a merge promote made, the
    /// source head it merged; else the commit itself.
    public func judgedCommit(for commit: OID) -> OID { merged ?? commit }

    /// Everyone who authored or committed a commit of the range, by lower-cased email, with one commit each.
    public var people: [String: OID] {
        var people: [String: OID] = [:]
        for commit in commits.reversed() {
            for email in [commit.author.email, commit.committer.email] where !email.isEmpty {
                people[email.lowercased()] = people[email.lowercased()] ?? commit.oid
            }
        }
        return people
    }
}
