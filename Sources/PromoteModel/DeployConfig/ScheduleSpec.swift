public import Foundation

/// An execution schedule the deploy config keeps in AI Core (a `schedules[]` entry): a workflow configuration run
/// on a cron, identified by its `name`.
public struct ScheduleSpec: Hashable, Sendable {
    /// Whether AI Core starts executions on the schedule (lower case on the wire is refused, as in AI Core).
    public enum Status: String, Hashable, Sendable, CaseIterable {
        case active = "ACTIVE"
        case inactive = "INACTIVE"
    }

    /// The schedule's name in AI Core; unique among the config's schedules.
    public let name: String
    /// The configuration it runs: one an execution of the config declares, or one the entry declares itself.
    public let configuration: ConfigurationSpec
    /// True when the entry declares its configuration (an object); false when it names an execution's.
    public let declaresConfiguration: Bool
    /// When executions start, in UTC.
    public let cron: CronExpression
    /// From when the schedule runs; nil means from when it is created.
    public let start: Date?
    /// Until when it runs; nil means without end.
    public let end: Date?
    public let status: Status

    public init(
        name: String, configuration: ConfigurationSpec, declaresConfiguration: Bool = false, cron: CronExpression,
        start: Date? = nil, end: Date? = nil, status: Status = .active
    ) {
        self.name = name
        self.configuration = configuration
        self.declaresConfiguration = declaresConfiguration
        self.cron = cron
        self.start = start
        self.end = end
        self.status = status
    }
}
