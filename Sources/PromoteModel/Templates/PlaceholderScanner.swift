/// Finds `{{…}}` in template strings. Hand-written rather than a regex literal: Swift on Linux rebuilds a regex
/// literal every time it is evaluated, which made parsing 300 templates for `promote plan` several times slower.
enum PlaceholderScanner {
    /// One `{{…}}`: where it is in the text, and its text.
    struct Found {
        let range: Range<String.Index>
        let text: String
    }

    /// Every `{{…}}` in `text`, in order: from a `{{` to the nearest `}}` on the same line, what the regular
    /// expression `\{\{.*?\}\}` matches in Go (Argo). Like Go's regexp it reads Unicode scalars, not Swift's
    /// characters: `"\r\n"` is one Character, which hid the line end, and a brace with a combining mark is still a
    /// brace.
    static func placeholders(in text: String) -> [Found] {
        let scalars = text.unicodeScalars
        var result: [Found] = []
        var index = scalars.startIndex
        while index < scalars.endIndex {
            guard scalars[index] == "{", case let second = scalars.index(after: index), second < scalars.endIndex,
                scalars[second] == "{"
            else {
                index = scalars.index(after: index)
                continue
            }
            var cursor = scalars.index(after: second)
            var close: String.Index?
            while cursor < scalars.endIndex, scalars[cursor] != "\n" {
                let next = scalars.index(after: cursor)
                if scalars[cursor] == "}", next < scalars.endIndex, scalars[next] == "}" {
                    close = scalars.index(after: next)
                    break
                }
                cursor = next
            }
            guard let close else {
                // No `}}` before the end of the line, so no later `{{` on it has one either: going on from the
                // next `{{` would rescan the line for each of them (quadratic in a long line of braces).
                index = cursor
                continue
            }
            result.append(Found(range: index..<close, text: String(scalars[index..<close])))
            index = close
        }
        return result
    }

    /// The parameter name of `{{workflow.parameters.NAME}}` (spaces inside the braces allowed), or nil.
    static func workflowParameter(_ placeholder: String) -> String? {
        let inner = placeholder.dropFirst(2).dropLast(2).drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }
        let trimmed = String(inner.reversed())
        let prefix = "workflow.parameters."
        guard trimmed.hasPrefix(prefix) else { return nil }
        let name = trimmed.dropFirst(prefix.count)
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "{" || $0 == "}" }) else { return nil }
        return String(name)
    }
}
