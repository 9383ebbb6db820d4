import Foundation
import PromoteModel

/// The emulated tenant. One actor owns all state, so concurrent requests never lose each other's updates.
actor EmulatorState {
    let configuration: EmulatorConfiguration
    var store: EmulatorStore
    private let persistence: StatePersistence?
    private var idCounter: UInt64
    /// The real time the emulator started: the schedule clock starts here.
    let startedAt = Date()
    /// Secret values by `SecretScope.key`: in memory only, never saved, logged or answered.
    var secretValues: [String: [String: String]] = [:]
    /// Dataset file contents by resource group and path; saved under `files/` of the state directory, not in
    /// `state.json`.
    var datasetBytes: [String: [UInt8]] = [:]
    /// Where this server is reached, for deployment URLs; known once it listens.
    private(set) var publicBaseURL = "http://127.0.0.1"

    init(configuration: EmulatorConfiguration) throws {
        self.configuration = configuration
        persistence = configuration.stateDirectory.map(StatePersistence.init)
        store = try persistence?.load() ?? EmulatorStore()
        idCounter = UInt64(Date().timeIntervalSince1970 * 1000)
        let now = Date()
        for group in configuration.resourceGroups where store.resourceGroups[group] == nil {
            store.resourceGroups[group] = ResourceGroupRecord(id: group, labels: [], createdAt: now, provisionedAt: now)
        }
        for repository in configuration.repositories where store.repositories[repository.name] == nil {
            store.repositories[repository.name] = RepositoryRecord(
                name: repository.name, url: repository.url, username: nil, createdAt: now)
        }
    }

    func setPublicBaseURL(_ url: String) {
        publicBaseURL = url
    }

    /// Saves after a change when a state directory is configured.
    func persist() {
        guard let persistence else { return }
        try? persistence.save(store)
    }

    /// The spec's pattern for every lm object id (`AiId`, `AiExecutionId`, …).
    static let idPattern = #"^[\w.-]{4,64}$"#

    /// A new 16-hex-digit id, like AI Core's.
    func newID() -> String {
        idCounter &+= 0x9E37_79B9_7F4A_7C15
        var mixed = idCounter
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        let hex = String(mixed, radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    /// The objects of a resource group, which must exist.
    func group(_ id: String?) throws(EmulatorError) -> String {
        guard let id, !id.isEmpty else {
            throw .badRequest("the AI-Resource-Group header is required", target: "AI-Resource-Group")
        }
        guard store.resourceGroups[id] != nil else {
            throw .notFound("Resource group \(id) not found; create it with POST /v2/admin/resourceGroups")
        }
        if store.groups[id] == nil { store.groups[id] = GroupStore() }
        return id
    }
}
