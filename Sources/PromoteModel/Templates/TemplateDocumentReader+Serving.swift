extension TemplateDocumentReader {
    static let kserveAPIVersion = "serving.kserve.io/v1beta1"

    /// Reads a ServingTemplate's `spec` (templates.md §2), parsing the YAML it holds in strings.
    func readServing(_ root: TemplateNode) -> Body {
        var body = Body(document: root)
        guard let spec = mapping(root["spec"], "spec", required: "the inputs and the KServe template", parent: root)
        else { return body }
        let inputs = mapping(spec["inputs"], "spec.inputs")
        body.parameters = readParameters(inputs?["parameters"], "spec.inputs.parameters")
        if body.parameters.isEmpty {
            problem(
                "spec.inputs.parameters", inputs?["parameters"] ?? inputs ?? spec,
                "a serving template needs at least one input parameter, otherwise AI Core creates no executable for "
                    + "it; declare a dummy parameter if the server needs none")
        }
        body.inputArtifacts = readArtifactNames(inputs?["artifacts"], "spec.inputs.artifacts")
        guard
            let template = mapping(
                spec["template"], "spec.template", required: "the KServe InferenceService to deploy", parent: spec)
        else { return body }
        checkKServeAPIVersion(template)
        let metadata = mapping(template["metadata"], "spec.template.metadata")
        let embedded: [(keys: [String], node: TemplateNode?, required: String?)] = [
            (["metadata", "annotations"], metadata?["annotations"], nil),
            (["metadata", "labels"], metadata?["labels"], nil),
            (["spec"], template["spec"], "the InferenceService spec, as a string holding YAML"),
        ]
        var trees: [[String]: TemplateNode] = [:]
        for (keys, node, required) in embedded {
            let path = (["spec", "template"] + keys).joined(separator: ".")
            guard let node, !node.isNull else {
                if let required { problem(path, template, "required: \(required)") }
                continue
            }
            guard let tree = embeddedTree(node, path) else { continue }
            trees[keys] = tree
            body.document = body.document.replacing(at: (["spec", "template"] + keys)[...], with: tree)
        }
        let strings = embedded.compactMap { entry in
            entry.node.map { (path: (["spec", "template"] + entry.keys).joined(separator: "."), node: $0) }
        }
        body.placeholders = checkPlaceholders(
            strings, parameters: Set(body.parameters.map(\.name)),
            artifacts: Set(body.inputArtifacts))
        readPredictor(trees[["spec"]], into: &body)
        // Labels that do not parse are already a problem; a missing plan in them would only repeat it.
        if trees[["metadata", "labels"]] != nil || metadata?["labels"] == nil {
            readServingResourcePlan(trees[["metadata", "labels"]], template, into: &body)
        }
        return body
    }

    private func checkKServeAPIVersion(_ template: TemplateNode) {
        let path = "spec.template.apiVersion"
        guard let node = template["apiVersion"], let apiVersion = node.scalarText else {
            problem(path, template, "required: AI Core serves with KServe, apiVersion \(Self.kserveAPIVersion)")
            return
        }
        switch apiVersion {
        case Self.kserveAPIVersion:
            break
        case "serving.kubeflow.org/v1beta1":
            problem(
                path, node,
                "\(apiVersion) was replaced by \(Self.kserveAPIVersion) when AI Core moved to KServe (2022); use "
                    + Self.kserveAPIVersion)
        case "serving.kubeflow.org/v1alpha2":
            problem(path, node, "\(apiVersion) is no longer supported by AI Core; use \(Self.kserveAPIVersion)")
        default:
            problem(
                path, node, "\"\(apiVersion)\" is not the KServe API AI Core serves with; use \(Self.kserveAPIVersion)")
        }
    }

    /// The YAML held in one of the string fields, parsed with its placeholders kept verbatim.
    private func embeddedTree(_ node: TemplateNode, _ path: String) -> TemplateNode? {
        switch node.content {
        case .scalar(let text, .string):
            let firstLine = node.isBlockScalar ? node.line.map { $0 + 1 } : nil
            do {
                return try EmbeddedTemplateYAML.parse(text, firstLine: firstLine, fallbackLine: node.line)
            } catch {
                // Lines of a block scalar map onto the file; inside a quoted string only the string's own does.
                let fileLine = if let firstLine, let inner = error.line { firstLine + inner - 1 } else { Int?.none }
                let location =
                    if let fileLine { "line \(fileLine): " } else {
                        error.line.map { "line \($0) of the string: " } ?? ""
                    }
                problem(
                    path, node,
                    "the YAML in this string does not parse, so AI Core cannot deploy the template: yaml: "
                        + location + error.problem,
                    line: fileLine)
                return nil
            }
        case .mapping:
            // AI Core's schema types the field as a string; the map is still read so its content can be checked.
            problem(
                path, node,
                "expected a string holding YAML (write `\(path.split(separator: ".").last ?? ""): |` and indent the "
                    + "YAML below it), got a map")
            return node
        case .scalar, .sequence:
            problem(path, node, "expected a string holding YAML, got \(node.typeDescription)")
            return nil
        }
    }

    /// Collects the `{{inputs.parameters.X}}` and `{{inputs.artifacts.X}}` placeholders of the embedded strings in
    /// order of first use, and reports the ones a deployment could not fill in.
    private func checkPlaceholders(
        _ strings: [(path: String, node: TemplateNode)], parameters: Set<String>, artifacts: Set<String>
    ) -> [TemplatePlaceholder] {
        var placeholders: [TemplatePlaceholder] = []
        // Document order: the strings may be written in any key order.
        for (path, node) in strings.sorted(by: { ($0.node.line ?? 0) < ($1.node.line ?? 0) }) {
            guard let text = node.string else { continue }
            for occurrence in EmbeddedTemplateYAML.occurrences(in: text) {
                guard let placeholder = occurrence.placeholder, !placeholders.contains(placeholder) else { continue }
                placeholders.append(placeholder)
                let line = node.isBlockScalar ? node.line.map { $0 + occurrence.line } : node.line
                let (name, declared, list) =
                    switch placeholder {
                    case .parameter(let name): (name, parameters, "spec.inputs.parameters")
                    case .artifact(let name): (name, artifacts, "spec.inputs.artifacts")
                    }
                let noun = list.hasSuffix("parameters") ? "parameter" : "artifact"
                if name.contains("-") {
                    problem(
                        path, node,
                        "placeholder \(occurrence.text) has a '-' in its name, which AI Core cannot resolve: "
                            + "deployments fail with \"placeholder values are not resolved\"; use letters, digits "
                            + "and '_'",
                        line: line)
                }
                if !declared.contains(name) {
                    problem(
                        path, node,
                        "placeholder \(occurrence.text) names no \(noun) in \(list), so deployments fail with "
                            + "\"placeholder values are not resolved\"",
                        line: line)
                }
            }
        }
        return placeholders
    }

    private func readPredictor(_ spec: TemplateNode?, into body: inout Body) {
        guard let spec, spec.members != nil else { return }
        let path = "spec.template.spec.predictor"
        guard
            let predictor = mapping(
                spec["predictor"], path, required: "KServe serves what the predictor says", parent: spec)
        else { return }
        body.minReplicas = replicas(predictor, "minReplicas", path)
        body.maxReplicas = replicas(predictor, "maxReplicas", path)
        if let minimum = body.minReplicas, let maximum = body.maxReplicas, minimum > maximum {
            problem(
                Self.path(path, "maxReplicas"), predictor["maxReplicas"],
                "maxReplicas \(maximum) is less than minReplicas \(minimum); KServe rejects the InferenceService")
        }
        let containersPath = Self.path(path, "containers")
        for (index, element) in sequence(predictor["containers"], containersPath).enumerated() {
            let elementPath = Self.path(containersPath, index)
            guard let container = mapping(element, elementPath) else { continue }
            body.containers.append(
                readContainer(container, name: scalar(container, "name", elementPath) ?? "", elementPath))
        }
    }

    /// A replica bound written as a whole number; nil when absent or a placeholder.
    private func replicas(_ predictor: TemplateNode, _ key: String, _ path: String) -> Int? {
        guard let node = predictor[key] else { return nil }
        if case .scalar(_, .number(let value)) = node.content, value >= 0, value.rounded() == value, value < 1e9 {
            return Int(value)
        }
        if let text = node.string, text.contains("{{") { return nil }
        problem(Self.path(path, key), node, "expected a whole number of replicas, got \(Self.quoted(node))")
        return nil
    }

    private func readServingResourcePlan(_ labels: TemplateNode?, _ template: TemplateNode, into body: inout Body) {
        if let plan = (labels?[Names.resourcePlanLabel] ?? labels?[Names.instanceTypeLabel])?.scalarText {
            body.resourcePlans["serving"] = plan
            return
        }
        problem(
            "spec.template.metadata.labels", labels ?? template["metadata"] ?? template,
            "no \(Names.resourcePlanLabel) (or \(Names.instanceTypeLabel)) label, so AI Core serves on the starter "
                + "plan (1 vCPU, 3 GB)",
            severity: .warning)
    }
}
