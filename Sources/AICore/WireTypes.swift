import Foundation
public import PromoteModel

// The AI Core objects promote reads, copied out of the JSON answers. Unknown keys are ignored, so newer AI Core
// versions keep working.

/// An executable, as synced from a template.
public struct ExecutableInfo: Sendable, Equatable {
    public let id: String
    public let scenarioID: String
    public let deployable: Bool
    /// Declared parameters with their defaults.
    public let parameters: [String: String?]
    public let inputArtifacts: [String]

    init?(_ json: JSONValue) {
        guard let id = json["id"]?.stringValue, let scenario = json["scenarioId"]?.stringValue else { return nil }
        self.id = id
        scenarioID = scenario
        deployable = json["deployable"]?.boolValue ?? false
        var parameters: [String: String?] = [:]
        for parameter in json["parameters"]?.arrayValue ?? [] {
            if let name = parameter["name"]?.stringValue { parameters[name] = parameter["default"]?.stringValue }
        }
        self.parameters = parameters
        inputArtifacts = (json["inputArtifacts"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }
}

public struct ArtifactInfo: Sendable, Equatable {
    public let id: String
    public let name: String
    public let kind: String
    public let url: String
    public let scenarioID: String

    init?(_ json: JSONValue) {
        guard let id = json["id"]?.stringValue, let name = json["name"]?.stringValue,
            let kind = json["kind"]?.stringValue,
            let url = json["url"]?.stringValue, let scenario = json["scenarioId"]?.stringValue
        else { return nil }
        self.id = id
        self.name = name
        self.kind = kind
        self.url = url
        scenarioID = scenario
    }
}

public struct BindingPair: Sendable, Hashable {
    public let key: String
    public let value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

public struct ConfigurationInfo: Sendable, Equatable {
    public let id: String
    public let name: String
    public let scenarioID: String
    public let executableID: String
    public let parameterBindings: Set<BindingPair>
    /// Input artifact bindings as (key, artifact id).
    public let inputArtifactBindings: Set<BindingPair>

    init?(_ json: JSONValue) {
        guard let id = json["id"]?.stringValue, let name = json["name"]?.stringValue,
            let scenario = json["scenarioId"]?.stringValue, let executable = json["executableId"]?.stringValue
        else { return nil }
        self.id = id
        self.name = name
        scenarioID = scenario
        executableID = executable
        parameterBindings = Set(
            (json["parameterBindings"]?.arrayValue ?? []).compactMap { binding in
                binding["key"]?.stringValue.flatMap { key in
                    binding["value"]?.stringValue.map { BindingPair(key: key, value: $0) }
                }
            })
        inputArtifactBindings = Set(
            (json["inputArtifactBindings"]?.arrayValue ?? []).compactMap { binding in
                binding["key"]?.stringValue.flatMap { key in
                    binding["artifactId"]?.stringValue.map { BindingPair(key: key, value: $0) }
                }
            })
    }
}

/// Executions and deployments share one shape.
public enum RunKind: String, Sendable, Codable {
    case execution, deployment

    var path: String { self == .execution ? "/lm/executions" : "/lm/deployments" }
}

public struct RunInfo: Sendable, Equatable {
    public let kind: RunKind
    public let id: String
    public let configurationID: String
    public let scenarioID: String?
    public let executableID: String?
    public let status: String
    public let targetStatus: String?
    public let statusMessage: String?
    public let deploymentURL: String?
    public let lastOperation: String?
    public let latestRunningConfigurationID: String?
    public let createdAt: String?
    public let startTime: String?
    public let completionTime: String?

    init?(_ json: JSONValue, kind: RunKind) {
        guard let id = json["id"]?.stringValue, let configuration = json["configurationId"]?.stringValue,
            let status = json["status"]?.stringValue
        else { return nil }
        self.kind = kind
        self.id = id
        configurationID = configuration
        self.status = status
        scenarioID = json["scenarioId"]?.stringValue
        executableID = json["executableId"]?.stringValue
        targetStatus = json["targetStatus"]?.stringValue
        statusMessage = json["statusMessage"]?.stringValue
        deploymentURL = json["deploymentUrl"]?.stringValue
        lastOperation = json["lastOperation"]?.stringValue
        latestRunningConfigurationID = json["latestRunningConfigurationId"]?.stringValue
        createdAt = json["createdAt"]?.stringValue
        startTime = json["startTime"]?.stringValue
        completionTime = json["completionTime"]?.stringValue
    }

    /// A status that will not change by itself.
    public var isSettled: Bool { ["COMPLETED", "DEAD", "STOPPED"].contains(status) }
}

public struct ApplicationStatusInfo: Sendable, Equatable {
    public struct Resource: Sendable, Equatable {
        public let name: String
        public let kind: String
        public let status: String
        public let message: String
    }

    public let syncStatus: String
    public let healthStatus: String
    public let message: String
    /// The commit AI Core synced (`source.revision`).
    public let revision: String?
    public let resources: [Resource]

    init(_ json: JSONValue) {
        syncStatus = json["syncStatus"]?.stringValue ?? "Unknown"
        healthStatus = json["healthStatus"]?.stringValue ?? "Unknown"
        message = json["message"]?.stringValue ?? ""
        revision = json["source"]?["revision"]?.stringValue
        resources = (json["syncResourcesStatus"]?.arrayValue ?? []).map { resource in
            Resource(
                name: resource["name"]?.stringValue ?? "", kind: resource["kind"]?.stringValue ?? "",
                status: resource["status"]?.stringValue ?? "", message: resource["message"]?.stringValue ?? "")
        }
    }
}

public struct LogLine: Sendable, Equatable, Hashable {
    public let timestamp: String
    public let message: String
}

/// An execution schedule (`/lm/executionSchedules`).
public struct ScheduleInfo: Sendable, Equatable {
    public let id: String
    public let name: String
    public let configurationID: String
    public let cron: String
    /// RFC 3339, as AI Core wrote it; nil when AI Core leaves it out.
    public let start: String?
    public let end: String?
    /// `ACTIVE` or `INACTIVE`; AI Core's default, `ACTIVE`, when it leaves the field out.
    public let status: String
    public let createdAt: String?
    public let modifiedAt: String?

    init?(_ json: JSONValue) {
        guard let id = json["id"]?.stringValue, let name = json["name"]?.stringValue,
            let configuration = json["configurationId"]?.stringValue, let cron = json["cron"]?.stringValue
        else { return nil }
        self.id = id
        self.name = name
        configurationID = configuration
        self.cron = cron
        start = json["start"]?.stringValue
        end = json["end"]?.stringValue
        status = json["status"]?.stringValue ?? "ACTIVE"
        createdAt = json["createdAt"]?.stringValue
        modifiedAt = json["modifiedAt"]?.stringValue
    }

    /// Whether two cron texts are the same expression, whatever the spacing between their fields.
    public static func sameCron(_ one: String, _ two: String) -> Bool {
        let fields = { (text: String) in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) }
        return fields(one) == fields(two)
    }
}

/// What a schedule change sets; nil fields stay as they are.
public struct ScheduleChange: Sendable, Equatable {
    public var cron: String?
    public var configurationID: String?
    /// RFC 3339.
    public var start: String?
    public var end: String?
    public var status: String?

    public init(
        cron: String? = nil, configurationID: String? = nil, start: String? = nil, end: String? = nil,
        status: String? = nil
    ) {
        self.cron = cron
        self.configurationID = configurationID
        self.start = start
        self.end = end
        self.status = status
    }

    /// Nothing to change.
    public var isEmpty: Bool { self == ScheduleChange() }

    var body: JSONValue {
        var object = JSONObject()
        if let cron { object["cron"] = .string(cron) }
        if let configurationID { object["configurationId"] = .string(configurationID) }
        if let start { object["start"] = .string(start) }
        if let end { object["end"] = .string(end) }
        if let status { object["status"] = .string(status) }
        return .object(object)
    }

    /// Whether `schedule` already has every value this change sets (times compared as instants).
    func isApplied(to schedule: ScheduleInfo) -> Bool {
        func sameTime(_ wanted: String?, _ actual: String?) -> Bool {
            guard let wanted else { return true }
            guard let actual, let one = try? RFC3339Timestamp.parse(wanted),
                let two = try? RFC3339Timestamp.parse(actual)
            else { return false }
            return abs(one.timeIntervalSince(two)) < 0.001
        }
        return (cron.map { ScheduleInfo.sameCron($0, schedule.cron) } ?? true)
            && (configurationID.map { $0 == schedule.configurationID } ?? true)
            && (status.map { $0 == schedule.status } ?? true) && sameTime(start, schedule.start)
            && sameTime(end, schedule.end)
    }
}
