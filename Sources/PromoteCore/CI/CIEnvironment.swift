public import Foundation

/// The CI system promote runs in, detected from the environment (reference/ci.md §4.1), and how output follows its
/// conventions: collapsible log groups, error annotations, GitHub's step summary, and whether colour is welcome.
/// The methods return the lines to print, so callers keep control of where output goes.
public struct CIEnvironment: Sendable {
    public enum Provider: String, Sendable, Equatable {
        case githubActions = "GitHub Actions"
        case gitlabCI = "GitLab CI"
        case jenkins = "Jenkins"
        case none = "no CI"
    }

    /// A collapsible log group opened by `beginGroup`.
    public struct Group: Sendable, Equatable {
        /// GitLab's section name: letters, digits, `_`, `.` and `-` only.
        public let name: String
        public let title: String
    }

    public let provider: Provider
    private let environment: [String: String]
    private let outputIsTerminal: Bool

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        outputIsTerminal: Bool = isatty(STDOUT_FILENO) == 1
    ) {
        self.environment = environment
        self.outputIsTerminal = outputIsTerminal
        provider = Self.detect(environment)
    }

    /// A variable's value; nil when unset or empty.
    func value(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func detect(_ environment: [String: String]) -> Provider {
        if environment["GITHUB_ACTIONS"] == "true" { return .githubActions }
        if environment["GITLAB_CI"] == "true" { return .gitlabCI }
        if let url = environment["JENKINS_URL"], !url.isEmpty,
            environment["BUILD_ID"] != nil || environment["BUILD_URL"] != nil
        {
            return .jenkins
        }
        return .none
    }

    /// ANSI colour only when `NO_COLOR` is unset or empty, and stdout is a terminal or a CI log that renders ANSI
    /// (GitHub, GitLab; Jenkins shows raw escapes without the AnsiColor plugin).
    public var colorAllowed: Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return outputIsTerminal || provider == .githubActions || provider == .gitlabCI
    }

    /// Opens a collapsible group; print the returned line (if any) before the group's output. Plain logs get no
    /// marker, so output outside CI stays as it was.
    public func beginGroup(_ title: String, now: Date = Date()) -> (group: Group, line: String?) {
        let group = Group(name: Self.sectionName(title), title: title)
        switch provider {
        case .githubActions:
            return (group, "::group::\(Self.escapeMessage(title))")
        case .gitlabCI:
            return (
                group, "\u{1B}[0Ksection_start:\(Self.seconds(now)):\(group.name)[collapsed=true]\r\u{1B}[0K\(title)"
            )
        case .jenkins, .none:
            return (group, nil)
        }
    }

    /// Closes a group; nil when this CI has nothing to print for it.
    public func endGroup(_ group: Group, now: Date = Date()) -> String? {
        switch provider {
        case .githubActions: "::endgroup::"
        case .gitlabCI: "\u{1B}[0Ksection_end:\(Self.seconds(now)):\(group.name)\r\u{1B}[0K"
        case .jenkins, .none: nil
        }
    }

    /// An error the CI shows next to the run (GitHub annotation), or a plain `error:` line elsewhere.
    public func errorLine(_ message: String, title: String? = nil, file: String? = nil, line: Int? = nil) -> String {
        guard provider == .githubActions else {
            let place = file.map { path in line.map { "\(path):\($0): " } ?? "\(path): " } ?? ""
            return "error: \(place)\(message)"
        }
        var properties: [String] = []
        if let file { properties.append("file=\(Self.escapeProperty(file))") }
        if let line { properties.append("line=\(line)") }
        if let title { properties.append("title=\(Self.escapeProperty(title))") }
        let joined = properties.isEmpty ? "" : " " + properties.joined(separator: ",")
        return "::error\(joined)::\(Self.escapeMessage(message))"
    }

    /// Appends Markdown to GitHub's job summary (`$GITHUB_STEP_SUMMARY`); false when there is none to write to.
    @discardableResult
    public func appendStepSummary(_ markdown: String) throws -> Bool {
        guard provider == .githubActions, let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else {
            return false
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            try Data(markdown.utf8).write(to: URL(fileURLWithPath: path))
            return true
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(markdown.utf8))
        return true
    }

    /// GitHub workflow-command escaping of a message (actions/toolkit `command.ts`).
    static func escapeMessage(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// The same for a property value, which also may not contain `:` or `,`.
    static func escapeProperty(_ text: String) -> String {
        escapeMessage(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    static func sectionName(_ title: String) -> String {
        let scalars = title.lowercased().unicodeScalars.map { scalar -> Character in
            let allowed =
                (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                || scalar == "." || scalar == "-" || scalar == "_"
            return allowed ? Character(scalar) : "_"
        }
        return String(scalars)
    }

    private static func seconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970) }
}
