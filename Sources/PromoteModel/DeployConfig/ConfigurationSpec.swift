/// The AI Core configuration an execution or deployment runs: an executable with its parameter values and input
/// artifacts. Configurations are identified by `name` within one deploy config.
public struct ConfigurationSpec: Hashable, Sendable {
    public let name: String
    public let scenarioID: String
    public let executableID: String
    /// In document order, with `${PROMOTE_...}` variables already filled in.
    public let parameterBindings: [ParameterBindingSpec]
    public let inputArtifactBindings: [ArtifactBindingSpec]

    public init(
        name: String, scenarioID: String, executableID: String, parameterBindings: [ParameterBindingSpec] = [],
        inputArtifactBindings: [ArtifactBindingSpec] = []
    ) {
        self.name = name
        self.scenarioID = scenarioID
        self.executableID = executableID
        self.parameterBindings = parameterBindings
        self.inputArtifactBindings = inputArtifactBindings
    }
}
