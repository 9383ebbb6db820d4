public import PromoteGit
public import PromoteModel

/// The commits a gate judges for commit C entering stage S, and the commit whose rules apply.
///
/// - S's branch head is not C (a promotion about to happen): the commits in `head(S)..C`; rules from `head(S)`.
/// - S's head is C and a promotion record on C names S's previous head `old`: `old..C`; rules from `old`.
/// - else the last successful deploy `D` of S to an ancestor of C: `D..C`; rules from `D`.
/// - else just C, with rules from C itself (nothing earlier is known about S; the report says so).
///
/// So the rules are always those S had before C arrived: a commit cannot weaken the gate it must pass, even when it
/// reached the branch without promote.
public struct PromotedRange: Sendable, Equatable {
    public enum Basis: String, Codable, Sendable {
        case branchHead = "branch_head"
        case promotion
        case lastDeploy = "last_deploy"
        case commitOnly = "commit_only"
    }

    public let basis: Basis
    /// The excluded end of the range, whose rules apply; nil for `commitOnly`.
    public let base: OID?
    /// Newest first.
    public let commits: [Commit]

    public init(basis: Basis, base: OID?, commits: [Commit]) {
        self.basis = basis
        self.base = base
        self.commits = commits
    }

    /// The range for `commit` entering `stage`, whose branch head is `head`.
    public static func resolve(repository: Repository, stage: Stage, head: OID, commit: OID) throws -> PromotedRange {
        if head != commit {
            return PromotedRange(
                basis: .branchHead, base: head, commits: try repository.commits(from: head, to: commit))
        }
        if let old = try PromotionRecord.previousHead(of: stage.name, promotedTo: commit, in: repository) {
            return PromotedRange(basis: .promotion, base: old, commits: try repository.commits(from: old, to: commit))
        }
        if let deployed = try DeploymentRecord.lastSuccessfulDeploy(of: stage.name, before: commit, in: repository) {
            return PromotedRange(
                basis: .lastDeploy, base: deployed, commits: try repository.commits(from: deployed, to: commit))
        }
        return PromotedRange(basis: .commitOnly, base: nil, commits: [try repository.commit(commit)])
    }

    /// The commit whose stage files and allowed_signers judge: the base, or the commit itself without one.
    public func rulesCommit(for commit: OID) -> OID { base ?? commit }

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
