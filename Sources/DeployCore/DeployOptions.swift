public import Foundation
public import PromoteModel

/// What one `promote deploy` run works on and how.
public struct DeployRequest: Sendable {
    public let stage: Stage
    /// The full commit being deployed.
    public let commit: String
    public let config: DeployConfig
    public let options: DeployOptions

    public init(stage: Stage, commit: String, config: DeployConfig, options: DeployOptions) {
        self.stage = stage
        self.commit = commit
        self.config = config
        self.options = options
    }
}

public struct DeployOptions: Sendable {
    /// Show AI Core's platform log lines (`time=…`) too.
    public var platformLogs: Bool
    /// The overall deadline for sync and waits; the stage file's `deploy.timeout_seconds`.
    public var timeout: TimeInterval
    /// Deploy only these configurations (name or executable ID); clean-up then touches only them.
    public var only: [String]
    /// The first polling interval; it grows while nothing changes.
    public var pollInterval: TimeInterval
    public var maxPollInterval: TimeInterval
    /// How many independent AI Core calls run at once (listing, creating, starting, cleaning up).
    public var concurrency: Int
    /// `--concurrency`, when given: it overrides the stage file's `deploy.concurrency`.
    public var concurrencyFromCommandLine: Int? {
        didSet { if let concurrencyFromCommandLine { concurrency = concurrencyFromCommandLine } }
    }

    public static let defaultConcurrency = DeploySettings.defaultConcurrency

    public init(
        platformLogs: Bool = false, timeout: TimeInterval = 1800, only: [String] = [], pollInterval: TimeInterval = 0.1,
        maxPollInterval: TimeInterval = 5, concurrency: Int = DeployOptions.defaultConcurrency
    ) {
        self.concurrency = concurrency
        self.platformLogs = platformLogs
        self.timeout = timeout
        self.only = only
        self.pollInterval = pollInterval
        self.maxPollInterval = maxPollInterval
    }
}

/// Where progress lines go: one line at a time, in order, from any task.
public actor DeployOutput {
    private let write: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    public func line(_ text: String) {
        write(text)
    }
}
