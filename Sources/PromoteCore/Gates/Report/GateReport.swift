/// Every gate of a stage judged for one commit, with the evidence behind each verdict (schema `promote.gate/v1`,
/// docs/json/gate.md).
public struct GateReport: Codable, Sendable, Equatable {
    public var schema = "promote.gate/v1"
    public var stage: String
    public var commit: String
    public var upstream: String?
    /// `pass` only when every gate passes.
    public var verdict: GateVerdict
    public var rules: RulesSource
    public var range: RangeSummary
    public var gates: [GateResult]
    /// When the judgement was made (ISO 8601 UTC); approvals expire relative to it.
    public var evaluatedAt: String

    public var passed: Bool { verdict == .pass }

    /// The gates that block, in report order.
    public var blocking: [GateResult] { gates.filter { $0.verdict == .blocked } }

    enum CodingKeys: String, CodingKey {
        case schema, stage, commit, upstream, verdict, rules, range, gates
        case evaluatedAt = "evaluated_at"
    }
}

public enum GateVerdict: String, Codable, Sendable {
    case pass
    case blocked
}

/// Where the rules were read: the stage's branch at a commit (DESIGN.md §6).
public struct RulesSource: Codable, Sendable, Equatable {
    public var branch: String
    /// The stage branch's head now.
    public var head: String
    /// The commit whose `stages/<stage>.json` and `stages/allowed_signers` were used.
    public var commit: String
    /// Set when the rules are not read where signed records say the stage stood (the branch head or the judged
    /// commit itself is used because no signed record of the stage exists yet), or the head is not such a commit.
    public var warning: String?

    enum CodingKeys: String, CodingKey {
        case branch, head, commit, warning
    }
}

/// The promoted range (see `PromotedRange`).
public struct RangeSummary: Codable, Sendable, Equatable {
    public var basis: PromotedRange.Basis
    public var base: String?
    /// Newest first.
    public var commits: [String]
    /// Authors and committers of those commits (lower-cased emails, sorted).
    public var people: [String]

    enum CodingKeys: String, CodingKey {
        case basis, base, commits, people
    }
}

/// One gate's verdict, why, and the records judged.
public struct GateResult: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case rules, approvals, test, merge, records, metric, hold, freeze
        case deployedUpstream = "deployed_upstream"
    }

    /// `approvals`, `test:<hook>`, `deployed_upstream`, `metric:<execution>/<metric>` (one per rule of
    /// `gates.metrics`), `hold` (the stage is held), `freeze` or `freeze:<window>` (`gates.freeze`), `merge` (a merge promote made adds nothing of its own), `records` (the signed records that
    /// locate the rules cannot be trusted), or `rules` when the rules themselves cannot be read.
    public var name: String
    public var kind: Kind
    public var verdict: GateVerdict
    public var reason: String
    public var approvals: [JudgedApproval]?
    public var tests: [JudgedTestRecord]?
    public var deployments: [JudgedDeployment]?
    /// For a metric gate: the rule, and the numbers it judged with where each came from.
    public var metric: JudgedMetric?
    /// For the hold gate: the open holds and rollbacks.
    public var hold: [StageHold.Event]?
    /// For a freeze gate: the window that is on, and the break-glass that passed it.
    public var freeze: JudgedFreeze?

    enum CodingKeys: String, CodingKey {
        case name, kind, verdict, reason, approvals, tests, deployments, metric, hold, freeze
    }
}

/// A model-quality rule and the values it was judged on.
public struct JudgedMetric: Codable, Sendable, Equatable {
    /// The rule's execution (a configuration name or executable ID) and metric.
    public var execution: String
    public var metric: String
    /// The rule in words (`auc >= 0.8`, `auc no worse than current by more than 0.005`).
    public var bound: String
    public var min: Double?
    public var max: Double?
    /// `current` when the rule compares with the model the stage runs now.
    public var compare: String?
    /// `higher` or `lower`: which way the metric improves.
    public var better: String
    public var maxRegression: Double
    /// The candidate's value and where it was recorded; nil when no deploy of the candidate counts.
    public var candidate: MetricEvidence?
    /// The current model's value (compare rules); nil when there is none to compare with.
    public var current: MetricEvidence?

    enum CodingKeys: String, CodingKey {
        case execution, metric, bound, min, max, compare, better, candidate, current
        case maxRegression = "max_regression"
    }
}

/// A metric value as a deploy record holds it.
public struct MetricEvidence: Codable, Sendable, Equatable {
    /// The commit whose deploy recorded it, the stage it was deployed to and when that deploy finished.
    public var commit: String
    public var stage: String
    public var finishedAt: String
    /// The execution that logged it (its AI Core ID and configuration name); nil when the record has no such
    /// execution.
    public var executionID: String?
    public var configuration: String?
    /// The value at the last step; nil when the execution did not log the metric.
    public var value: Double?
    public var step: Int?

    enum CodingKeys: String, CodingKey {
        case commit, stage, configuration, value, step
        case finishedAt = "finished_at"
        case executionID = "execution_id"
    }
}

/// Whether a record counts towards its gate.
public enum EvidenceVerdict: String, Codable, Sendable {
    case accepted
    case rejected
}

/// An approval record and what the gate made of it.
public struct JudgedApproval: Codable, Sendable, Equatable {
    public var approver: String?
    /// The signing key's fingerprint (`SHA256:...`), once the signature verified.
    public var key: String?
    public var at: String?
    public var comment: String?
    public var revoke: Bool
    public var stage: String?
    public var commit: String?
    public var verdict: EvidenceVerdict
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case approver, key, at, comment, revoke, stage, commit, verdict, reason
    }
}

/// A recorded hook run and what the gate made of it.
public struct JudgedTestRecord: Codable, Sendable, Equatable {
    public var hook: String
    public var stage: String?
    public var commit: String?
    public var digest: String?
    public var outcome: String?
    public var exitCode: Int?
    public var durationSeconds: Double?
    public var finishedAt: String?
    /// Who signed the record, once its signature verified.
    public var signer: String?
    public var verdict: EvidenceVerdict
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case hook, stage, commit, digest, outcome, signer, verdict, reason
        case exitCode = "exit_code"
        case durationSeconds = "duration_seconds"
        case finishedAt = "finished_at"
    }
}

/// A deploy record and what the gate made of it.
public struct JudgedDeployment: Codable, Sendable, Equatable {
    public var stage: String
    public var commit: String
    public var outcome: String
    public var finishedAt: String
    /// Who signed the record, once its signature verified.
    public var signer: String?
    public var verdict: EvidenceVerdict
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case stage, commit, outcome, signer, verdict, reason
        case finishedAt = "finished_at"
    }
}
