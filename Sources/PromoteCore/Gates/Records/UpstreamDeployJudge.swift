import PromoteGit

/// `require_deployed_upstream`: the commit must have a successful deploy record in the upstream stage.
struct UpstreamDeployJudge {
    let stage: String
    let upstream: String?
    let commit: OID
    let records: RecordCheck

    func judge(_ deploys: [DeploymentRecord]) throws -> GateResult {
        guard let upstream else {
            return result(.blocked, "\(stage) has no upstream stage to have deployed \(commit.short)", [])
        }
        var judged: [JudgedDeployment] = []
        var found: Int?
        for record in deploys {
            var entry = JudgedDeployment(
                stage: record.stage, commit: record.commit, outcome: record.outcome, finishedAt: record.finishedAt,
                signer: nil, verdict: .rejected, reason: "")
            if record.stage != upstream {
                entry.reason = "a deploy to \(record.stage), not to the upstream \(upstream)"
            } else if record.commit != commit.hex {
                entry.reason = "a deploy of \(record.commit.prefix(7)), not \(commit.short)"
            } else if !record.succeeded {
                entry.reason = "the deploy \(record.outcome)"
            } else if let problem = try verdict(record, into: &entry) {
                entry.reason = problem
            } else {
                entry.verdict = .accepted
                entry.reason = "successful deploy to \(upstream)"
                found = found ?? judged.count
            }
            judged.append(entry)
        }
        if let found {
            return result(.pass, "deployed to \(upstream) at \(judged[found].finishedAt)", judged)
        }
        let failed = judged.contains { $0.stage == upstream && $0.commit == commit.hex }
        if let uncounted = judged.last(where: {
            $0.stage == upstream && $0.commit == commit.hex && $0.outcome == "succeeded"
        }) {
            return result(
                .blocked,
                "the deploy of \(commit.short) to \(upstream) does not count: \(uncounted.reason); deploy it again with a record key (promote deploy \(upstream) --commit \(commit.short))",
                judged)
        }
        let reason =
            failed
            ? "every recorded deploy of \(commit.short) to \(upstream) failed; deploy it again (promote deploy \(upstream) --commit \(commit.short))"
            : "no successful deploy of \(commit.short) to \(upstream) is recorded; deploy it first (promote deploy \(upstream) --commit \(commit.short))"
        return result(.blocked, reason, judged)
    }

    /// The record's signature check; sets the entry's signer and returns why it does not count, if it does not.
    private func verdict(_ record: DeploymentRecord, into entry: inout JudgedDeployment) throws -> String? {
        let verdict = try records.check(record.record, stage: record.stage)
        entry.signer = verdict.signer
        return verdict.problem
    }

    private func result(_ verdict: GateVerdict, _ reason: String, _ judged: [JudgedDeployment]) -> GateResult {
        GateResult(
            name: "deployed_upstream", kind: .deployedUpstream, verdict: verdict, reason: reason, approvals: nil,
            tests: nil, deployments: judged)
    }
}
