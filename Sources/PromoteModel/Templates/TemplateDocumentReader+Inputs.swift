extension TemplateDocumentReader {
    /// Reads a parameter list (`spec.arguments.parameters` or `spec.inputs.parameters`) in document order.
    func readParameters(_ node: TemplateNode?, _ path: String) -> [TemplateParameter] {
        var parameters: [TemplateParameter] = []
        var firstPath: [String: String] = [:]
        for (index, element) in sequence(node, path).enumerated() {
            let elementPath = Self.path(path, index)
            guard let entry = mapping(element, elementPath), let name = readName(entry, elementPath, noun: "parameter")
            else { continue }
            if let first = firstPath[name] {
                problem(
                    Self.path(elementPath, "name"), entry["name"],
                    "parameter \"\(name)\" is declared twice (first at \(first)); names must be unique")
                continue
            }
            firstPath[name] = elementPath
            let type = scalar(entry, "type", elementPath)
            if let type, type != "string" {
                problem(
                    Self.path(elementPath, "type"), entry["type"],
                    "type \"\(type)\" is not supported: AI Core only supports string parameters")
            }
            parameters.append(
                TemplateParameter(
                    name: name, defaultValue: scalar(entry, "default", elementPath), type: type,
                    description: scalar(entry, "description", elementPath)))
        }
        return parameters
    }

    /// Reads a serving template's `spec.inputs.artifacts` names in document order.
    func readArtifactNames(_ node: TemplateNode?, _ path: String) -> [String] {
        var names: [String] = []
        for (index, element) in sequence(node, path).enumerated() {
            let elementPath = Self.path(path, index)
            guard let entry = mapping(element, elementPath), let name = readName(entry, elementPath, noun: "artifact")
            else { continue }
            if names.contains(name) {
                problem(
                    Self.path(elementPath, "name"), entry["name"],
                    "artifact \"\(name)\" is declared twice; names must be unique")
                continue
            }
            names.append(name)
        }
        return names
    }

    /// The required `name` of a list entry.
    func readName(_ entry: TemplateNode, _ path: String, noun: String) -> String? {
        guard let name = scalar(entry, "name", path), !name.isEmpty else {
            problem(Self.path(path, "name"), entry["name"] ?? entry, "required: every \(noun) needs a name")
            return nil
        }
        return name
    }

    /// The text of the scalar at `key` (numbers and booleans as written), nil when missing or null. A map or list
    /// there is a problem.
    func scalar(_ node: TemplateNode, _ key: String, _ path: String) -> String? {
        guard let value = node[key] else { return nil }
        switch value.content {
        case .scalar: return value.scalarText
        case .mapping, .sequence:
            problem(Self.path(path, key), value, "expected a string, got \(value.typeDescription)")
            return nil
        }
    }

    /// Reads a container (a workflow step's `container` or `script`, or a KServe predictor container) and warns
    /// when its image is not pinned.
    func readContainer(_ node: TemplateNode, name: String, _ path: String) -> TemplateContainer {
        let image = scalar(node, "image", path)
        if let image, let reason = Names.unpinnedImageReason(image) {
            problem(Self.path(path, "image"), node["image"], reason, severity: .warning, rule: .unpinnedImage)
        }
        var env: [String: String] = [:]
        for (index, element) in sequence(node["env"], Self.path(path, "env")).enumerated() {
            let elementPath = Self.path(Self.path(path, "env"), index)
            guard let entry = mapping(element, elementPath), let variable = scalar(entry, "name", elementPath) else {
                continue
            }
            // An entry with valueFrom has no literal value; it is still part of the container's environment.
            env[variable] = scalar(entry, "value", elementPath) ?? ""
        }
        return TemplateContainer(
            name: name, image: image, command: strings(node["command"], Self.path(path, "command")),
            args: strings(node["args"], Self.path(path, "args")), env: env)
    }

    private func strings(_ node: TemplateNode?, _ path: String) -> [String] {
        sequence(node, path).map { $0.scalarText ?? "" }
    }
}
