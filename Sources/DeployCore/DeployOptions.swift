public import Foundation
public import PromoteModel

/// What one `promote deploy` run works on and how.
public struct DeployRequest: Sendable {
    public let stage: Stage
    /// The full commit being deployed.
    public let commit: String
    public let config: DeployConfig
    public let options: DeployOptions
    /// True when `commit` is not the stage branch's head (a rollback, `--commit`): the git-sync application is pinned
    /// to the commit so AI Core syncs its templates, and stays pinned until a deploy of the branch head points it back.
    public let pinsApplication: Bool

    public init(
        stage: Stage, commit: String, config: DeployConfig, options: DeployOptions, pinsApplication: Bool = false
    ) {
        self.stage = stage
        self.commit = commit
        self.config = config
        self.options = options
        self.pinsApplication = pinsApplication
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
    /// Leave executions alone: none is started and clean-up stops none (a rollback restores what serves, without
    /// re-training).
    public var skipsExecutions = false
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
