import PromoteGit
import PromoteModel

/// Decides whether a test hook passed on a commit: its latest recorded run of the same definition, for the same
/// stage and commit, must have passed.
struct TestJudge {
    let stage: String
    let commit: OID
    /// Checks signatures; nil counts every record as it is (only for deciding which hooks to run again).
    var records: RecordCheck? = nil

    func judge(_ hook: Hook, lines: [String]) throws -> GateResult {
        let digest = hook.digest
        var judged: [JudgedTestRecord] = []
        var current: [(index: Int, record: TestRecord)] = []
        for line in lines {
            guard let record = TestRecord.parse(line), record.hook == hook.name else { continue }
            var entry = JudgedTestRecord(
                hook: record.hook, stage: record.stage, commit: record.commit, digest: record.digest,
                outcome: record.outcome.rawValue, exitCode: record.exitCode, durationSeconds: record.durationSeconds,
                finishedAt: record.finishedAt, signer: nil, verdict: .rejected, reason: "")
            let signature = try records.map { try $0.check(record.record, stage: record.stage) }
            entry.signer = signature?.signer
            if record.stage != stage {
                entry.reason = "recorded for stage \(record.stage), not \(stage)"
            } else if record.commit != commit.hex {
                entry.reason = "recorded for commit \(record.commit.prefix(7)), not \(commit.short)"
            } else if record.digest != digest {
                entry.reason = "ran an earlier definition of \(hook.name); the hook has changed since"
            } else if let problem = signature?.problem {
                entry.reason = problem
            } else {
                entry.reason = "superseded by a later run"
                current.append((judged.count, record))
            }
            judged.append(entry)
        }
        // The most recent run decides, so a failure after a pass blocks until the hook passes again.
        let latest = current.max { ($0.record.finishedAt, $0.index) < ($1.record.finishedAt, $1.index) }
        let name = "test:\(hook.name)"
        guard let latest else {
            let reason =
                judged.isEmpty
                ? "never run on \(commit.short) for \(stage); run 'promote test \(stage) --commit \(commit.short)'"
                : "no run of the current definition on \(commit.short) for \(stage); run 'promote test \(stage) --commit \(commit.short)'"
            return GateResult(
                name: name, kind: .test, verdict: .blocked, reason: reason, approvals: nil, tests: judged,
                deployments: nil)
        }
        let record = latest.record
        let summary = "exit \(record.exitCode), \(Self.seconds(record.durationSeconds)), at \(record.finishedAt)"
        switch record.outcome {
        case .passed:
            judged[latest.index].verdict = .accepted
            judged[latest.index].reason = "latest run of this definition: passed"
            return GateResult(
                name: name, kind: .test, verdict: .pass, reason: "passed (\(summary))", approvals: nil, tests: judged,
                deployments: nil)
        case .failed, .timedOut:
            let what = record.outcome == .failed ? "failed" : "timed out after \(hook.timeoutSeconds)s"
            judged[latest.index].reason = "latest run of this definition: \(what)"
            return GateResult(
                name: name, kind: .test, verdict: .blocked, reason: "\(what) (\(summary))", approvals: nil,
                tests: judged, deployments: nil)
        }
    }

    static func seconds(_ value: Double) -> String {
        value < 10 ? "\((value * 10).rounded() / 10)s" : "\(Int(value.rounded()))s"
    }
}
