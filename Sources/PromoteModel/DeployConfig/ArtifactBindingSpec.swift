/// Binds one of the executable's input artifacts to an artifact of the deploy config.
///
/// In JSON, `{"key": "<input name>"}` binds the config artifact with the same key (the format in use today);
/// `{"key": "<input name>", "artifact": "<artifact key>"}` binds a differently-keyed one.
public struct ArtifactBindingSpec: Hashable, Sendable {
    /// The template's input artifact name.
    public let key: String
    /// The `key` of the config artifact bound to it.
    public let artifactKey: String

    public init(key: String, artifactKey: String? = nil) {
        self.key = key
        self.artifactKey = artifactKey ?? key
    }
}
