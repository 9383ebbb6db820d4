import Mustache
public import PromoteModel

/// One file the generators produce: its path relative to the repository root and its full content.
public struct GeneratedFile: Sendable, Equatable {
    public let path: String
    public let contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// Renders the CI files from the templates: a pure function of the context and the templates.
public enum CIGenerator {
    /// Where each target's file lives in the repository.
    public static func path(of target: CISettings.Target) -> String {
        switch target {
        case .github: ".github/workflows/promote.yml"
        case .gitlab: ".gitlab-ci.yml"
        case .jenkins: "Jenkinsfile"
        }
    }

    /// The template each target's file is rendered from.
    public static func templateName(of target: CISettings.Target) -> String {
        switch target {
        case .github: "github/promote.yml"
        case .gitlab: "gitlab/gitlab-ci.yml"
        case .jenkins: "jenkins/Jenkinsfile"
        }
    }

    public static func generate(_ targets: [CISettings.Target], context: CIContext, templates: TemplateSet)
        throws(CIGenError) -> [GeneratedFile]
    {
        let library = try templates.library()
        var files: [GeneratedFile] = []
        for target in targets {
            let name = templateName(of: target)
            guard let rendered = library.render(context, withTemplate: name) else {
                throw .missingTemplate(name: name)
            }
            files.append(GeneratedFile(path: path(of: target), contents: tidy(rendered)))
        }
        return files
    }

    /// Trailing spaces removed, at most one blank line in a row, exactly one final newline: templates can then be
    /// laid out for reading without the output depending on it.
    static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var trimmed = line
            while trimmed.last == " " || trimmed.last == "\t" { trimmed = trimmed.dropLast() }
            if trimmed.isEmpty && (lines.last?.isEmpty ?? true) { continue }
            lines.append(trimmed)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}
