extension DeployConfigLoader {
    /// The variables parameter values may use, filled in at deploy time.
    public static let substitutionNames = ["PROMOTE_COMMIT", "PROMOTE_COMMIT_SHORT", "PROMOTE_STAGE"]

    /// Why `text` cannot be substituted.
    struct SubstitutionError: Error {
        let message: String
    }

    /// Replaces every `${NAME}` in `text` with `values[NAME]`, in one pass (a value is never itself expanded).
    /// A supported name without a value stays as written, so a caller that only validates needs no values; an
    /// unsupported name or an unterminated `${` is an error.
    static func substitute(_ text: String, values: [String: String]) throws(SubstitutionError) -> String {
        let supported = substitutionNames.map { "${\($0)}" }.joined(separator: ", ")
        var output = ""
        var rest = text[...]
        while let start = rest.firstRange(of: "${") {
            output += rest[..<start.lowerBound]
            let afterOpening = rest[start.upperBound...]
            guard let close = afterOpening.firstIndex(of: "}") else {
                throw SubstitutionError(
                    message:
                        "\"\(text)\" has a \"${\" without a closing \"}\"; the supported variables are \(supported)"
                )
            }
            let name = String(afterOpening[..<close])
            guard substitutionNames.contains(name) else {
                throw SubstitutionError(
                    message: "unknown variable ${\(name)} in \"\(text)\"; the supported variables are \(supported)")
            }
            output += values[name] ?? "${\(name)}"
            rest = afterOpening[afterOpening.index(after: close)...]
        }
        return output + rest
    }
}
