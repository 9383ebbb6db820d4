/// Character rules for values that are written into generated YAML, Groovy and shell: narrow enough that no quoting
/// mistake can turn a value into code.
public enum SafeText: Sendable {
    case imageReference, url, gitRef, relativePath, label, submitters

    public func accepts(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        let scalars = text.unicodeScalars
        let basic: (Unicode.Scalar) -> Bool = {
            $0.isASCII && (("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0))
        }
        switch self {
        case .imageReference:
            return basic(scalars.first ?? " ")
                && scalars.allSatisfy { basic($0) || "._/:@-".unicodeScalars.contains($0) }
        case .url:
            return scalars.allSatisfy { basic($0) || "._~:/@%+=-".unicodeScalars.contains($0) }
        case .gitRef:
            return StageLoader.invalidBranchReason(text) == nil
                && scalars.allSatisfy { basic($0) || "._/-".unicodeScalars.contains($0) }
        case .relativePath:
            return !text.hasPrefix("/") && !text.split(separator: "/").contains("..")
                && scalars.allSatisfy { basic($0) || "._/-".unicodeScalars.contains($0) }
        case .label:
            return scalars.allSatisfy { basic($0) || "._-".unicodeScalars.contains($0) }
        case .submitters:
            return scalars.allSatisfy { basic($0) || "._@+-, ".unicodeScalars.contains($0) }
        }
    }

    /// What the rule allows, for error messages.
    public var rule: String {
        switch self {
        case .imageReference: "use letters, digits and . _ / : @ -, starting with a letter or digit"
        case .url: "use letters, digits and . _ ~ : / @ % + = - (no quotes or spaces)"
        case .gitRef: "use a tag or branch name of letters, digits and . _ / -"
        case .relativePath: "use a path relative to the repository root, of letters, digits and . _ / -, without '..'"
        case .label: "use letters, digits and . _ -"
        case .submitters: "use comma-separated user IDs or group names of letters, digits, spaces and . _ @ + -"
        }
    }
}

extension JSONObjectReader {
    /// A string that must satisfy `rule`; a violation is recorded with the rule.
    func safeString(_ key: String, _ rule: SafeText) -> String? {
        guard let text = string(key) else { return nil }
        guard rule.accepts(text) else {
            problem(key, "\"\(text)\" is not allowed here: \(rule.rule)")
            return nil
        }
        return text
    }

    /// An array of strings; elements of another type are recorded and skipped.
    func stringArray(_ key: String) -> [String]? {
        guard let value = object[key] else { return nil }
        guard case .array(let elements) = value else {
            problem(key, "expected an array of strings, got \(value.typeDescription)")
            return nil
        }
        return elements.enumerated().compactMap { index, element in
            guard case .string(let text) = element, !text.isEmpty else {
                problem("\(key)[\(index)]", "expected a non-empty string, got \(element.typeDescription)")
                return nil
            }
            return text
        }
    }

    /// An object from stage names to strings; keys that are not stages are recorded.
    func stageMap(_ key: String, stageNames: [String]) -> [String: String]? {
        guard let map = self.object(key) else { return nil }
        var result: [String: String] = [:]
        for name in map.object.keys {
            guard stageNames.contains(name) else {
                map.problem(
                    name, "\"\(name)\" is not a stage; known stages: \(stageNames.sorted().joined(separator: ", "))")
                continue
            }
            if let value = map.string(name) { result[name] = value }
        }
        return result
    }
}
