extension TemplateArtifact {
    /// The kind AI Core reports: the `.kind` annotation, or `model` for a workflow output that has none.
    public var effectiveKind: String? {
        kind ?? (localName != nil ? "model" : nil)
    }
}
