extension DeployConfig {
    /// Only the executions and deployments whose configuration name or executable ID is in `names`, and only the
    /// artifacts they bind (`promote deploy --only`). An empty `names` keeps everything.
    public func filtered(only names: [String]) throws(DeployConfigError) -> DeployConfig {
        guard !names.isEmpty else { return self }
        let runs = executions + deployments
        let known = Set(runs.flatMap { [$0.configuration.name, $0.configuration.executableID] })
        var unknown: [String] = []
        for name in names where !known.contains(name) && !unknown.contains(name) { unknown.append(name) }
        guard unknown.isEmpty else { throw .unknownNames(unknown, known: known.sorted()) }
        let wanted = Set(names)
        let keep: (RunSpec) -> Bool = {
            wanted.contains($0.configuration.name) || wanted.contains($0.configuration.executableID)
        }
        let keptExecutions = executions.filter(keep)
        let keptDeployments = deployments.filter(keep)
        let bound = Set(
            (keptExecutions + keptDeployments).flatMap { $0.configuration.inputArtifactBindings.map(\.artifactKey) })
        return DeployConfig(
            cleanUp: cleanUp, artifacts: artifacts.filter { bound.contains($0.key) }, executions: keptExecutions,
            deployments: keptDeployments)
    }
}
