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
    public var cleanedUp: [String] = []
    /// HTTP requests sent to AI Core (token requests included).
    public var requests: Int = 0
    /// Why the deploy stopped after it had changed the tenant (e.g. the destination service refused its
    /// credentials once the deployments were running); nil when it ran to the end.
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case schema, stage, commit, outcome, error, artifacts, configurations, executions, deployments, destinations, requests
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

    enum CodingKeys: String, CodingKey {
        case configuration, id, status, wanted, reached, message, url, seconds
        case configurationID = "configuration_id"
        case rolledBackTo = "rolled_back_to"
    }
}

public struct DestinationReport: Codable, Sendable, Equatable {
    public var name: String
    public var action: String
    public var url: String
}
