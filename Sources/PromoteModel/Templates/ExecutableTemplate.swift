/// One AI Core template document (a WorkflowTemplate or a ServingTemplate), as AI Core reads it when it git-syncs
/// a branch (templates.md §1–§2). The emulator registers executables from it; `promote plan` diffs and checks it.
public struct ExecutableTemplate: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case workflow = "WorkflowTemplate"
        case serving = "ServingTemplate"
    }

    public let kind: Kind
    /// The repository path of the file the document came from.
    public let file: String
    /// The document's position in a multi-document file (0 for the first).
    public let documentIndex: Int
    /// `metadata.name`: the executable ID, unique across the tenant.
    public let id: String
    /// Label `scenarios.ai.sap.com/id`.
    public let scenarioID: String?
    /// Label `ai.sap.com/version`.
    public let versionID: String?
    /// Annotation `scenarios.ai.sap.com/name`.
    public let scenarioName: String?
    /// Annotation `scenarios.ai.sap.com/description`.
    public let scenarioDescription: String?
    /// Annotation `executables.ai.sap.com/name`.
    public let name: String?
    /// Annotation `executables.ai.sap.com/description`.
    public let description: String?
    /// `metadata.labels` (all of them; label values converted to strings).
    public let labels: [String: String]
    /// `metadata.annotations`.
    public let annotations: [String: String]
    /// Workflow: `spec.arguments.parameters`; serving: `spec.inputs.parameters`. In document order.
    public let parameters: [TemplateParameter]
    /// Workflow: every step's `inputs.artifacts` (de-duplicated by name); serving: `spec.inputs.artifacts`.
    public let inputArtifacts: [TemplateArtifact]
    /// Workflow outputs that have a `globalName` (named by it). Always empty for serving templates.
    public let outputArtifacts: [TemplateArtifact]
    /// Every container: workflow steps' `container`s, or the serving predictor's `containers`.
    public let containers: [TemplateContainer]
    /// `ai.sap.com/resourcePlan` or `ai.sap.com/instanceType` per workflow step, or the serving template's one;
    /// keyed by step name (`"serving"` for a serving template). A missing label is absent from the map.
    public let resourcePlans: [String: String]
    /// Serving only: the predictor's replica bounds as written (nil when not set).
    public let minReplicas: Int?
    public let maxReplicas: Int?
    /// Serving only: annotation `executables.ai.sap.com/cascade-update-deployments` is `"true"`.
    public let cascadeUpdate: Bool
    /// Serving only: the `{{inputs.parameters.X}}` and `{{inputs.artifacts.X}}` placeholders used in the embedded
    /// YAML strings, in order of first use, without duplicates.
    public let placeholders: [TemplatePlaceholder]
    /// The whole document as a normalised JSON tree: the YAML strings held in a ServingTemplate's
    /// `spec.template.metadata.annotations`, `.labels` and `.spec` are replaced by their parsed content (placeholders
    /// kept verbatim as strings), so that formatting, key order, comments and quoting are not differences.
    public let document: JSONValue

    public init(
        kind: Kind, file: String, documentIndex: Int, id: String, scenarioID: String?, versionID: String?,
        scenarioName: String?, scenarioDescription: String?, name: String?, description: String?,
        labels: [String: String], annotations: [String: String], parameters: [TemplateParameter],
        inputArtifacts: [TemplateArtifact], outputArtifacts: [TemplateArtifact], containers: [TemplateContainer],
        resourcePlans: [String: String], minReplicas: Int?, maxReplicas: Int?, cascadeUpdate: Bool,
        placeholders: [TemplatePlaceholder], document: JSONValue
    ) {
        self.kind = kind
        self.file = file
        self.documentIndex = documentIndex
        self.id = id
        self.scenarioID = scenarioID
        self.versionID = versionID
        self.scenarioName = scenarioName
        self.scenarioDescription = scenarioDescription
        self.name = name
        self.description = description
        self.labels = labels
        self.annotations = annotations
        self.parameters = parameters
        self.inputArtifacts = inputArtifacts
        self.outputArtifacts = outputArtifacts
        self.containers = containers
        self.resourcePlans = resourcePlans
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.cascadeUpdate = cascadeUpdate
        self.placeholders = placeholders
        self.document = document
    }

    /// Whether AI Core creates a deployable executable from it.
    public var deployable: Bool { kind == .serving }
}

