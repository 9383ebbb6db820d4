public import AICore
public import Foundation

/// Everything a deploy did, as `--json` writes it (schema `promote.deploy/v1`, docs/json/deploy.md).
public struct DeployReport: Codable, Sendable, Equatable {
    public var schema = "promote.deploy/v1"
    public var stage: String
    public var commit: String
    public var resourceGroup: String
    public var startedAt: String
    public var finishedAt: String = ""
    /// `succeeded` when every waited object reached its status, else `failed`.
    public var outcome: String = "failed"
    public var syncedRevision: String?
    public var artifacts: [ObjectReport] = []
    public var configurations: [ObjectReport] = []
    public var executions: [RunReport] = []
    public var deployments: [RunReport] = []
    public var destinations: [DestinationReport] = []
    /// The execution schedules: the config's (created, updated or kept) and those removed.
    public var schedules: [ScheduleReport] = []
    public var cleanedUp: [String] = []
    /// HTTP requests sent to AI Core (token requests included).
    public var requests: Int = 0
    /// Why the deploy stopped after it had changed the tenant (e.g. the destination service refused its
    /// credentials once the deployments were running); nil when it ran to the end.
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case schema, stage, commit, outcome, error, artifacts, configurations, executions, deployments, destinations
        case schedules, requests
        case resourceGroup = "resource_group"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case syncedRevision = "synced_revision"
        case cleanedUp = "cleaned_up"
    }

    public init(stage: String, commit: String, resourceGroup: String, startedAt: Date) {
        self.stage = stage
        self.commit = commit
        self.resourceGroup = resourceGroup
        self.startedAt = ISO8601DateFormatter().string(from: startedAt)
    }

    /// Reads reports written before schedules existed too (they have no `schedules`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schema = try container.decode(String.self, forKey: .schema)
        stage = try container.decode(String.self, forKey: .stage)
        commit = try container.decode(String.self, forKey: .commit)
        resourceGroup = try container.decode(String.self, forKey: .resourceGroup)
        startedAt = try container.decode(String.self, forKey: .startedAt)
        finishedAt = try container.decode(String.self, forKey: .finishedAt)
        outcome = try container.decode(String.self, forKey: .outcome)
        syncedRevision = try container.decodeIfPresent(String.self, forKey: .syncedRevision)
        artifacts = try container.decode([ObjectReport].self, forKey: .artifacts)
        configurations = try container.decode([ObjectReport].self, forKey: .configurations)
        executions = try container.decode([RunReport].self, forKey: .executions)
        deployments = try container.decode([RunReport].self, forKey: .deployments)
        destinations = try container.decode([DestinationReport].self, forKey: .destinations)
        schedules = try container.decodeIfPresent([ScheduleReport].self, forKey: .schedules) ?? []
        cleanedUp = try container.decode([String].self, forKey: .cleanedUp)
        requests = try container.decode(Int.self, forKey: .requests)
        error = try container.decodeIfPresent(String.self, forKey: .error)
    }
}

/// An artifact or configuration: reused or created.
public struct ObjectReport: Codable, Sendable, Equatable {
    public var name: String
    public var id: String
    public var reused: Bool
}

/// An execution or deployment and how it ended.
public struct RunReport: Codable, Sendable, Equatable {
    public var configuration: String
    public var configurationID: String
    /// The executable the configuration runs; nil in reports written before it was kept.
    public var executableID: String?
    public var id: String
    public var status: String
    /// The status waited for; nil when the object was only started.
    public var wanted: String?
    public var reached: Bool
    public var message: String?
    public var url: String?
    /// Seconds from start of the deploy until it reached its final status here.
    public var seconds: Double?
    /// Set when an in-place update failed and the previous configuration was put back.
    public var rolledBackTo: String?
    /// Executions: what the run logged to AI Core's tracking API, read once it settled; nil when it logged nothing.
    public var metrics: ExecutionMetrics?

    enum CodingKeys: String, CodingKey {
        case configuration, id, status, wanted, reached, message, url, seconds, metrics
        case configurationID = "configuration_id"
        case executableID = "executable_id"
        case rolledBackTo = "rolled_back_to"
    }
}

public struct DestinationReport: Codable, Sendable, Equatable {
    public var name: String
    public var action: String
    public var url: String
}

/// An execution schedule and what the deploy did with it.
public struct ScheduleReport: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable {
        /// It did not exist: created (and set INACTIVE when the config says so).
        case created
        /// It existed and differed: changed to the config's values (or replaced, where AI Core cannot clear a value).
        case updated
        /// It existed as the config says.
        case kept
        /// The config no longer lists it (clean-up), or it repeated the name of one it lists.
        case removed
    }

    public var name: String
    public var id: String
    /// The configuration's name; nil for a removed schedule whose configuration is not one promote knows.
    public var configuration: String?
    public var configurationID: String
    public var cron: String
    /// `ACTIVE` or `INACTIVE`: as the config wants it, or as it was for a removed one.
    public var status: String
    public var action: Action
    /// For an update: the fields that changed (`cron`, `configuration`, `start`, `end`, `status`).
    public var changes: [String]?

    enum CodingKeys: String, CodingKey {
        case name, id, configuration, cron, status, action, changes
        case configurationID = "configuration_id"
    }
}
