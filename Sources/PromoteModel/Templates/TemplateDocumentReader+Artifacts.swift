extension TemplateDocumentReader {
    /// Why an `artifacts.ai.sap.com/<name>.labels` annotation cannot be read.
    struct ArtifactLabelsError: Error {
        let message: String
    }

    /// The artifact `name` with what its `artifacts.ai.sap.com/<name>.*` annotations say.
    func artifact(_ name: String, localName: String?, _ metadata: Metadata) -> TemplateArtifact {
        let prefix = Names.artifactAnnotationPrefix + name + "."
        let labels = metadata.annotations[prefix + "labels"].flatMap { try? Self.artifactLabels($0) }
        return TemplateArtifact(
            name: name, kind: metadata.annotations[prefix + "kind"],
            description: metadata.annotations[prefix + "description"], labels: labels ?? [:], localName: localName)
    }

    /// Checks the `artifacts.ai.sap.com/<name>.<field>` annotations: a known kind, labels that are a JSON object,
    /// and an artifact the template declares (AI Core silently ignores the others). `outputs` maps each output's
    /// globalName to its local name.
    func checkArtifactAnnotations(_ metadata: Metadata, declared: Set<String>, outputs: [String: String]) {
        let globalNames = Dictionary(outputs.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        var reported: Set<String> = []
        for member in metadata.annotationMembers {
            guard let rest = member.key.strippingPrefix(Names.artifactAnnotationPrefix),
                let dot = rest.lastIndex(of: "."), let value = member.value.string
            else { continue }
            let artifactName = String(rest[..<dot])
            let path = Self.path("metadata.annotations", member.key)
            switch rest[rest.index(after: dot)...] {
            case "kind" where !Names.artifactKinds.contains(value):
                let kinds = Names.artifactKinds.dropLast().joined(separator: ", ") + " or other"
                problem(path, member.value, "\"\(value)\" is not an artifact kind: use \(kinds)")
            case "labels":
                do {
                    _ = try Self.artifactLabels(value)
                } catch {
                    problem(path, member.value, "expected a JSON object of string values: \(error.message)")
                }
            default:
                break
            }
            guard !declared.contains(artifactName), outputs[artifactName] == nil, !reported.contains(artifactName)
            else { continue }
            reported.insert(artifactName)
            if let globalName = globalNames[artifactName] {
                problem(
                    path, member.value,
                    "\"\(artifactName)\" is the local name of an output artifact; AI Core reads an output's "
                        + "annotations under its globalName \"\(globalName)\" and ignores this one",
                    severity: .warning)
            } else {
                problem(
                    path, member.value,
                    "the template declares no artifact \"\(artifactName)\" (inputs by name, outputs by globalName), "
                        + "so AI Core ignores this annotation",
                    severity: .warning)
            }
        }
    }

    /// Reads the JSON object an artifact's `labels` annotation holds, e.g. `{"ext.ai.sap.com/k":"v"}`.
    static func artifactLabels(_ text: String) throws(ArtifactLabelsError) -> [String: String] {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Array(text.utf8))
        } catch {
            throw ArtifactLabelsError(message: error.description)
        }
        guard case .object(let object) = value else {
            throw ArtifactLabelsError(message: "got \(value.typeDescription)")
        }
        var labels: [String: String] = [:]
        for (key, member) in object.members {
            guard case .string(let string) = member else {
                throw ArtifactLabelsError(message: "\"\(key)\" is \(member.typeDescription)")
            }
            labels[key] = string
        }
        return labels
    }
}
