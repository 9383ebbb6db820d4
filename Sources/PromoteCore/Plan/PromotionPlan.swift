import Foundation
public import PromoteModel

/// What promoting one stage into another would do: `promote plan <from> <to>`. Its JSON form (schema
/// `promote.plan/v1`) is documented in docs/json/plan.md and stable: fields are only ever added. The same repository
/// state always gives the same document (nothing in it depends on the clock or on ordering accidents).
public struct PromotionPlan: Codable, Equatable, Sendable {
    public var schema = "promote.plan/v1"
    public let from: PlanStage
    public let to: PlanStage
    /// Whether `from` is `to`'s upstream in the stage graph (what `promote <from> <to>` requires).
    public let directUpstream: Bool
    public let branches: BranchRelation
    /// The commits `to` would receive, newest first (empty when up to date).
    public let commits: [CommitSummary]
    public let templates: TemplateSection
    public let config: ConfigSection
    public let checks: CheckSection
    public var gates: GateSection
    /// The raw unified diff of the templates folder and the deploy config files, only with `--patch`.
    public var patch: String?

    enum CodingKeys: String, CodingKey {
        case schema, from, to, branches, commits, templates, config, checks, gates, patch
        case directUpstream = "direct_upstream"
    }

    /// Whether the static checks found an error (warnings do not block).
    public var hasCheckErrors: Bool { checks.errors > 0 }
}

/// One side of the plan.
public struct PlanStage: Codable, Equatable, Sendable {
    public let stage: String
    public let branch: String
    public let head: CommitSummary
}

/// How the two branches relate.
public struct BranchRelation: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// `to` is an ancestor of `from`: it can fast-forward.
        case fastForward = "fast_forward"
        /// `to` already contains `from`'s head.
        case upToDate = "up_to_date"
        /// Each has commits the other lacks: no fast-forward.
        case diverged
    }

    public let status: Status
    /// Commits on `from` that `to` lacks.
    public let ahead: Int
    /// Commits on `to` that `from` lacks (non-zero when diverged, or when `to` is ahead).
    public let behind: Int
    /// Why a fast-forward is impossible, in words; nil when it is possible or not needed.
    public let reason: String?
    /// When diverged: the commits only on `to`, newest first.
    public let onlyOnTarget: [CommitSummary]

    enum CodingKeys: String, CodingKey {
        case status, ahead, behind, reason
        case onlyOnTarget = "only_on_target"
    }
}

/// The semantic template diff.
public struct TemplateSection: Codable, Equatable, Sendable {
    /// The folder compared (the target stage's `aicore.templates_path`).
    public let path: String
    public let executables: [ExecutableChange]
}

/// One executable that differs.
public struct ExecutableChange: Codable, Equatable, Sendable {
    public let id: String
    public let status: ExecutableDiff.Status
    public let kind: ExecutableTemplate.Kind
    public let file: String
    public let scenarioID: String?
    public let changes: [PartChange]

    enum CodingKeys: String, CodingKey {
        case id, status, kind, file, changes
        case scenarioID = "scenario_id"
    }
}

/// One part of an executable that changed.
public struct PartChange: Codable, Equatable, Sendable {
    public let part: TemplateChange.Part
    public let subject: String
    public let summary: String
    public let before: String?
    public let after: String?
}

/// The semantic diff of the deploy config as it applies to the target stage (base plus its overlay).
public struct ConfigSection: Codable, Equatable, Sendable {
    public let file: String
    public let overlay: String?
    /// Changed top-level settings (`clean_up`).
    public let settings: [ValueChange]
    public let entries: [ConfigEntryChange]
    /// Why the config could not be compared (unreadable JSON on one side); nil normally.
    public let unreadable: String?
}

public struct ConfigEntryChange: Codable, Equatable, Sendable {
    public let section: DeployConfigDiff.Section
    public let name: String
    public let status: ExecutableDiff.Status
    public let changes: [ValueChange]
}

/// A field that changed: path, old and new value in display form.
public struct ValueChange: Codable, Equatable, Sendable {
    public let path: String
    public let before: String?
    public let after: String?
}

/// The static checks of `from`'s config and templates, as `to` would deploy them.
public struct CheckSection: Codable, Equatable, Sendable {
    public let errors: Int
    public let warnings: Int
    public let problems: [CheckProblem]
}

public struct CheckProblem: Codable, Equatable, Sendable {
    public let severity: TemplateProblem.Severity
    public let file: String
    public let line: Int?
    public let path: String
    public let message: String
    public let executableID: String?

    enum CodingKeys: String, CodingKey {
        case severity, file, line, path, message
        case executableID = "executable_id"
    }

    /// `file:line: path: message`, the way compilers print problems.
    public var location: String {
        [file + (line.map { ":\($0)" } ?? ""), path].filter { !$0.isEmpty }.joined(separator: ": ")
    }
}

/// The target stage's gates for `from`'s head.
public struct GateSection: Codable, Equatable, Sendable {
    /// Whether gates were evaluated at all.
    public let evaluated: Bool
    /// Whether every gate passes (true when there are none).
    public let passed: Bool
    /// One line per gate, or why nothing was evaluated.
    public let lines: [String]
    /// Each gate with its evidence, as `promote gate --json` has them (for a metric rule: both numbers and where
    /// they came from); nil when nothing was evaluated.
    public let results: [GateResult]?

    public init(evaluated: Bool, passed: Bool, lines: [String], results: [GateResult]? = nil) {
        self.evaluated = evaluated
        self.passed = passed
        self.lines = lines
        self.results = results
    }
}

