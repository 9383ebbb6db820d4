import Foundation

/// The state of every stage: what `promote status` prints. Its JSON form is documented in docs/json/status.md and
/// is stable: fields are only ever added.
public struct StatusReport: Codable, Equatable, Sendable {
    /// Identifies the document type and version.
    public var schema = "promote.status/v1"
    /// The repository's working tree, or its git directory when bare.
    public let repository: String
    public let remote: String
    /// Whether the remote is configured in the repository.
    public let remoteConfigured: Bool
    /// Stages in graph order (each after its upstream).
    public let stages: [StageStatus]

    enum CodingKeys: String, CodingKey {
        case schema, repository, remote, stages
        case remoteConfigured = "remote_configured"
    }
}

/// One stage's branch and how it relates to its upstream and to the remote.
public struct StageStatus: Codable, Equatable, Sendable {
    public let name: String
    public let branch: String
    /// The upstream stage's name; nil for the entry stage.
    public let upstream: String?
    /// The stage's head commit: the local branch, or the remote-tracking branch when there is no local one.
    public let head: CommitSummary
    /// Whether `refs/heads/<branch>` exists.
    public let existsLocally: Bool
    /// The remote-tracking branch, if fetched.
    public let remote: RemoteBranchState
    /// Commits on the upstream stage's branch that this stage lacks: what a promotion would bring. Nil for the
    /// entry stage.
    public let behindUpstream: Int?
    /// Commits on this stage that its upstream lacks: non-zero means the branches diverged and a fast-forward
    /// promotion is impossible. Nil for the entry stage.
    public let aheadOfUpstream: Int?
    /// The stage's last successful deploy on record (`refs/notes/promote/deployments`); nil when there is none.
    public var deployed: DeployedCommit? = nil
    /// Set while the stage is held ('promote hold', 'promote rollback'); nil when it is not.
    public var hold: HoldSummary? = nil

    enum CodingKeys: String, CodingKey {
        case name, branch, upstream, head, remote, deployed, hold
        case existsLocally = "exists_locally"
        case behindUpstream = "behind_upstream"
        case aheadOfUpstream = "ahead_of_upstream"
    }

    /// Absent values are written as `null` rather than left out, so every key is always present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(branch, forKey: .branch)
        try container.encode(upstream, forKey: .upstream)
        try container.encode(head, forKey: .head)
        try container.encode(existsLocally, forKey: .existsLocally)
        try container.encode(remote, forKey: .remote)
        try container.encode(behindUpstream, forKey: .behindUpstream)
        try container.encode(aheadOfUpstream, forKey: .aheadOfUpstream)
        try container.encode(deployed, forKey: .deployed)
        try container.encode(hold, forKey: .hold)
    }
}

/// A held stage as status shows it: the first open hold, how many are open, and what it was rolled back to.
public struct HoldSummary: Codable, Equatable, Sendable {
    /// The open holds and rollbacks, oldest first.
    public let open: [StageHold.Event]
    /// The commit the stage was rolled back to (it runs this while held); nil for a hold without a rollback.
    public let rolledBackTo: String?
    /// One sentence: who holds it since when and why, and how to release it.
    public let summary: String

    enum CodingKeys: String, CodingKey {
        case open, summary
        case rolledBackTo = "rolled_back_to"
    }
}

/// A commit as status shows it.
/// A commit a stage deployed successfully, and when the deploy finished.
public struct DeployedCommit: Codable, Equatable, Sendable {
    public let sha: String
    public let shortSHA: String
    /// ISO 8601, UTC.
    public let finishedAt: String

    enum CodingKeys: String, CodingKey {
        case sha
        case shortSHA = "short_sha"
        case finishedAt = "finished_at"
    }
}

public struct CommitSummary: Codable, Equatable, Sendable {
    public let sha: String
    public let shortSHA: String
    public let subject: String
    public let authorName: String
    public let authorEmail: String
    /// Author date, ISO 8601 in UTC.
    public let authorDate: String

    enum CodingKeys: String, CodingKey {
        case sha, subject
        case shortSHA = "short_sha"
        case authorName = "author_name"
        case authorEmail = "author_email"
        case authorDate = "author_date"
    }
}

/// How the local branch relates to the remote-tracking branch `<remote>/<branch>`.
public struct RemoteBranchState: Codable, Equatable, Sendable {
    public let exists: Bool
    public let sha: String?
    /// Local commits the remote lacks (to push); nil when either side is missing.
    public let ahead: Int?
    /// Remote commits the local branch lacks (to pull); nil when either side is missing.
    public let behind: Int?

    /// True when both exist and point at the same commit.
    public var inSync: Bool { exists && ahead == 0 && behind == 0 }

    enum CodingKeys: String, CodingKey {
        case exists, sha, ahead, behind
        case inSync = "in_sync"
    }

    public init(exists: Bool, sha: String?, ahead: Int?, behind: Int?) {
        self.exists = exists
        self.sha = sha
        self.ahead = ahead
        self.behind = behind
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        exists = try container.decode(Bool.self, forKey: .exists)
        sha = try container.decodeIfPresent(String.self, forKey: .sha)
        ahead = try container.decodeIfPresent(Int.self, forKey: .ahead)
        behind = try container.decodeIfPresent(Int.self, forKey: .behind)
    }

    /// Absent values are written as `null`; `in_sync` is included for convenience.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(exists, forKey: .exists)
        try container.encode(sha, forKey: .sha)
        try container.encode(ahead, forKey: .ahead)
        try container.encode(behind, forKey: .behind)
        try container.encode(inSync, forKey: .inSync)
    }
}
