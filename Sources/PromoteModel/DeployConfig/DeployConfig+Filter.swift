extension DeployConfig {
    /// Only the executions, deployments and schedules whose configuration name or executable ID is in `names`, and
    /// only the artifacts their configurations bind (`promote deploy --only`). An empty `names` keeps everything.
    public func filtered(only names: [String]) throws(DeployConfigError) -> DeployConfig {
        guard !names.isEmpty else { return self }
        let known = Set(configurations.flatMap { [$0.name, $0.executableID] })
        var unknown: [String] = []
        for name in names where !known.contains(name) && !unknown.contains(name) { unknown.append(name) }
        guard unknown.isEmpty else { throw .unknownNames(unknown, known: known.sorted()) }
        let wanted = Set(names)
        let keep: (ConfigurationSpec) -> Bool = { wanted.contains($0.name) || wanted.contains($0.executableID) }
        let kept = DeployConfig(
            cleanUp: cleanUp, artifacts: [], executions: executions.filter { keep($0.configuration) },
            deployments: deployments.filter { keep($0.configuration) },
            schedules: schedules.filter { keep($0.configuration) })
        let bound = Set(kept.configurations.flatMap { $0.inputArtifactBindings.map(\.artifactKey) })
        return DeployConfig(
            cleanUp: cleanUp, artifacts: artifacts.filter { bound.contains($0.key) }, executions: kept.executions,
            deployments: kept.deployments, schedules: kept.schedules)
    }
}
