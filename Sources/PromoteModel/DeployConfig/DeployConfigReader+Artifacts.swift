extension DeployConfigReader {
    func readArtifact(_ reader: JSONObjectReader) -> ArtifactSpec? {
        reader.rejectUnknownKeys(Self.artifactKeys)
        let key = reader.string("key", required: true)
        let name = reader.string("name", required: true)
        let kind = reader.string("kind", required: true).flatMap { value -> ArtifactSpec.Kind? in
            let kind = ArtifactSpec.Kind(rawValue: value)
            if kind == nil {
                let hint = ArtifactSpec.Kind(rawValue: value.lowercased()) == nil ? "" : " (kinds are lower case)"
                reader.problem(
                    "kind", "\"\(value)\" is not an artifact kind: use model, dataset, resultset or other\(hint)")
            }
            return kind
        }
        let url = reader.string("url", required: true).flatMap { url -> String? in
            let problem = Self.urlProblem(url)
            problem.map { reader.problem("url", "\"\(url)\" is not a valid artifact URL: \($0)") }
            return problem == nil ? url : nil
        }
        let scenarioID = reader.string("scenario_id", required: true).flatMap { validScenarioID(reader, $0) }
        let description = reader.string("description")
        let labels = readLabels(reader)
        if let key {
            if let first = declaredArtifacts[key] {
                reader.problem(
                    "key", "duplicate artifact key \"\(key)\" (first at \(first.path)); artifact keys must be unique")
            } else {
                declaredArtifacts[key] = DeclaredArtifact(path: reader.path, scenarioID: scenarioID)
            }
        }
        guard let key, let name, let kind, let url, let scenarioID else { return nil }
        return ArtifactSpec(
            key: key, name: name, kind: kind, url: url, scenarioID: scenarioID, description: description,
            labels: labels)
    }

    private func readLabels(_ reader: JSONObjectReader) -> [LabelSpec] {
        var seen: [String: String] = [:]
        return (reader.objects("labels") ?? []).compactMap { label -> LabelSpec? in
            label.rejectUnknownKeys(Self.labelKeys)
            let key = label.string("key", required: true)
            let value = text(label, "value")
            guard let key else { return nil }
            if !Self.isValidLabelKey(key) {
                label.problem(
                    "key",
                    "\"\(key)\" is not a valid label key: use \(Self.labelKeyPrefix)<name>, the name made of letters, "
                        + "digits, '_', '.' and '-'")
                return nil
            }
            claim(key, in: &seen, at: label, field: "key") { first in
                "duplicate label key \"\(key)\" (first at \(first)); label keys must be unique"
            }
            return value.map { LabelSpec(key: key, value: $0) }
        }
    }

    /// The scenario ID, or nil (with a problem) when AI Core would not accept it.
    func validScenarioID(_ reader: JSONObjectReader, _ id: String) -> String? {
        guard TemplateNameRules.isValidScenarioID(id) else {
            reader.problem(
                "scenario_id",
                "\"\(id)\" is not a valid scenario ID: use 4 to 63 letters, digits, '_', '.' and '-', starting and "
                    + "ending with a letter or digit")
            return nil
        }
        return id
    }

    /// Why `url` does not match AI Core's `^([a-z0-9-]+)://.+`, or nil when it does.
    static func urlProblem(_ url: String) -> String? {
        let example = "use <scheme>://<path>, e.g. ai://default/cicd/example.txt"
        guard let separator = url.firstRange(of: "://") else { return example }
        let scheme = url[..<separator.lowerBound]
        if scheme.isEmpty { return "the scheme before \"://\" is missing; \(example)" }
        if !scheme.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
            return "the scheme \"\(scheme)\" may only have lower-case letters, digits and '-'"
        }
        let path = url[separator.upperBound...]
        if path.isEmpty || path.first?.isNewline == true { return "nothing follows \"://\"; \(example)" }
        if url.count > maximumURLLength {
            return "it has \(url.count) characters; AI Core allows at most \(maximumURLLength)"
        }
        return nil
    }

    /// AI Core's `^ext\.ai\.sap\.com/[\w.-]+$`, with `\w` read as ASCII.
    static func isValidLabelKey(_ key: String) -> Bool {
        guard key.hasPrefix(labelKeyPrefix) else { return false }
        let name = key.dropFirst(labelKeyPrefix.count)
        return !name.isEmpty && name.unicodeScalars.allSatisfy { isWordScalar($0) || $0 == "." || $0 == "-" }
    }

    /// `\w` in ASCII: letters, digits and '_'.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
