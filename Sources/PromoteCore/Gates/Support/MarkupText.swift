/// Text made safe for XML and HTML, in element content and in double-quoted attributes: JUnit reports and the HTML
/// report both carry text that records, hooks or commit authors wrote.
enum MarkupText {
    /// Escapes markup and drops characters XML 1.0 cannot hold (terminal control codes in test output).
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value): continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
