extension TemplateDocumentReader {
    /// What `metadata` holds, with label and annotation values as text even where YAML typed them otherwise.
    struct Metadata {
        var id: String?
        var labels: [String: String] = [:]
        var annotations: [String: String] = [:]
        /// The annotations in document order with their nodes, for checks that report a line.
        var annotationMembers: [TemplateNode.Member] = []
    }

    func readMetadata(_ root: TemplateNode) -> Metadata {
        var metadata = Metadata()
        guard
            let node = mapping(
                root["metadata"], "metadata", required: "the template's name, labels and annotations", parent: root)
        else { return metadata }
        metadata.id = readName(node)
        // A missing map is reported through the labels and annotations it should hold.
        let labels = mapping(node["labels"], "metadata.labels")
        let labelMembers = stringMap(labels, "metadata.labels", noun: "label")
        for member in labelMembers { metadata.labels[member.key] = member.value.scalarText ?? "" }
        let annotations = mapping(node["annotations"], "metadata.annotations")
        metadata.annotationMembers = stringMap(annotations, "metadata.annotations", noun: "annotation")
        for member in metadata.annotationMembers { metadata.annotations[member.key] = member.value.scalarText ?? "" }
        checkLabels(labelMembers, labels ?? node)
        checkRequiredAnnotations(metadata.annotations, annotations ?? node)
        return metadata
    }

    private func readName(_ metadata: TemplateNode) -> String? {
        guard let node = metadata["name"], !node.isNull else {
            problem("metadata.name", metadata, "required: the template's name is its executable ID")
            return nil
        }
        guard let name = node.string else {
            problem("metadata.name", node, "expected a string, got \(node.typeDescription)")
            return nil
        }
        if !Names.isValidExecutableID(name) {
            problem(
                "metadata.name", node,
                "\"\(name)\" is not a valid executable ID: use 4 to 64 lower-case letters, digits and '-', starting "
                    + "and ending with a letter or digit; the hyphen is the only separator AI Core accepts "
                    + "(\(Names.executableIDPattern))")
        }
        return name
    }

    /// The members of a label or annotation map whose values are scalars. Kubernetes types both maps as
    /// string-to-string, so a value YAML reads as a number, boolean or null makes the whole template fail to apply.
    private func stringMap(_ node: TemplateNode?, _ path: String, noun: String) -> [TemplateNode.Member] {
        var members: [TemplateNode.Member] = []
        for member in node?.members ?? [] {
            let memberPath = Self.path(path, member.key)
            switch member.value.content {
            case .scalar(_, .string):
                members.append(member)
            case .scalar(let text, _):
                let what =
                    member.value.isNull
                    ? "\(noun) has no value (null in YAML, not a string),"
                    : "\(noun) value \(text) is \(member.value.typeDescription) in YAML, not a string,"
                let fix = member.value.isNull ? "write \"\" or a value" : "quote it: \"\(text)\""
                problem(memberPath, member.value, "\(what) so Kubernetes cannot apply the template; \(fix)")
                members.append(member)
            case .mapping, .sequence:
                problem(memberPath, member.value, "expected a string, got \(member.value.typeDescription)")
            }
        }
        return members
    }

    private func checkLabels(_ labels: [TemplateNode.Member], _ parent: TemplateNode) {
        var found: Set<String> = []
        for member in labels {
            found.insert(member.key)
            // A value of another YAML type is already reported; its text would only add a second problem.
            guard let value = member.value.string else { continue }
            let path = Self.path("metadata.labels", member.key)
            switch member.key {
            case Names.scenarioIDLabel:
                if !Names.isValidScenarioID(value) {
                    problem(
                        path, member.value,
                        "\"\(value)\" is not a valid scenario ID: use 4 to 63 letters, digits, '_', '.' and '-', "
                            + "starting and ending with a letter or digit")
                }
            case Names.versionLabel:
                if value.isEmpty || !Names.isValidLabelValue(value) {
                    problem(
                        path, member.value,
                        "\"\(value)\" is not a valid version: as a Kubernetes label value it must be 1 to 63 "
                            + "letters, digits, '-', '_' and '.', starting and ending with a letter or digit")
                }
            default:
                if !Names.isValidLabelValue(value) {
                    problem(
                        path, member.value,
                        "\"\(value)\" is not a valid Kubernetes label value: use at most 63 letters, digits, '-', "
                            + "'_' and '.', starting and ending with a letter or digit")
                }
            }
        }
        let required = [
            (Names.scenarioIDLabel, "it is the ID of the scenario the executable belongs to"),
            (Names.versionLabel, "it is the executable's version"),
        ]
        for (key, why) in required where !found.contains(key) {
            problem(Self.path("metadata.labels", key), parent, "required label is missing: \(why)")
        }
    }

    private func checkRequiredAnnotations(_ annotations: [String: String], _ parent: TemplateNode) {
        let required = [
            (Names.scenarioNameAnnotation, "it is the scenario's name"),
            (Names.executableNameAnnotation, "it is the executable's name"),
        ]
        for (key, why) in required where annotations[key] == nil {
            problem(Self.path("metadata.annotations", key), parent, "required annotation is missing: \(why)")
        }
    }
}
