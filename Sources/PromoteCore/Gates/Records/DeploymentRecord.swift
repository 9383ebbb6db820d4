import PromoteGit
import PromoteModel

/// A deploy as `promote deploy` records it under `refs/notes/promote/deployments` (see `StageDeployment.record`);
/// only what gates judge is read.
struct DeploymentRecord {
    let stage: String
    let commit: String
    let outcome: String
    let finishedAt: String
    /// The whole record, for its signature.
    let record: JSONObject

    var succeeded: Bool { outcome == "succeeded" }

    static func parse(_ line: String) -> DeploymentRecord? {
        guard let record = try? JSONValue(parsing: Array(line.utf8)).objectValue,
            let stage = record["stage"]?.stringValue, let commit = record["commit"]?.stringValue,
            let outcome = record["outcome"]?.stringValue
        else { return nil }
        return DeploymentRecord(
            stage: stage, commit: commit, outcome: outcome, finishedAt: record["finished_at"]?.stringValue ?? "",
            record: record)
    }

    /// Every deploy record on `commit` in its note now, oldest first.
    static func all(on commit: OID, in repository: Repository) throws -> [DeploymentRecord] {
        try NoteLines.read(repository, commit: commit, notesRef: StageDeployment.notesRef).compactMap(parse)
    }

    /// Every deploy record the note on `commit` ever held (`NoteLines.ledger`), oldest first: what gates judge.
    static func ledger(on commit: OID, in repository: Repository) throws -> [DeploymentRecord] {
        try NoteLines.ledger(repository, commit: commit, notesRef: StageDeployment.notesRef).compactMap(parse)
    }
}
