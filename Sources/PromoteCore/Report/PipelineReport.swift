import Foundation

/// Everything `promote report` shows: every stage's state, each pending promotion with its plan and what would unblock
/// it, and each stage's history and metrics. Its JSON form (schema `promote.report/v1`, docs/json/report.md) nests the
/// documents `status --json`, `plan --json`, `history --json` and `metrics --json` print, unchanged, so one reader
/// serves both; fields are only ever added.
public struct PipelineReport: Codable, Equatable, Sendable {
    public var schema = "promote.report/v1"
    /// When the report was made (ISO 8601, UTC); the only field that depends on the clock besides gate verdicts.
    public let generatedAt: String
    /// `promote status --json`.
    public let status: StatusReport
    /// One per stage, in the order of `status.stages`.
    public let stages: [StageOverview]
    /// Each stage that lacks some of its upstream's commits, in graph order.
    public let promotions: [PendingPromotion]

    enum CodingKeys: String, CodingKey {
        case schema, status, stages, promotions
        case generatedAt = "generated_at"
    }
}

/// One stage's marks, its latest deploy, history and metrics.
public struct StageOverview: Codable, Equatable, Sendable {
    /// Why the stage needs attention, in a fixed order; empty when nothing does.
    public enum Mark: String, Codable, Sendable, CaseIterable {
        /// A promotion into it is pending and a gate blocks it (or its checks fail).
        case blocked
        /// It has commits its upstream lacks: no fast-forward.
        case diverged
        /// An open hold or rollback (`promote hold`, `promote rollback`).
        case held
        /// A freeze window of `gates.freeze` is on now.
        case frozen
        /// Its latest deploy on record failed.
        case deployFailed = "deploy_failed"
    }

    public let name: String
    public let marks: [Mark]
    /// The latest deploy on record, whatever its outcome; nil when the stage was never deployed.
    public let lastDeploy: DeployAttempt?
    /// Whether the last successful deploy (`status.stages[].deployed`) is the stage's head; nil when there is none.
    public let deployedIsHead: Bool?
    /// The freeze windows that are on now, each "name until <time>".
    public let frozenWindows: [String]
    /// `promote history <stage> --json`.
    public let history: StageHistory
    /// `promote metrics <stage> --json`; nil when the stage's rules cannot be read.
    public let metrics: StageMetrics?

    enum CodingKeys: String, CodingKey {
        case name, marks, history, metrics
        case lastDeploy = "last_deploy"
        case deployedIsHead = "deployed_is_head"
        case frozenWindows = "frozen_windows"
    }

    /// Absent values are written as `null`, so every key is always present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(marks, forKey: .marks)
        try container.encode(lastDeploy, forKey: .lastDeploy)
        try container.encode(deployedIsHead, forKey: .deployedIsHead)
        try container.encode(frozenWindows, forKey: .frozenWindows)
        try container.encode(history, forKey: .history)
        try container.encode(metrics, forKey: .metrics)
    }
}

/// A deploy as its record has it.
public struct DeployAttempt: Codable, Equatable, Sendable {
    public let commit: String
    /// `succeeded` or `failed`.
    public let outcome: String
    public let finishedAt: String
    /// The CI run that deployed, when recorded.
    public let run: String?

    enum CodingKeys: String, CodingKey {
        case commit, outcome, run
        case finishedAt = "finished_at"
    }
}

/// A promotion that would bring commits: its plan and, for each thing that stops it, the command that moves it on.
public struct PendingPromotion: Codable, Equatable, Sendable {
    public let from: String
    public let to: String
    /// Whether `promote <from> <to>` would go ahead now: fast-forward (or merge), no check errors, every gate passes.
    public let ready: Bool
    /// `promote plan <from> <to> --json`.
    public let plan: PromotionPlan
    /// What stops it and what to run, in the order of the plan's gates; when ready, one step: the promotion itself.
    public let steps: [UnblockStep]
}

/// One thing a pending promotion waits for, and the command that would deal with it.
public struct UnblockStep: Codable, Equatable, Sendable {
    /// The gate's name (`approvals`, `test:<hook>`, ...), or `branches`, `checks`, `promote`.
    public let gate: String
    /// What to do, in words.
    public let action: String
    /// The command to run; nil when no command can do it (a metric that must improve is fixed in the model).
    public let command: String?
}
