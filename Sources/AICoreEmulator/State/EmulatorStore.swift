import Foundation

/// Everything the emulator knows, as one Codable value so it can be saved and loaded whole.
struct EmulatorStore: Codable, Sendable {
    var resourceGroups: [String: ResourceGroupRecord] = [:]
    var repositories: [String: RepositoryRecord] = [:]
    var applications: [String: ApplicationRecord] = [:]
    /// Tenant-wide, by executable ID (templates are shared by every resource group).
    var executables: [String: ExecutableRecord] = [:]
    /// The objects of each resource group.
    var groups: [String: GroupStore] = [:]
    var destinations: [String: DestinationRecord] = [:]
    /// Nodes reserved per resource plan (`PATCH /admin/resources/nodes`).
    var reservedNodes: [String: Int] = [:]
    /// Secrets by scope (`""` for the tenant, else the resource group) and name: their names and metadata only;
    /// the values live in `EmulatorState.secretValues`, in memory, never in `state.json`.
    var secrets: [String: [String: SecretRecord]] = [:]
    /// Dataset files by resource group and path: their metadata; the bytes are kept beside `state.json`.
    var datasetFiles: [String: [String: DatasetFileRecord]] = [:]

    init() {}

    /// Reads state saved by earlier versions too, which lacked the later fields.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ empty: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? empty
        }
        resourceGroups = try read(.resourceGroups, [:])
        repositories = try read(.repositories, [:])
        applications = try read(.applications, [:])
        executables = try read(.executables, [:])
        groups = try read(.groups, [:])
        destinations = try read(.destinations, [:])
        reservedNodes = try read(.reservedNodes, [:])
        secrets = try read(.secrets, [:])
        datasetFiles = try read(.datasetFiles, [:])
    }
}

/// The lm objects of one resource group.
struct GroupStore: Codable, Sendable {
    var artifacts: [String: ArtifactRecord] = [:]
    var configurations: [String: ConfigurationRecord] = [:]
    var runs: [String: RunRecord] = [:]
    var schedules: [String: ScheduleRecord] = [:]
    /// Tracking data (`/lm/metrics`), by execution ID.
    var metrics: [String: MetricResourceRecord] = [:]

    init() {}

    /// Reads state saved by earlier versions too, which had no schedules or metrics.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        artifacts = try container.decodeIfPresent([String: ArtifactRecord].self, forKey: .artifacts) ?? [:]
        configurations =
            try container.decodeIfPresent([String: ConfigurationRecord].self, forKey: .configurations) ?? [:]
        runs = try container.decodeIfPresent([String: RunRecord].self, forKey: .runs) ?? [:]
        schedules = try container.decodeIfPresent([String: ScheduleRecord].self, forKey: .schedules) ?? [:]
        metrics = try container.decodeIfPresent([String: MetricResourceRecord].self, forKey: .metrics) ?? [:]
    }
}

/// Saves the store as `state.json` in a directory, atomically, without secrets.
struct StatePersistence: Sendable {
    let directory: String

    var file: String { (directory as NSString).appendingPathComponent("state.json") }

    func load() throws -> EmulatorStore? {
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw EmulatorStartError.unreadableState(file: file, reason: "it cannot be read")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        do {
            return try decoder.decode(EmulatorStore.self, from: data)
        } catch {
            throw EmulatorStartError.unreadableState(file: file, reason: "\(error)")
        }
    }

    func save(_ store: EmulatorStore) throws {
        var redacted = store
        for (name, destination) in redacted.destinations {
            redacted.destinations[name]?.properties = destination.properties.filter {
                !DestinationRecord.secretKeys.contains($0.key)
            }
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try encoder.encode(redacted).write(to: URL(fileURLWithPath: file), options: .atomic)
    }
}

/// Why the emulator could not start.
public enum EmulatorStartError: Error, CustomStringConvertible, Sendable {
    case unreadableState(file: String, reason: String)
    case invalidFaults(String)
    case couldNotListen(host: String, port: Int)

    public var description: String {
        switch self {
        case .unreadableState(let file, let reason):
            return "the emulator state in \(file) cannot be read (\(reason)); move it away or pass another --state DIR"
        case .invalidFaults(let message):
            return "invalid --faults: \(message)"
        case .couldNotListen(let host, let port):
            return "the emulator could not listen on \(host):\(port); is the port in use? Pass --port 0 for a free one"
        }
    }
}
