import Foundation

/// Escaping for text placed inside Groovy string literals of the generated Jenkinsfile.
enum GroovyText {
    /// The content of a `'''…'''` literal that yields `text`: Groovy still reads backslash escapes there, so
    /// backslashes and quotes are escaped; `$` is literal in single-quoted Groovy strings.
    static func singleQuotedContent(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }
}
