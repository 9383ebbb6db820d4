public import PromoteGit
public import PromoteModel

/// What a gate judgement of one commit for one stage rests on: the stage's published branch head, the promoted
/// range, and the rules read from the range's base.
public struct GateContext {
    /// The stage as the workspace knows it (its branch).
    public let stage: Stage
    public let head: OID
    public let commit: OID
    public let range: PromotedRange
    public let rules: GateRules
    /// Checks record signatures for this judgement (and remembers the answers).
    let verifier: RecordVerifier

    /// Resolves the stage's head (unless given: by default what the remote has, `BranchHeads.published`), the range
    /// and the rules at its base.
    public static func resolve(
        repository: Repository, stages: StageSet, stage stageName: String, commit: OID, head: OID? = nil
    ) throws -> GateContext {
        let stage = try stages.stage(named: stageName)
        let head = try head ?? BranchHeads(repository, stage: stage, remote: NotesSync.defaultRemote).published
        let verifier = try RecordVerifier()
        let range = try PromotedRange.resolve(
            repository: repository, stage: stage, head: head, commit: commit, verifier: verifier)
        let rules = try GateRules.load(repository, stageName: stage.name, at: range.rulesCommit(for: commit))
        return GateContext(stage: stage, head: head, commit: commit, range: range, rules: rules, verifier: verifier)
    }

    /// The commit `promote approve|gate|test <stage>` judge without `--commit`: the published head of the upstream
    /// stage's branch (what the next promotion would bring), or the stage's own head for an entry stage.
    public static func defaultCommit(repository: Repository, stages: StageSet, stage stageName: String) throws -> OID {
        let stage = try stages.stage(named: stageName)
        let source = stages.upstream(of: stage) ?? stage
        return try BranchHeads(repository, stage: source, remote: NotesSync.defaultRemote).published
    }

    /// The commit whose records are judged (the merged source head for a merge promote made).
    public var judged: OID { range.judgedCommit(for: commit) }

    /// "tst at 1a2b3c4": where the rules were read, for messages.
    public var rulesLocation: String { "\(stage.branch) at \(rules.commit.short)" }

    var rulesSource: RulesSource {
        RulesSource(branch: stage.branch, head: head.hex, commit: rules.commit.hex, warning: range.warning)
    }

    var rangeSummary: RangeSummary {
        RangeSummary(
            basis: range.basis, base: range.base?.hex, commits: range.commits.map(\.oid.hex),
            people: range.people.keys.sorted())
    }
}