/// An input parameter of an executable.
public struct TemplateParameter: Hashable, Sendable, Codable {
    public let name: String
    /// The default as written (YAML scalars converted to their string form); nil when there is none.
    public let defaultValue: String?
    /// As written; AI Core supports only `string` (and reports every parameter as `string`).
    public let type: String?
    public let description: String?

    public init(name: String, defaultValue: String?, type: String?, description: String?) {
        self.name = name
        self.defaultValue = defaultValue
        self.type = type
        self.description = description
    }
}

/// An input or output artifact of an executable, with what the `artifacts.ai.sap.com/<name>.*` annotations say.
public struct TemplateArtifact: Hashable, Sendable, Codable {
    public let name: String
    /// Annotation `.kind`; for outputs AI Core's default is `model`, which `effectiveKind` applies.
    public let kind: String?
    public let description: String?
    /// Annotation `.labels`: a JSON object written as a string.
    public let labels: [String: String]
    /// Workflow outputs: the step-local artifact name (the `globalName` is `name`).
    public let localName: String?

    public init(name: String, kind: String?, description: String?, labels: [String: String], localName: String?) {
        self.name = name
        self.kind = kind
        self.description = description
        self.labels = labels
        self.localName = localName
    }
}

/// A container of a workflow step or of the serving predictor.
public struct TemplateContainer: Hashable, Sendable, Codable {
    /// The step name (workflow) or the container's name (serving).
    public let name: String
    public let image: String?
    public let command: [String]
    public let args: [String]
    /// `env` entries with a literal `value` (valueFrom entries are listed with an empty value).
    public let env: [String: String]

    public init(name: String, image: String?, command: [String], args: [String], env: [String: String]) {
        self.name = name
        self.image = image
        self.command = command
        self.args = args
        self.env = env
    }
}

/// A placeholder a serving template fills in at deployment time.
public enum TemplatePlaceholder: Hashable, Sendable, Codable {
    case parameter(String)
    case artifact(String)
}

/// A problem in a template file, with where it is.
public struct TemplateProblem: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public enum Severity: String, Hashable, Sendable, Comparable, Codable {
        /// AI Core would not sync it, or the executable would not appear.
        case error
        /// It syncs, but runs differently per stage or hides a mistake (e.g. an unpinned image).
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public let file: String
    /// Where in the document, as a dotted path (`metadata.labels`, `spec.inputs.parameters[1].name`); empty for the
    /// whole file.
    public let path: String
    /// 1-based line, when known.
    public let line: Int?
    public let message: String
    public let severity: Severity
    /// The executable ID the problem belongs to, when known.
    public let executableID: String?
    /// Which rule found it, for the rules a stage can make stricter.
    public let rule: Rule?

    /// Rules whose severity a stage file can change.
    public enum Rule: String, Hashable, Sendable, Codable {
        /// A container image with no tag or the tag `latest` (an error where `aicore.require_pinned_images`).
        case unpinnedImage = "unpinned-image"
    }

    public init(
        file: String, path: String, line: Int? = nil, message: String, severity: Severity = .error,
        executableID: String? = nil, rule: Rule? = nil
    ) {
        self.file = file
        self.path = path
        self.line = line
        self.message = message
        self.severity = severity
        self.executableID = executableID
        self.rule = rule
    }

    /// The same problem with another severity.
    public func with(severity: Severity) -> TemplateProblem {
        TemplateProblem(
            file: file, path: path, line: line, message: message, severity: severity, executableID: executableID,
            rule: rule)
    }

    public var description: String {
        let location = [file + (line.map { ":\($0)" } ?? ""), path].filter { !$0.isEmpty }.joined(separator: ": ")
        return "\(location): \(severity == .warning ? "warning: " : "")\(message)"
    }

    public static func < (lhs: TemplateProblem, rhs: TemplateProblem) -> Bool {
        (lhs.file, lhs.line ?? 0, lhs.path, lhs.message) < (rhs.file, rhs.line ?? 0, rhs.path, rhs.message)
    }
}

extension ExecutableTemplate {
    /// The docker registry secrets the template pulls its images with: a workflow's `spec.imagePullSecrets`, a
    /// serving template's `predictor.imagePullSecrets` (in the KServe spec it holds as a string).
    public var imagePullSecrets: [String] {
        let list =
            kind == .serving
            ? document["spec"]?["template"]?["spec"]?["predictor"]?["imagePullSecrets"]
            : document["spec"]?["imagePullSecrets"]
        return (list?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }
}
