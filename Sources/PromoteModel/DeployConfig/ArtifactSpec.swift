/// An artifact the deploy config registers in AI Core (an `artifacts[]` entry), referred to by its `key`.
public struct ArtifactSpec: Hashable, Sendable {
    /// The kinds AI Core accepts (lower case on the wire).
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case model
        case dataset
        case resultset
        case other
    }

    /// The config's own name for the artifact, used by `input_artifact_bindings`; not sent to AI Core.
    public let key: String
    public let name: String
    public let kind: Kind
    /// Where the content lives, `<scheme>://<path>` (e.g. `ai://default/cicd/example.txt`).
    public let url: String
    public let scenarioID: String
    public let description: String?
    public let labels: [LabelSpec]

    public init(
        key: String, name: String, kind: Kind, url: String, scenarioID: String, description: String? = nil,
        labels: [LabelSpec] = []
    ) {
        self.key = key
        self.name = name
        self.kind = kind
        self.url = url
        self.scenarioID = scenarioID
        self.description = description
        self.labels = labels
    }
}
