import PromoteGit
import PromoteModel

/// A deploy as `promote deploy` records it under `refs/notes/promote/deployments` (see `StageDeployment.record`);
/// only what gates judge is read.
struct DeploymentRecord: Equatable {
    let stage: String
    let commit: String
    let outcome: String
    let finishedAt: String

    var succeeded: Bool { outcome == "succeeded" }

    static func parse(_ line: String) -> DeploymentRecord? {
        guard let value = try? JSONValue(parsing: Array(line.utf8)), let stage = value["stage"]?.stringValue,
            let commit = value["commit"]?.stringValue, let outcome = value["outcome"]?.stringValue
        else { return nil }
        return DeploymentRecord(
            stage: stage, commit: commit, outcome: outcome, finishedAt: value["finished_at"]?.stringValue ?? "")
    }

    /// Every deploy record on `commit`, oldest first.
    static func all(on commit: OID, in repository: Repository) throws -> [DeploymentRecord] {
        try NoteLines.read(repository, commit: commit, notesRef: StageDeployment.notesRef).compactMap(parse)
    }

    /// The most recent successful deploy of `stage` to a commit that is a proper ancestor of `commit`: where the
    /// stage was before `commit` arrived, when nothing better is recorded.
    static func lastSuccessfulDeploy(of stage: String, before commit: OID, in repository: Repository) throws -> OID? {
        var best: (oid: OID, finishedAt: String)?
        for (deployed, text) in try repository.notes(notesRef: StageDeployment.notesRef) where deployed != commit {
            let records = text.split(whereSeparator: \.isNewline).compactMap { parse(String($0)) }
            for record in records where record.stage == stage && record.succeeded && record.commit == deployed.hex {
                guard best.map({ record.finishedAt > $0.finishedAt }) ?? true else { continue }
                guard try repository.isAncestor(deployed, of: commit) else { continue }
                best = (deployed, record.finishedAt)
            }
        }
        return best?.oid
    }
}
