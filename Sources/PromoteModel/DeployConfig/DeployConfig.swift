/// What to deploy to a stage's AI Core tenant: the validated `cicd/config.json` (DESIGN.md §3), with the stage's
/// overlay applied and the `${PROMOTE_...}` variables filled in.
public struct DeployConfig: Hashable, Sendable {
    /// Whether to stop and delete earlier executions and deployments before deploying, and the schedules this
    /// config no longer lists (how far that reaches is the stage file's `deploy.clean_up`). False when the config
    /// leaves it out.
    public let cleanUp: Bool
    /// The artifacts to register, in document order; keys are unique.
    public let artifacts: [ArtifactSpec]
    /// The executions to start, in document order.
    public let executions: [RunSpec]
    /// The deployments to create or update, in document order.
    public let deployments: [RunSpec]
    /// The execution schedules to keep, in document order; names are unique.
    public let schedules: [ScheduleSpec]

    public init(
        cleanUp: Bool, artifacts: [ArtifactSpec], executions: [RunSpec], deployments: [RunSpec],
        schedules: [ScheduleSpec] = []
    ) {
        self.cleanUp = cleanUp
        self.artifacts = artifacts
        self.executions = executions
        self.deployments = deployments
        self.schedules = schedules
    }

    /// The artifact declared under `key`, if any.
    public func artifact(forKey key: String) -> ArtifactSpec? { artifacts.first { $0.key == key } }

    /// Every configuration the config needs in AI Core, each name once, in document order: the executions', the
    /// deployments', then those the schedules declare (or name, when `--only` left their execution out).
    public var configurations: [ConfigurationSpec] {
        var seen = Set<String>()
        let all =
            executions.map(\.configuration) + deployments.map(\.configuration) + schedules.map(\.configuration)
        return all.filter { seen.insert($0.name).inserted }
    }
}
