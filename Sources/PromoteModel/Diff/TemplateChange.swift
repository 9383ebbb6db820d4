/// How one executable differs between two commits.
public struct ExecutableDiff: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable, Codable {
        case added, removed, changed
    }

    /// The executable ID (`metadata.name`).
    public let id: String
    public let status: Status
    /// The template kind at the newer commit (the older one for a removed executable).
    public let kind: ExecutableTemplate.Kind
    /// The file it is defined in, at the newer commit (the older one for a removed executable).
    public let file: String
    /// Label `scenarios.ai.sap.com/id`.
    public let scenarioID: String?
    /// What changed, grouped by part in a fixed order; empty for an added or removed executable.
    public let changes: [TemplateChange]
}

/// One semantic change inside an executable, in the terms an ML engineer uses: an image tag, a parameter default,
/// an input artifact, a resource plan.
public struct TemplateChange: Hashable, Sendable {
    /// The parts of an executable, in the order a diff lists them.
    public enum Part: String, Hashable, Sendable, Codable, CaseIterable {
        case kind, file, image, container, parameter
        case inputArtifact = "input_artifact"
        case outputArtifact = "output_artifact"
        case resourcePlan = "resource_plan"
        case replicas, env, label, annotation, spec
    }

    public let part: Part
    /// What the change is about: a container, parameter, artifact, step, label or annotation name, or a path.
    public let subject: String
    /// A short sentence: `tag 1.0 → 1.1`, `added (default "0.1")`, `removed`.
    public let summary: String
    /// The old value in display form; nil when added.
    public let before: String?
    /// The new value in display form; nil when removed.
    public let after: String?

    public init(part: Part, subject: String, summary: String, before: String?, after: String?) {
        self.part = part
        self.subject = subject
        self.summary = summary
        self.before = before
        self.after = after
    }
}
