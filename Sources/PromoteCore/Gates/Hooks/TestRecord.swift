import PromoteModel

/// One run of a test hook on a commit, as stored in git notes: a JSON line on the tested commit under
/// `refs/notes/promote/tests`.
public struct TestRecord: Sendable, Equatable {
    public static let notesRef = "refs/notes/promote/tests"

    public enum Outcome: String, Sendable, Codable {
        case passed
        case failed
        case timedOut = "timed_out"
    }

    public var stage: String
    public var commit: String
    public var hook: String
    /// `Hook.digest` of the definition that ran.
    public var digest: String
    public var outcome: Outcome
    /// The shell's exit status; 128 + signal when it was killed (a timeout).
    public var exitCode: Int
    public var durationSeconds: Double
    public var startedAt: String
    public var finishedAt: String
    /// Who ran it: on a CI the person who started the job (and its run), elsewhere git's identity.
    public var origin: RecordOrigin

    public init(
        stage: String, commit: String, hook: String, digest: String, outcome: Outcome, exitCode: Int,
        durationSeconds: Double, startedAt: String, finishedAt: String, origin: RecordOrigin
    ) {
        self.stage = stage
        self.commit = commit
        self.hook = hook
        self.digest = digest
        self.outcome = outcome
        self.exitCode = exitCode
        self.durationSeconds = durationSeconds
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.origin = origin
    }

    /// The record as read from its note line (with its signature), or as written.
    var record: JSONObject { parsed ?? fields.objectValue ?? JSONObject() }
    private var parsed: JSONObject?

    /// The record's fields, without a signature.
    var fields: JSONValue {
        origin.stamp([
            "kind": "test", "stage": .string(stage), "commit": .string(commit), "hook": .string(hook),
            "digest": .string(digest), "outcome": .string(outcome.rawValue), "exit_code": .int(exitCode),
            "duration_seconds": .number((durationSeconds * 1000).rounded() / 1000), "started_at": .string(startedAt),
            "finished_at": .string(finishedAt),
        ])
    }

    /// The record as one unsigned note line.
    public var line: String { fields.serialized(sortedKeys: true) }

    /// The record as one note line, signed with `signer`'s key when it has one.
    public func line(signedWith signer: RecordSigner) throws -> String {
        try signer.line(fields, stage: stage)
    }

    public static func parse(_ line: String) -> TestRecord? {
        guard let value = try? JSONValue(parsing: Array(line.utf8)), let object = value.objectValue,
            value["kind"]?.stringValue == "test",
            let stage = value["stage"]?.stringValue, let commit = value["commit"]?.stringValue,
            let hook = value["hook"]?.stringValue, let digest = value["digest"]?.stringValue,
            let outcome = value["outcome"]?.stringValue.flatMap(Outcome.init(rawValue:)),
            let exitCode = value["exit_code"]?.intValue
        else { return nil }
        var record = TestRecord(
            stage: stage, commit: commit, hook: hook, digest: digest, outcome: outcome, exitCode: exitCode,
            durationSeconds: value["duration_seconds"]?.numberValue ?? 0,
            startedAt: value["started_at"]?.stringValue ?? "", finishedAt: value["finished_at"]?.stringValue ?? "",
            origin: RecordOrigin(
                by: value["by"]?.stringValue ?? "", via: value["via"]?.stringValue, run: value["run"]?.stringValue))
        record.parsed = object
        return record
    }
}
