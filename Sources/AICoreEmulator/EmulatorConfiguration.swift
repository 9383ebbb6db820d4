public import Foundation

/// Everything that shapes one emulator instance: where it listens, whom it accepts, how fast runs progress, and
/// which faults it injects.
public struct EmulatorConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; the bound one is reported by `EmulatorServer.start`.
    public var port: Int
    /// The AI Core service key's client.
    public var clientID: String
    public var clientSecret: String
    /// The BTP destination service's own client.
    public var destinationClientID: String
    public var destinationClientSecret: String
    /// `expires_in` of issued tokens; XSUAA's default is 43199 seconds.
    public var tokenLifetime: TimeInterval
    public var timings: RunTimings
    /// How often an application re-syncs by itself (AI Core: about every 3 minutes).
    public var autoSyncInterval: TimeInterval
    /// How long a refresh takes before the application reports Synced.
    public var syncDelay: TimeInterval
    /// Repositories on-boarded at start: (name, url or path).
    public var repositories: [(name: String, url: String)]
    /// Resource groups that exist at start; AI Core tenants always have `default`.
    public var resourceGroups: [String]
    /// Reject configurations whose bindings do not fit their executable at creation time instead of letting runs
    /// end DEAD, which is what AI Core does.
    public var strict: Bool
    public var faults: FaultPlan
    /// Seeds fault decisions (and nothing else), so a fault run can be repeated.
    public var seed: UInt64
    /// Where state is kept across restarts; nil keeps it in memory only.
    public var stateDirectory: String?
    /// Multiplies deployment TTLs (whole minutes at least on AI Core), so tests can watch a `1m` TTL expire.
    public var ttlScale: Double = 1
    /// Fail runs the way AI Core does when they need a secret the tenant lacks: an execution whose input artifact
    /// is on an object store secret (`ai://<secret>/...`) that does not exist, a run whose template pulls with a
    /// docker registry secret that does not exist. Off by default, so a quick trial needs no setup; on with
    /// `promote emulator --stages` (a landscape set up with `promote setup`) or `--require-secrets`.
    public var requireSecrets = false
    /// How fast the clock that execution schedules fire on runs against real time: at 60, a schedule with
    /// `* * * * *` starts an execution every real second. The clock starts at the real time the emulator starts.
    public var scheduleClockRate: Double = 1
    /// The most items one list answer holds, whatever `$top` asks (nil: as many as asked), so clients must page.
    public var pageSize: Int?

    public init(
        host: String = "127.0.0.1", port: Int = 0, clientID: String = "promote-emulator",
        clientSecret: String = "emulator-secret", destinationClientID: String = "promote-destination",
        destinationClientSecret: String = "destination-secret", tokenLifetime: TimeInterval = 43_199,
        timings: RunTimings = .fast, autoSyncInterval: TimeInterval = 180, syncDelay: TimeInterval = 0.05,
        repositories: [(name: String, url: String)] = [], resourceGroups: [String] = ["default"],
        strict: Bool = false, faults: FaultPlan = .none, seed: UInt64 = 1, stateDirectory: String? = nil
    ) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.destinationClientID = destinationClientID
        self.destinationClientSecret = destinationClientSecret
        self.tokenLifetime = tokenLifetime
        self.timings = timings
        self.autoSyncInterval = autoSyncInterval
        self.syncDelay = syncDelay
        self.repositories = repositories
        self.resourceGroups = resourceGroups
        self.strict = strict
        self.faults = faults
        self.seed = seed
        self.stateDirectory = stateDirectory
    }
}

/// How long each phase of an execution or deployment lasts. Real AI Core takes minutes; the defaults keep a whole
/// run well under a second so tests and the demo stay fast.
public struct RunTimings: Sendable, Equatable {
    /// From creation until the pod runs (UNKNOWN → PENDING → RUNNING).
    public var pending: TimeInterval
    /// How long an execution runs before COMPLETED (or DEAD).
    public var running: TimeInterval
    /// From a stop request until STOPPED, and from a delete until the object is gone.
    public var stopping: TimeInterval

    public init(pending: TimeInterval, running: TimeInterval, stopping: TimeInterval) {
        self.pending = pending
        self.running = running
        self.stopping = stopping
    }

    public static let fast = RunTimings(pending: 0.15, running: 0.3, stopping: 0.1)
}
