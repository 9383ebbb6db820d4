import AICore
import Foundation
public import PromoteGit
public import PromoteModel

/// `promote metrics <stage>`: the metrics the stage's deploys recorded, newest first, each value with its change
/// from the previous deploy that counts. A record counts as gates count it: signed by a key the stage branch's
/// `allowed_signers` accepts for records (or unsigned, where the stage does not require signed records), so numbers
/// anyone could have written are shown as such and never used as the basis of a change. Schema
/// `promote.metrics/v1` (docs/json/metrics.md).
public struct StageMetrics: Codable, Equatable, Sendable {
    public var schema = "promote.metrics/v1"
    public let stage: String
    /// Only deploys of this commit, when `--commit` was given.
    public let commit: String?
    public let deploys: [Deploy]

    public struct Deploy: Codable, Equatable, Sendable {
        public let commit: String
        public let finishedAt: String
        public let outcome: String
        /// Whether gates would count the record, and who signed it (when its signature verified).
        public let counts: Bool
        public let signer: String?
        /// Why the record does not count; nil when it does.
        public let problem: String?
        public let executions: [Execution]

        enum CodingKeys: String, CodingKey {
            case commit, outcome, counts, signer, problem, executions
            case finishedAt = "finished_at"
        }
    }

    public struct Execution: Codable, Equatable, Sendable {
        public let id: String
        public let configuration: String?
        public let executable: String?
        /// Each metric's value at its last step.
        public let metrics: [Value]
    }

    public struct Value: Codable, Equatable, Sendable {
        public let name: String
        public let value: Double
        public let step: Int?
        /// The value of the same metric of the same configuration in the previous deploy that counts (older), and
        /// the change from it; nil when there is none.
        public let previous: Double?
        public let change: Double?
    }

    /// Reads every deploy record of `stage` (of `commit` only, when given), judged against the stage's rules at
    /// `rulesCommit` (its published branch head).
    public static func read(_ repository: Repository, stage: Stage, rulesCommit: OID, commit: OID? = nil) throws
        -> StageMetrics
    {
        let rules = try GateRules.load(repository, stageName: stage.name, at: rulesCommit)
        let required = rules.stage?.gates.requiresSignedRecords ?? true
        let verifier = try RecordVerifier()
        let source = "\(stage.branch) at \(rulesCommit.short)"
        var found: [(record: DeploymentRecord, counts: Bool, signer: String?, problem: String?)] = []
        for (annotated, text) in try repository.notes(notesRef: StageDeployment.notesRef) {
            if let commit, annotated != commit { continue }
            for line in text.split(separator: "\n") {
                guard let record = DeploymentRecord.parse(String(line)), record.stage == stage.name,
                    record.commit == annotated.hex
                else { continue }
                let verdict = try verifier.signer(
                    of: record.record, stage: stage.name, allowedSigners: rules.allowedSigners, source: source)
                switch verdict {
                case .success(let signer): found.append((record, true, signer, nil))
                case .failure where RecordSignature.signature(of: record.record) == nil && !required:
                    found.append((record, true, nil, nil))
                case .failure(let problem): found.append((record, false, nil, problem.message))
                }
            }
        }
        found.sort { ($0.record.finishedAt, $0.record.commit) < ($1.record.finishedAt, $1.record.commit) }
        // Oldest first, so each value meets the one before it.
        var last: [String: Double] = [:]
        var deploys: [Deploy] = []
        for entry in found {
            let executions = RecordedExecution.all(in: entry.record.record).map { execution in
                let logged = execution.metrics
                let metrics = (logged?.names ?? []).compactMap { name -> Value? in
                    guard let value = logged?.last(name) else { return nil }
                    let key = "\(execution.configuration ?? "")\u{0}\(name)"
                    let previous = last[key]
                    if entry.counts && entry.record.succeeded { last[key] = value.value }
                    return Value(
                        name: name, value: value.value, step: value.step, previous: previous,
                        change: previous.map { Self.rounded(value.value - $0) })
                }
                return Execution(
                    id: execution.id, configuration: execution.configuration, executable: execution.executable,
                    metrics: metrics)
            }
            deploys.append(
                Deploy(
                    commit: entry.record.commit, finishedAt: entry.record.finishedAt, outcome: entry.record.outcome,
                    counts: entry.counts, signer: entry.signer, problem: entry.problem, executions: executions))
        }
        return StageMetrics(stage: stage.name, commit: commit?.hex, deploys: deploys.reversed())
    }

    public func renderText() -> String {
        let withMetrics = deploys.filter { $0.executions.contains { !$0.metrics.isEmpty } }
        guard !withMetrics.isEmpty else {
            let which = commit.map { " of \($0.prefix(7))" } ?? ""
            return "no deploy\(which) to \(stage) recorded any metrics (refs/notes/promote/deployments); deploys "
                + "record what their executions log to AI Core's tracking API\n"
        }
        var lines = ["Metrics of \(stage)'s deploys (newest first; change from the previous deploy that counts):"]
        for deploy in withMetrics {
            let when = deploy.finishedAt.replacingOccurrences(of: "T", with: " ").replacingOccurrences(
                of: "Z", with: "")
            let trust =
                deploy.counts
                ? (deploy.signer.map { "signed by \($0)" } ?? "unsigned") : "does not count: \(deploy.problem ?? "?")"
            lines.append("  \(when)  \(deploy.commit.prefix(7))  \(deploy.outcome)  \(trust)")
            for execution in deploy.executions where !execution.metrics.isEmpty {
                let values = execution.metrics.map { value in
                    var text = "\(value.name) \(MetricRule.format(value.value))"
                    var details: [String] = []
                    if let step = value.step { details.append("step \(step)") }
                    if let change = value.change {
                        details.append(
                            change == 0 ? "±0" : (change > 0 ? "+" : "") + MetricRule.format(Self.rounded(change)))
                    }
                    if !details.isEmpty { text += " (\(details.joined(separator: ", ")))" }
                    return text
                }
                lines.append(
                    "    \(execution.configuration ?? execution.executable ?? "?") [\(execution.id)]: \(values.joined(separator: ", "))"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A difference without floating-point noise (0.83 - 0.81 prints 0.02, not 0.019999999999999907).
    static func rounded(_ value: Double) -> Double { (value * 1e9).rounded() / 1e9 }
}
