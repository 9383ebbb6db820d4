/// Finds `{{…}}` in template strings. Hand-written rather than a regex literal: Swift on Linux rebuilds a regex
/// literal every time it is evaluated, which made parsing 300 templates for `promote plan` several times slower.
enum PlaceholderScanner {
    /// Every `{{…}}` in `text`, in order: from a `{{` to the nearest `}}` on the same line (what the regular
    /// expression `\{\{.*?\}\}` matches).
    static func ranges(in text: String) -> [Range<String.Index>] {
        guard text.contains("{{") else { return [] }
        var result: [Range<String.Index>] = []
        var index = text.startIndex
        while let open = text[index...].firstRange(of: "{{") {
            var cursor = open.upperBound
            var close: Range<String.Index>?
            while cursor < text.endIndex, text[cursor] != "\n" {
                if text[cursor...].hasPrefix("}}") {
                    close = cursor..<text.index(cursor, offsetBy: 2)
                    break
                }
                cursor = text.index(after: cursor)
            }
            guard let close else {
                // No `}}` before the end of the line, so no later `{{` on it has one either: going on from the
                // next `{{` would rescan the line for each of them (quadratic in a long line of braces).
                index = cursor
                continue
            }
            result.append(open.lowerBound..<close.upperBound)
            index = close.upperBound
        }
        return result
    }

    /// The parameter name of `{{workflow.parameters.NAME}}` (spaces inside the braces allowed), or nil.
    static func workflowParameter(_ placeholder: Substring) -> String? {
        let inner = placeholder.dropFirst(2).dropLast(2).drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }
        let trimmed = String(inner.reversed())
        let prefix = "workflow.parameters."
        guard trimmed.hasPrefix(prefix) else { return nil }
        let name = trimmed.dropFirst(prefix.count)
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "{" || $0 == "}" }) else { return nil }
        return String(name)
    }
}
