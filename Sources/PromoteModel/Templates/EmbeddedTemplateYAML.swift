import Yams

/// The YAML that a ServingTemplate holds in strings (`spec.template.metadata.annotations`, `.labels` and `.spec`).
/// AI Core fills in the `{{…}}` placeholders first and parses the result, so an unquoted
/// `image: {{inputs.parameters.image}}` is fine there even though it is a YAML flow map as written. To read the
/// string without a deployment's values, every placeholder is swapped for a plain token before parsing and put back
/// into the parsed strings afterwards (templates.md §2, "Semantic-diff advice").
enum EmbeddedTemplateYAML {
    /// One `{{…}}` occurrence in the string.
    struct Occurrence: Equatable {
        /// The text as written, braces included.
        let text: String
        /// 1-based line within the string.
        let line: Int
        /// What it refers to, when it is an `inputs.parameters.X` or `inputs.artifacts.X` placeholder.
        let placeholder: TemplatePlaceholder?
    }

    /// Why the string is not valid YAML.
    struct SyntaxError: Error {
        /// 1-based line within the string, when known.
        let line: Int?
        let problem: String
    }

    /// Every `{{…}}` in `text`, in order.
    static func occurrences(in text: String) -> [Occurrence] {
        var result: [Occurrence] = []
        var line = 1
        var scanned = text.startIndex
        for found in PlaceholderScanner.placeholders(in: text) {
            line += text.unicodeScalars[scanned..<found.range.lowerBound].count { $0 == "\n" }
            scanned = found.range.lowerBound
            let written = found.text
            result.append(Occurrence(text: written, line: line, placeholder: placeholder(written)))
        }
        return result
    }

    /// The placeholder `text` (`{{inputs.parameters.X}}`, spaces inside the braces allowed) refers to.
    static func placeholder(_ text: String) -> TemplatePlaceholder? {
        let inner = text.dropFirst(2).dropLast(2).trimmingWhitespace()
        if let name = inner.strippingPrefix("inputs.parameters.") { return .parameter(name) }
        if let name = inner.strippingPrefix("inputs.artifacts.") { return .artifact(name) }
        return nil
    }

    /// Parses `text` with its placeholders kept verbatim in the parsed strings. `firstLine` is the file line of
    /// the string's first line, when the string is a block scalar whose lines map onto the file; otherwise every
    /// node gets `fallbackLine`. An empty string parses to nil.
    static func parse(_ text: String, firstLine: Int?, fallbackLine: Int?) throws(SyntaxError) -> TemplateNode? {
        let found = occurrences(in: text)
        var token = "PROMOTEPLACEHOLDER"
        while text.contains(token) { token += "X" }
        var protected = ""
        var restorations: [(token: String, text: String)] = []
        var rest = text[...]
        for (index, occurrence) in found.enumerated() {
            guard let range = rest.firstRange(of: occurrence.text) else { continue }
            // A trailing letter ends the token, so PROMOTEPLACEHOLDER1Z never matches inside PROMOTEPLACEHOLDER12Z.
            let stand = "\(token)\(index)Z"
            protected += rest[..<range.lowerBound] + stand
            restorations.append((stand, occurrence.text))
            rest = rest[range.upperBound...]
        }
        protected += rest
        let restore: (String) -> String = { string in
            guard string.contains(token) else { return string }
            return restorations.reduce(string) { $0.replacing($1.token, with: $1.text) }
        }
        // Plain YAML is composed without Yams (see TemplateParser); the rest, errors included, with it.
        if let roots = PlainYAMLComposer.documents(
            protected, maximumDocuments: 1, lineOffset: (firstLine ?? 1) - 1, lines: firstLine != nil, restore: restore)
        {
            guard var root = roots.first else { return nil }
            if firstLine == nil { root.setLine(fallbackLine) }
            return root
        }
        do {
            try YAMLAliasBudget.check(protected)
        } catch {
            throw SyntaxError(line: error.line, problem: error.problem)
        }
        do {
            guard let root = try Yams.compose(yaml: protected, .default, .default, .utf8) else { return nil }
            if let firstLine {
                return TemplateNode(root, lineOffset: firstLine - 1, restore: restore)
            }
            var node = TemplateNode(root, lines: false, restore: restore)
            node.setLine(fallbackLine)
            return node
        } catch {
            let (line, problem) = TemplateParser.describe(error)
            throw SyntaxError(line: line, problem: restore(problem))
        }
    }
}

extension TemplateNode {
    /// Gives this node and every node below it the same line.
    fileprivate mutating func setLine(_ line: Int?) {
        self.line = line
        switch content {
        case .scalar: break
        case .sequence(let elements):
            content = .sequence(
                elements.map { element in
                    var element = element
                    element.setLine(line)
                    return element
                })
        case .mapping(let members):
            content = .mapping(
                members.map { member in
                    var value = member.value
                    value.setLine(line)
                    return Member(key: member.key, value: value)
                })
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    func strippingPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
