import Foundation

// The emulator's stored objects. All Codable so `--state DIR` can keep them across restarts; none holds a
// credential (repository passwords are not kept, destination secrets are dropped when saved).

struct LabelRecord: Codable, Hashable, Sendable {
    var key: String
    var value: String
}

struct ResourceGroupRecord: Codable, Sendable {
    var id: String
    var labels: [LabelRecord]
    var createdAt: Date
    /// PROVISIONING until this moment, then PROVISIONED.
    var provisionedAt: Date

    func status(at now: Date) -> String { now < provisionedAt ? "PROVISIONING" : "PROVISIONED" }
}

struct RepositoryRecord: Codable, Sendable {
    var name: String
    var url: String
    var username: String?
    var createdAt: Date
}

struct ApplicationRecord: Codable, Sendable {
    var name: String
    var repositoryURL: String
    var revision: String
    var path: String
    var createdAt: Date
    /// When the last refresh was asked for; the sync it triggers finishes `syncDelay` later.
    var refreshRequestedAt: Date?
    var sync: SyncRecord?
}

/// The outcome of one sync, shown by `GET /admin/applications/{name}/status` (templates.md §4.3).
struct SyncRecord: Codable, Sendable {
    var revision: String
    var startedAt: Date
    var finishedAt: Date
    var syncStatus: String
    var healthStatus: String
    var message: String
    var resources: [SyncResourceRecord]
}

struct SyncResourceRecord: Codable, Sendable {
    var name: String
    var kind: String
    var status: String
    var message: String
}

struct ParameterRecord: Codable, Hashable, Sendable {
    var name: String
    var defaultValue: String?
    var description: String?
}

struct ArtifactSpecRecord: Codable, Hashable, Sendable {
    var name: String
    var kind: String?
    var description: String?
    var labels: [LabelRecord]
}

/// An executable registered by a sync: tenant-wide, identified by its template's `metadata.name`.
struct ExecutableRecord: Codable, Sendable {
    var id: String
    var scenarioID: String
    var scenarioName: String
    var scenarioDescription: String?
    var versionID: String
    var name: String
    var description: String?
    var deployable: Bool
    var labels: [LabelRecord]
    var parameters: [ParameterRecord]
    var inputArtifacts: [ArtifactSpecRecord]
    var outputArtifacts: [ArtifactSpecRecord]
    /// Serving placeholders, as `parameter:<name>` / `artifact:<name>`.
    var placeholders: [String]
    /// The emulator's documented failure switch on the template (annotation `emulator.promote.dev/fail`).
    var failMessage: String?
    /// Metrics a completed execution logs (annotation `emulator.promote.dev/metrics`: `auc=0.83, f1=0.7`).
    var metricsAnnotation: String?
    /// The docker registry secrets the template pulls with (optional: state saved before they were kept).
    var imagePullSecrets: [String]?
    var application: String
    var file: String
    var createdAt: Date
    var modifiedAt: Date
}

struct ArtifactRecord: Codable, Sendable {
    var id: String
    var name: String
    var kind: String
    var url: String
    var scenarioID: String
    var description: String?
    var labels: [LabelRecord]
    var executionID: String?
    var configurationID: String?
    var createdAt: Date
    var modifiedAt: Date
}

struct ParameterBindingRecord: Codable, Hashable, Sendable {
    var key: String
    var value: String
}

struct ArtifactBindingRecord: Codable, Hashable, Sendable {
    var key: String
    var artifactID: String
}

struct ConfigurationRecord: Codable, Sendable {
    var id: String
    var name: String
    var scenarioID: String
    var executableID: String
    var parameterBindings: [ParameterBindingRecord]
    var inputArtifactBindings: [ArtifactBindingRecord]
    var createdAt: Date
}

struct LogRecord: Codable, Sendable {
    var timestamp: Date
    var message: String
    var container: String
}

/// A status change planned for a moment; applied when a request first looks at the object after that moment, so
/// no timers run and every reader sees a consistent history.
struct PlannedTransition: Codable, Sendable {
    enum Step: String, Codable, Sendable {
        case pending, running, completed, dead, stopping, stopped, removed, rolledOut, expired
    }

    var at: Date
    var step: Step
    var message: String?
}

/// An execution or a deployment.
struct RunRecord: Codable, Sendable {
    enum Kind: String, Codable, Sendable {
        case execution, deployment
    }

    var kind: Kind
    var id: String
    var configurationID: String
    var configurationName: String
    var scenarioID: String
    var executableID: String
    var status: String
    var targetStatus: String
    var statusMessage: String?
    var createdAt: Date
    var modifiedAt: Date
    var submissionTime: Date?
    var startTime: Date?
    var completionTime: Date?
    /// Deployments: empty until the deployment first runs, then stable across configuration changes.
    var deploymentURL: String
    var lastOperation: String?
    var latestRunningConfigurationID: String?
    var ttl: String?
    /// Executions a schedule started name it.
    var executionScheduleID: String?
    var logs: [LogRecord]
    var plan: [PlannedTransition]
}

/// A BTP destination: a flat object of string properties (templates.md §6.3).
struct DestinationRecord: Codable, Sendable {
    var properties: [String: String]

    var name: String { properties["Name"] ?? "" }

    /// Keys that hold secrets and are never written to the state directory.
    static let secretKeys: Set<String> = ["clientSecret", "tokenServicePassword", "Password"]
}

/// An execution schedule: starts an execution of its configuration at each cron time, on the schedule clock.
struct ScheduleRecord: Codable, Sendable {
    var id: String
    var name: String
    var configurationID: String
    var cron: String
    var start: Date?
    var end: Date?
    /// ACTIVE or INACTIVE.
    var status: String
    var createdAt: Date
    var modifiedAt: Date
    /// The schedule-clock time up to which fires have been considered; later cron times are still to come.
    var checkedUntil: Date
}

/// What training code logged for one execution (`PATCH /lm/metrics`).
struct MetricResourceRecord: Codable, Sendable {
    var executionID: String
    var createdAt: Date
    var modifiedAt: Date
    var metrics: [MetricRecord]
    var tags: [NamedValueRecord]
    var customInfo: [NamedValueRecord]
}

struct MetricRecord: Codable, Sendable {
    var name: String
    var value: Double
    var timestamp: Date
    var step: Int?
    var labels: [NamedValueRecord]
}

/// A tracking tag, label or custom info object: `{name, value}`.
struct NamedValueRecord: Codable, Hashable, Sendable {
    var name: String
    var value: String
}

/// A secret's name and metadata; its values are held in memory only (`EmulatorState.secretValues`).
struct SecretRecord: Codable, Sendable {
    enum Kind: String, Codable, Sendable {
        case generic, objectStore, dockerRegistry
    }

    var kind: Kind
    var name: String
    var createdAt: Date
    var labels: [LabelRecord]
    /// Object store secrets: the metadata AI Core answers (`storage.ai.sap.com/bucket`, …).
    var metadata: [String: String]
}

/// A file uploaded with `PUT /lm/dataset/files/{path}`; its bytes are kept in memory and beside `state.json`.
struct DatasetFileRecord: Codable, Sendable {
    var path: String
    var size: Int
    var createdAt: Date
}
