/// Loads `cicd/config.json` (DESIGN.md §3) with a stage's overlay, collecting every problem before failing once.
public enum DeployConfigLoader {
    /// Parses `base` and `overlay` strictly, applies the overlay as a JSON merge patch (RFC 7386), fills in the
    /// `${PROMOTE_...}` variables of parameter values from `substitutions`, and validates the result.
    ///
    /// Each problem names the file its value came from: the overlay when the overlay set (or deleted) that part of
    /// the document, else the base file.
    public static func load(
        base: [UInt8], basePath: String, overlay: [UInt8]?, overlayPath: String?, substitutions: [String: String]
    ) throws(DeployConfigError) -> DeployConfig {
        let overlayFile = overlayPath ?? "the overlay"
        let problems = ProblemCollector()
        let baseDocument = parse(base, file: basePath, problems: problems)
        let overlayDocument = overlay.flatMap { parse($0, file: overlayFile, problems: problems) }
        if let overlayDocument, overlayDocument.objectValue == nil {
            problems.add(
                overlayFile, "$", "expected an object (a JSON merge patch), got \(overlayDocument.typeDescription)")
        }
        // A base that is not an object would be replaced whole by an object overlay and its problem lost.
        if let baseDocument, baseDocument.objectValue == nil {
            problems.add(basePath, "$", "expected an object, got \(baseDocument.typeDescription)")
        }
        guard problems.problems.isEmpty, let baseDocument else { throw .invalid(problems.problems) }

        let merged = overlayDocument.map { mergePatch(baseDocument, $0) } ?? baseDocument
        let overlaid = overlayDocument.map { pathsSet(byPatch: $0, on: baseDocument) } ?? []
        let config = DeployConfigReader(problems: problems, substitutions: substitutions).read(merged, file: basePath)
        let located = problems.problems.map { problem in
            guard overlaid.contains(where: { isPath(problem.path, under: $0) }) else { return problem }
            return ValidationProblem(file: overlayFile, path: problem.path, message: problem.message)
        }
        guard located.isEmpty, let config else {
            throw .invalid(located.filter { $0.file == basePath } + located.filter { $0.file != basePath })
        }
        return config
    }

    private static func parse(_ bytes: [UInt8], file: String, problems: ProblemCollector) -> JSONValue? {
        if let problem = InputLimit.deployConfig.problem(bytes.count) {
            problems.add(file, "$", problem)
            return nil
        }
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            problems.add(file, "$", "not valid JSON: \(error.description)")
            return nil
        }
    }

    /// Whether `path` is `prefix` or lies inside it (`$.a` holds `$.a.b` and `$.a[0]`, not `$.ab`).
    static func isPath(_ path: String, under prefix: String) -> Bool {
        path == prefix || path.hasPrefix(prefix + ".") || path.hasPrefix(prefix + "[")
    }
}
