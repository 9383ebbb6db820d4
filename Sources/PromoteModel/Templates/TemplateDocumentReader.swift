/// Reads one YAML document into an `ExecutableTemplate`, recording every problem it finds on the way instead of
/// stopping at the first, so that one run shows them all.
final class TemplateDocumentReader {
    typealias Names = TemplateNameRules

    let file: String
    let documentIndex: Int
    private(set) var problems: [TemplateProblem] = []
    /// The lines `TemplateFile.fieldLines` keeps for the cross-file rules.
    private(set) var fieldLines: [String: Int] = [:]
    /// `metadata.name` once known, so that every problem names the executable it belongs to.
    private var executableID: String?

    init(file: String, documentIndex: Int) {
        self.file = file
        self.documentIndex = documentIndex
    }

    /// What the kind-specific readers find in `spec`.
    struct Body {
        var parameters: [TemplateParameter] = []
        var inputArtifacts: [String] = []
        /// Workflow outputs with a `globalName`.
        var outputArtifacts: [(globalName: String, localName: String)] = []
        var containers: [TemplateContainer] = []
        var resourcePlans: [String: String] = [:]
        var minReplicas: Int?
        var maxReplicas: Int?
        var placeholders: [TemplatePlaceholder] = []
        /// The document with embedded YAML strings replaced by their parsed trees.
        var document: TemplateNode
    }

    /// The template in `root`, or nil when it is not a template AI Core would register (the reason is a problem).
    func read(_ root: TemplateNode) -> ExecutableTemplate? {
        guard root.members != nil else {
            problem(
                "", root,
                "the document is \(root.typeDescription), not a Kubernetes object; AI Core only syncs "
                    + "WorkflowTemplate and ServingTemplate objects")
            return nil
        }
        executableID = root["metadata"]?["name"]?.scalarText
        let metadataNode = root["metadata"]
        let located: [(String, TemplateNode?)] = [
            ("", root), ("metadata.name", metadataNode?["name"]),
            (Self.path("metadata.labels", Names.scenarioIDLabel), metadataNode?["labels"]?[Names.scenarioIDLabel]),
            (
                Self.path("metadata.annotations", Names.scenarioNameAnnotation),
                metadataNode?["annotations"]?[Names.scenarioNameAnnotation]
            ),
        ]
        for case (let path, let node?) in located { fieldLines[path] = node.line }
        guard let kind = readKindAndAPIVersion(root) else { return nil }
        let metadata = readMetadata(root)
        let body = kind == .workflow ? readWorkflow(root) : readServing(root)
        let outputs = Dictionary(
            body.outputArtifacts.map { ($0.globalName, $0.localName) }, uniquingKeysWith: { first, _ in first })
        checkArtifactAnnotations(metadata, declared: Set(body.inputArtifacts), outputs: outputs)
        let inputArtifacts = body.inputArtifacts.map { artifact($0, localName: nil, metadata) }
        let outputArtifacts = body.outputArtifacts.map { artifact($0.globalName, localName: $0.localName, metadata) }
        // Kubernetes cannot create an object without a name, so there is no executable to return.
        guard let id = metadata.id else { return nil }
        let labels = metadata.labels
        let annotations = metadata.annotations
        return ExecutableTemplate(
            kind: kind, file: file, documentIndex: documentIndex, id: id, scenarioID: labels[Names.scenarioIDLabel],
            versionID: labels[Names.versionLabel], scenarioName: annotations[Names.scenarioNameAnnotation],
            scenarioDescription: annotations[Names.scenarioDescriptionAnnotation],
            name: annotations[Names.executableNameAnnotation],
            description: annotations[Names.executableDescriptionAnnotation], labels: labels, annotations: annotations,
            parameters: body.parameters, inputArtifacts: inputArtifacts, outputArtifacts: outputArtifacts,
            containers: body.containers, resourcePlans: body.resourcePlans, minReplicas: body.minReplicas,
            maxReplicas: body.maxReplicas,
            cascadeUpdate: kind == .serving && annotations[Names.cascadeAnnotation] == "true",
            placeholders: body.placeholders, document: body.document.json)
    }

    // MARK: Kind and API version

    private func readKindAndAPIVersion(_ root: TemplateNode) -> ExecutableTemplate.Kind? {
        guard let kindNode = root["kind"], let text = kindNode.scalarText else {
            problem(
                "kind", root["kind"] ?? root,
                "required: AI Core only syncs objects of kind WorkflowTemplate or ServingTemplate")
            return nil
        }
        guard let kind = ExecutableTemplate.Kind(rawValue: text) else {
            problem(
                "kind", kindNode,
                "kind \"\(text)\" is not an AI Core template; AI Core only syncs WorkflowTemplate and ServingTemplate")
            return nil
        }
        let expected = kind == .workflow ? "argoproj.io/v1alpha1" : "ai.sap.com/v1alpha1"
        if let apiVersion = root["apiVersion"] {
            if apiVersion.scalarText != expected {
                problem(
                    "apiVersion", apiVersion,
                    "a \(text) needs apiVersion \(expected), not \(Self.quoted(apiVersion)); Kubernetes knows no "
                        + "\(text) under that version")
            }
        } else {
            problem("apiVersion", root, "required: a \(text) needs apiVersion \(expected)")
        }
        return kind
    }

    // MARK: Recording problems

    /// Records a problem at `path`, on the line of `node` unless `line` says otherwise.
    func problem(
        _ path: String, _ node: TemplateNode?, _ message: String, severity: TemplateProblem.Severity = .error,
        line: Int? = nil, rule: TemplateProblem.Rule? = nil
    ) {
        problems.append(
            TemplateProblem(
                file: file, path: path, line: line ?? node?.line, message: message, severity: severity,
                executableID: executableID, rule: rule))
    }

    /// `node` as a map, or nil after recording that it is something else. A missing node is a problem only when
    /// `required` is set; `parent` then gives the line.
    func mapping(
        _ node: TemplateNode?, _ path: String, required: String? = nil, parent: TemplateNode? = nil
    ) -> TemplateNode? {
        guard let node, !node.isNull else {
            if let required { problem(path, parent, "required: \(required)") }
            return nil
        }
        guard node.members != nil else {
            problem(path, node, "expected a map, got \(node.typeDescription)")
            return nil
        }
        return node
    }

    /// The elements of a list (none when it is missing), after recording a problem if it is not a list.
    func sequence(_ node: TemplateNode?, _ path: String) -> [TemplateNode] {
        guard let node, !node.isNull else { return [] }
        guard let elements = node.elements else {
            problem(path, node, "expected a list, got \(node.typeDescription)")
            return []
        }
        return elements
    }

    // MARK: Paths and quoting

    /// `base.key`, or `base["key"]` when the key is not a plain identifier (label and annotation keys).
    static func path(_ base: String, _ key: String) -> String {
        let plain =
            key.first.map { $0.isLetter || $0 == "_" } == true
            && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        if plain { return base.isEmpty ? key : base + "." + key }
        return base + "[\"" + key + "\"]"
    }

    static func path(_ base: String, _ index: Int) -> String {
        base + "[\(index)]"
    }

    /// A scalar as a message quotes it: strings in quotes, other values as written.
    static func quoted(_ node: TemplateNode) -> String {
        switch node.content {
        case .scalar(let text, .string): "\"\(text)\""
        case .scalar(_, .null): "null"
        case .scalar(let text, _): text
        case .mapping, .sequence: node.typeDescription
        }
    }
}
