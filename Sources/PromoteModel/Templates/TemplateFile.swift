/// One template file of a synced path, as `TemplateParser` read it.
public struct TemplateFile: Hashable, Sendable, Codable {
    /// The repository path of the file.
    public let path: String
    /// Every WorkflowTemplate and ServingTemplate document that has a name, in document order, including those
    /// with problems (a consumer that mirrors AI Core skips the ones with errors). Empty when the file has a YAML
    /// syntax error, because AI Core then reads nothing from it.
    public let templates: [ExecutableTemplate]
    /// The problems of the file's documents, sorted.
    public let problems: [TemplateProblem]

    /// Per document index, the lines of the fields the cross-file rules point at (keyed by problem path, `""` for
    /// the document). The public model has no lines, so the parser hands them to `TemplateRules` here.
    var fieldLines: [Int: [String: Int]] = [:]

    public init(path: String, templates: [ExecutableTemplate], problems: [TemplateProblem]) {
        self.path = path
        self.templates = templates
        self.problems = problems
    }

    init(path: String, templates: [ExecutableTemplate], problems: [TemplateProblem], fieldLines: [Int: [String: Int]]) {
        self.init(path: path, templates: templates, problems: problems)
        self.fieldLines = fieldLines
    }

    /// The line of `path` in `template`'s document, or of the document itself.
    func line(of path: String, in template: ExecutableTemplate) -> Int? {
        fieldLines[template.documentIndex].flatMap { $0[path] ?? $0[""] }
    }

    /// Whether any problem is an error (AI Core would not sync it, or the executable would not appear).
    public var hasErrors: Bool { problems.contains { $0.severity == .error } }
}
