// Explicit nulls, like every promote JSON document: each key is always present (docs/json/gate.md).

extension GateReport {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(stage, forKey: .stage)
        try container.encode(commit, forKey: .commit)
        try container.encode(upstream, forKey: .upstream)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(rules, forKey: .rules)
        try container.encode(range, forKey: .range)
        try container.encode(gates, forKey: .gates)
        try container.encode(evaluatedAt, forKey: .evaluatedAt)
    }
}

extension RulesSource {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(branch, forKey: .branch)
        try container.encode(head, forKey: .head)
        try container.encode(commit, forKey: .commit)
        try container.encode(warning, forKey: .warning)
    }
}

extension RangeSummary {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(basis, forKey: .basis)
        try container.encode(base, forKey: .base)
        try container.encode(commits, forKey: .commits)
        try container.encode(people, forKey: .people)
    }
}

extension GateResult {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(reason, forKey: .reason)
        try container.encode(approvals, forKey: .approvals)
        try container.encode(tests, forKey: .tests)
        try container.encode(deployments, forKey: .deployments)
        try container.encode(metric, forKey: .metric)
    }
}

extension JudgedMetric {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(execution, forKey: .execution)
        try container.encode(metric, forKey: .metric)
        try container.encode(bound, forKey: .bound)
        try container.encode(min, forKey: .min)
        try container.encode(max, forKey: .max)
        try container.encode(compare, forKey: .compare)
        try container.encode(better, forKey: .better)
        try container.encode(maxRegression, forKey: .maxRegression)
        try container.encode(candidate, forKey: .candidate)
        try container.encode(current, forKey: .current)
    }
}

extension MetricEvidence {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(commit, forKey: .commit)
        try container.encode(stage, forKey: .stage)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(executionID, forKey: .executionID)
        try container.encode(configuration, forKey: .configuration)
        try container.encode(value, forKey: .value)
        try container.encode(step, forKey: .step)
    }
}

extension JudgedApproval {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(approver, forKey: .approver)
        try container.encode(key, forKey: .key)
        try container.encode(at, forKey: .at)
        try container.encode(comment, forKey: .comment)
        try container.encode(revoke, forKey: .revoke)
        try container.encode(stage, forKey: .stage)
        try container.encode(commit, forKey: .commit)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(reason, forKey: .reason)
    }
}

extension JudgedTestRecord {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hook, forKey: .hook)
        try container.encode(stage, forKey: .stage)
        try container.encode(commit, forKey: .commit)
        try container.encode(digest, forKey: .digest)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(reason, forKey: .reason)
    }
}
