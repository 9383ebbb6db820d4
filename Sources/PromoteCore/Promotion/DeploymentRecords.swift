import PromoteGit
import PromoteModel

/// Reads the deploy records `promote deploy` writes (`refs/notes/promote/deployments`).
enum DeploymentRecords {
    /// Whether `stage` has a successful deploy of `commit` on record.
    static func succeeded(_ repository: Repository, stage: String, commit: OID) throws -> Bool {
        guard try repository.referenceTarget(StageDeployment.notesRef) != nil,
            let note = try repository.note(on: commit, notesRef: StageDeployment.notesRef)
        else { return false }
        return note.split(separator: "\n").contains { line in
            guard let record = try? JSONValue(parsing: Array(line.utf8)) else { return false }
            return record["stage"]?.stringValue == stage && record["outcome"]?.stringValue == "succeeded"
        }
    }
}
