import Yams

/// Reads AI Core template files the way AI Core's git sync does (templates.md §1–§3): every YAML document of a
/// file, keeping WorkflowTemplates and ServingTemplates, and checking each one for what would make the sync fail,
/// hide the executable, or break it later at run time.
public enum TemplateParser {
    /// Parses one file of a synced path. It never throws: a file that cannot be read yields a problem instead.
    ///
    /// A YAML syntax error anywhere in the file yields no templates at all, because AI Core (through Argo CD) then
    /// fails to unmarshal the whole file. JSON files (`*.json`) are read strictly as JSON first, as Argo CD does.
    public static func parse(path: String, contents: [UInt8]) -> TemplateFile {
        switch documents(path: path, contents: contents) {
        case .unreadable(let problem):
            return TemplateFile(path: path, templates: [], problems: [problem])
        case .read(let roots):
            var templates: [ExecutableTemplate] = []
            var problems: [TemplateProblem] = []
            var fieldLines: [Int: [String: Int]] = [:]
            for (index, root) in roots.enumerated() where !root.isNull {
                let reader = TemplateDocumentReader(file: path, documentIndex: index)
                if let template = reader.read(root) { templates.append(template) }
                problems += reader.problems
                fieldLines[index] = reader.fieldLines
            }
            return TemplateFile(path: path, templates: templates, problems: problems.sorted(), fieldLines: fieldLines)
        }
    }

    private enum Documents {
        case read([TemplateNode])
        /// The one problem that stops AI Core from reading the file.
        case unreadable(TemplateProblem)
    }

    /// Every document of the file, or why there are none.
    private static func documents(path: String, contents: [UInt8]) -> Documents {
        // Argo CD names the file relative to the application path, and AI Core reads only its top level.
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let prefix = "Failed to unmarshal \"\(name)\": "
        if let problem = InputLimit.template.problem(contents.count) {
            return .unreadable(TemplateProblem(file: path, path: "", line: nil, message: problem))
        }
        guard let text = String(validating: contents, as: UTF8.self) else {
            return .unreadable(
                TemplateProblem(
                    file: path, path: "", line: invalidUTF8Line(contents),
                    message: prefix + "error converting YAML to JSON: yaml: invalid leading UTF-8 octet"))
        }
        var strictJSON: JSONValue?
        if path.hasSuffix(".json") {
            do {
                strictJSON = try JSONValue(parsing: contents)
            } catch {
                return .unreadable(
                    TemplateProblem(
                        file: path, path: "", line: error.line,
                        message: prefix + "\(error.message) (line \(error.line), column \(error.column))"))
            }
        }
        // Templates are plain YAML; composing that without Yams makes parsing several times faster. Anything else,
        // errors included, is read below as before.
        if let roots = PlainYAMLComposer.documents(text) { return .read(roots) }
        do {
            try YAMLAliasBudget.check(text)
        } catch {
            return .unreadable(
                TemplateProblem(
                    file: path, path: "", line: error.line,
                    message: prefix + "error converting YAML to JSON: yaml: line \(error.line): " + error.problem))
        }
        do {
            return .read(try composedByYams(text))
        } catch {
            // Valid JSON that libyaml (YAML 1.1) reads differently is rare; then the lines are what is lost.
            if let strictJSON { return .read([TemplateNode(strictJSON)]) }
            let (line, problem) = describe(error)
            let location = line.map { "line \($0): " } ?? ""
            return .unreadable(
                TemplateProblem(
                    file: path, path: "", line: line,
                    message: prefix + "error converting YAML to JSON: yaml: " + location + problem))
        }
    }

    /// Every document of `text` as Yams composes it: what `PlainYAMLComposer` must agree with wherever it reads.
    static func composedByYams(
        _ text: String, lineOffset: Int = 0, lines: Bool = true, restore: (String) -> String = { $0 }
    ) throws -> [TemplateNode] {
        let parser = try Parser(yaml: text, encoding: .utf8)
        var roots: [TemplateNode] = []
        while let root = try parser.nextRoot() {
            roots.append(TemplateNode(root, lineOffset: lineOffset, lines: lines, restore: restore))
        }
        return roots
    }

    /// The line and the problem text of a Yams error, worded like go-yaml's where they differ.
    static func describe(_ error: any Error) -> (line: Int?, problem: String) {
        guard let error = error as? YamlError else { return (nil, "\(error)") }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return (mark.line, problem)
        case .reader(let problem, let offset, _, let yaml):
            // libyaml's offset counts bytes; counting "\n" bytes also sees the line ends of "\r\n" files.
            return (offset.map { offset in yaml.utf8.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 } }, problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first occurrence; go-yaml reports the line of the repeated key.
            let first = context.mark
            let key = duplicates.first ?? ""
            let repeated = repeatedKeyLine(key, after: first, in: context.text)
            return (repeated ?? first.line, "mapping key \"\(key)\" already defined at line \(first.line)")
        default:
            return (nil, "\(error)")
        }
    }

    /// The line of the next block-style `key:` at the same column after `first`, when there is one.
    private static func repeatedKeyLine(_ key: String, after first: Mark, in yaml: String) -> Int? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line < lines.count else { return nil }
        for index in first.line..<lines.count {
            let line = lines[index]
            guard line.count >= first.column else { continue }
            let rest = line.dropFirst(first.column - 1)
            let quotedKeys = [key, "\"\(key)\"", "'\(key)'"]
            if quotedKeys.contains(where: { rest.hasPrefix($0 + ":") || rest.hasPrefix($0 + " :") }) {
                return index + 1
            }
        }
        return nil
    }

    /// The 1-based line of the first byte that is not valid UTF-8.
    private static func invalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                if scalar.count == 1 && scalar.first == UInt8(ascii: "\n") { line += 1 }
            case .emptyInput, .error:
                return line
            }
        }
    }
}
