import AICore
import PromoteGit
import PromoteModel

/// `gates.metrics`: model-quality rules judged from deploy records alone. The candidate's numbers are those of its
/// newest successful deploy to the upstream stage; the current model's (champion's) are those recorded when the
/// stage's head was deployed to the same upstream stage, so both were measured on the same stage's data. Only
/// records that `RecordCheck` accepts count, so a hand-written or edited record with better numbers changes nothing.
struct MetricGateJudge {
    let stage: String
    let upstream: String?
    /// The commit being promoted (the judged one).
    let candidate: OID
    /// The stage's branch head: the model it runs now.
    let current: OID
    let records: RecordCheck
    let repository: Repository

    /// The newest deploy record of a commit to the upstream stage that counts, or why none does.
    private struct Evidence {
        let record: DeploymentRecord?
        let problem: String
    }

    /// One gate per rule, in the stage file's order.
    func judge(_ rules: [MetricRule]) throws -> [GateResult] {
        guard !rules.isEmpty else { return [] }
        guard let upstream else {
            return rules.map {
                result(
                    $0, .blocked,
                    "\(stage) has no upstream stage whose deploy could have recorded \(candidate.short)'s metrics",
                    candidate: nil, current: nil)
            }
        }
        let candidateEvidence = try evidence(for: candidate, upstream: upstream)
        let currentEvidence = current == candidate ? candidateEvidence : try evidence(for: current, upstream: upstream)
        return rules.map { judge($0, upstream: upstream, candidate: candidateEvidence, current: currentEvidence) }
    }

    private func judge(_ rule: MetricRule, upstream: String, candidate: Evidence, current: Evidence) -> GateResult {
        guard let candidateRecord = candidate.record else {
            return result(
                rule, .blocked,
                "\(candidate.problem); deploy it to \(upstream) with its metrics recorded (promote deploy \(upstream) --commit \(self.candidate.short))",
                candidate: nil, current: nil)
        }
        let found = Self.lookUp(rule, in: candidateRecord)
        guard case .found(let value, let step) = found.outcome else {
            return result(
                rule, .blocked,
                "\(found.problem ?? "no value") in the deploy of \(self.candidate.short) to \(upstream)",
                candidate: found.evidence, current: nil)
        }
        var failures: [String] = []
        var notes: [String] = []
        let valueText = MetricRule.format(value)
        failures += rule.boundProblems(value).map { "\(valueText) is \($0)" }
        var currentEvidence: MetricEvidence?
        if rule.comparesWithCurrent {
            if let currentRecord = current.record {
                let champion = Self.lookUp(rule, in: currentRecord)
                currentEvidence = champion.evidence
                if case .found(let currentValue, _) = champion.outcome {
                    let limit =
                        rule.better == .higher ? currentValue - rule.maxRegression : currentValue + rule.maxRegression
                    let worse = rule.better == .higher ? value < limit : value > limit
                    let comparison = "current \(MetricRule.format(currentValue)) (\(self.current.short))"
                    if worse {
                        failures.append(
                            "\(valueText) is worse than \(comparison)"
                                + (rule.maxRegression > 0
                                    ? " by more than \(MetricRule.format(rule.maxRegression))" : ""))
                    } else {
                        notes.append("vs \(comparison)")
                    }
                } else {
                    notes.append(
                        "nothing to compare with: \(champion.problem ?? "no value") in the deploy of \(stage)'s head \(self.current.short) to \(upstream)"
                    )
                }
            } else {
                notes.append("nothing to compare with: \(current.problem) (the first promotion of this model)")
            }
        }
        let source =
            "\(MetricRule.describe(rule.metric, value: value, step: step)) in the deploy of \(self.candidate.short) to \(upstream)"
        if failures.isEmpty {
            return result(
                rule, .pass, ([source] + notes).joined(separator: "; "), candidate: found.evidence,
                current: currentEvidence)
        }
        return result(
            rule, .blocked,
            "\(source): \(failures.joined(separator: "; ")); a better model must be trained and deployed to \(upstream) (the rule is read from \(stage)'s branch)",
            candidate: found.evidence, current: currentEvidence)
    }

    /// The newest accepted successful deploy of `commit` to `upstream`, or why there is none.
    private func evidence(for commit: OID, upstream: String) throws -> Evidence {
        var rejected: String?
        var accepted: DeploymentRecord?
        for record in try DeploymentRecord.ledger(on: commit, in: repository)
        where record.stage == upstream && record.commit == commit.hex && record.succeeded {
            if let problem = try records.check(record.record, stage: record.stage).problem {
                rejected =
                    "the deploy of \(commit.short) to \(upstream) at \(record.finishedAt) does not count: \(problem)"
            } else {
                accepted = record
            }
        }
        if let accepted { return Evidence(record: accepted, problem: "") }
        return Evidence(
            record: nil, problem: rejected ?? "no successful deploy of \(commit.short) to \(upstream) is recorded")
    }

    // MARK: reading a record

    enum Outcome {
        case found(value: Double, step: Int?)
        case missing
    }

    /// The rule's execution and metric in a deploy record (`RecordedExecution.lookUp`), with the evidence to show.
    static func lookUp(_ rule: MetricRule, in record: DeploymentRecord) -> (
        outcome: Outcome, problem: String?, evidence: MetricEvidence
    ) {
        var evidence = MetricEvidence(
            commit: record.commit, stage: record.stage, finishedAt: record.finishedAt, executionID: nil,
            configuration: nil, value: nil, step: nil)
        switch RecordedExecution.lookUp(rule, in: RecordedExecution.all(in: record.record)) {
        case .missing(let problem, let execution):
            evidence.executionID = execution?.id
            evidence.configuration = execution?.configuration
            return (.missing, problem, evidence)
        case .found(let execution, let metric):
            evidence.executionID = execution.id
            evidence.configuration = execution.configuration
            evidence.value = metric.value
            evidence.step = metric.step
            return (.found(value: metric.value, step: metric.step), nil, evidence)
        }
    }

    private func result(
        _ rule: MetricRule, _ verdict: GateVerdict, _ reason: String, candidate: MetricEvidence?,
        current: MetricEvidence?
    ) -> GateResult {
        GateResult(
            name: "metric:\(rule.execution)/\(rule.metric)", kind: .metric, verdict: verdict,
            reason: "\(rule.bound): \(reason)", approvals: nil, tests: nil, deployments: nil,
            metric: JudgedMetric(
                execution: rule.execution, metric: rule.metric, bound: rule.bound, min: rule.min, max: rule.max,
                compare: rule.comparesWithCurrent ? "current" : nil, better: rule.better.rawValue,
                maxRegression: rule.maxRegression, candidate: candidate, current: current))
    }
}
