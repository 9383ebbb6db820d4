public import PromoteGit
public import PromoteModel

/// What a gate judgement of one commit for one stage rests on: the stage's branch head, the promoted range, and the
/// rules read from the range's base.
public struct GateContext {
    /// The stage as the workspace knows it (its branch).
    public let stage: Stage
    public let head: OID
    public let commit: OID
    public let range: PromotedRange
    public let rules: GateRules

    /// Resolves the head of `stageName`'s branch, the range (unless given) and the rules at its base.
    public static func resolve(
        repository: Repository, stages: StageSet, stage stageName: String, commit: OID, range: PromotedRange? = nil
    ) throws -> GateContext {
        let stage = try stages.stage(named: stageName)
        let head = try StageDeployment.resolveCommit(repository, stage: stage, revision: nil)
        let range = try range ?? PromotedRange.resolve(repository: repository, stage: stage, head: head, commit: commit)
        let rules = try GateRules.load(repository, stageName: stage.name, at: range.rulesCommit(for: commit))
        return GateContext(stage: stage, head: head, commit: commit, range: range, rules: rules)
    }

    /// The commit `promote approve|gate|test <stage>` judge without `--commit`: the head of the upstream stage's
    /// branch (what the next promotion would bring), or the stage's own head for an entry stage.
    public static func defaultCommit(repository: Repository, stages: StageSet, stage stageName: String) throws -> OID {
        let stage = try stages.stage(named: stageName)
        let source = stages.upstream(of: stage) ?? stage
        return try StageDeployment.resolveCommit(repository, stage: source, revision: nil)
    }

    /// "tst at 1a2b3c4": where the rules were read, for messages.
    public var rulesLocation: String { "\(stage.branch) at \(rules.commit.short)" }

    var rulesSource: RulesSource {
        RulesSource(
            branch: stage.branch, head: head.hex, commit: rules.commit.hex,
            warning: range.basis == .commitOnly
                ? "no earlier state of \(stage.name) is recorded (no promotion or deploy record), so its rules are read from the judged commit itself"
                : nil)
    }

    var rangeSummary: RangeSummary {
        RangeSummary(
            basis: range.basis, base: range.base?.hex, commits: range.commits.map(\.oid.hex),
            people: range.people.keys.sorted())
    }
}
