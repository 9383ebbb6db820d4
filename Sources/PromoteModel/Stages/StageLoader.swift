/// The raw content of one stage file and the path it is reported under.
public struct StageFileSource: Sendable {
    public let path: String
    public let contents: [UInt8]

    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }
}

/// Loads and validates stage files (DESIGN.md §2), collecting every problem before failing once.
public enum StageLoader {
    /// The only stage file format version this build reads.
    public static let supportedVersion = 1

    /// Names a stage may not take, because `promote <name> ...` would be read as the command.
    public static let reservedNames: Set<String> = [
        "approvals", "approve", "ci", "completion", "demo", "deploy", "emulator", "gate", "help", "history", "init",
        "metrics", "plan", "run", "status", "test", "version",
    ]

    static let topLevelKeys = ["version", "name", "branch", "from", "environment", "aicore", "deploy", "gates"]
    static let aicoreKeys = [
        "resource_group", "application", "env_prefix", "templates_path", "require_pinned_images", "tenant",
    ]
    static let deployKeys = ["config", "overlay", "clean_up", "timeout_seconds", "concurrency"]
    static let gateKeys = [
        "approvals", "tests", "require_deployed_upstream", "verify", "signed_records", "metrics", "verify_metrics",
        "freeze",
    ]
    static let approvalKeys = ["required", "allow_authors", "ttl_hours"]
    static let hookKeys = ["name", "run", "timeout_seconds", "env"]

    /// Validates `files` (the `*.json` files of a `stages/` directory) as one set.
    public static func load(_ files: [StageFileSource], directory: String = "stages") throws(StageError) -> StageSet {
        guard !files.isEmpty else { throw .noStageFiles(directory: directory) }
        let problems = ProblemCollector()
        let parsed = files.sorted { $0.path < $1.path }.compactMap { parseStage($0, problems: problems) }
        // Stage names equal file names, so a stage whose file is broken is still a known stage: a reference to it
        // is not a second problem.
        let fileStageNames = Set(
            files.compactMap { file in
                file.path.split(separator: "/").last.flatMap { $0.hasSuffix(".json") ? String($0.dropLast(5)) : nil }
            })
        let order = validateGraph(parsed.map(\.node), fileStageNames: fileStageNames, problems: problems)
        guard problems.problems.isEmpty else { throw .invalid(problems.inFileOrder) }
        let stages = Dictionary(parsed.compactMap { entry in entry.stage.map { ($0.name, $0) } }) { first, _ in first }
        return StageSet(stages: order.compactMap { stages[$0.name] })
    }

    /// What the graph checks need from a stage file; available even when other parts of the file are invalid, so
    /// that graph problems are reported together with field problems.
    struct GraphNode: Equatable {
        let name: String
        let branch: String?
        let from: String?
        let file: String
        let requiresDeployedUpstream: Bool
        /// Whether `gates.metrics` has rules (they judge the upstream stage's deploy records).
        var hasMetricRules = false
    }

    private static func parseStage(_ source: StageFileSource, problems: ProblemCollector) -> (
        node: GraphNode, stage: Stage?
    )? {
        if let problem = InputLimit.stageFile.problem(source.contents.count) {
            problems.add(source.path, "$", problem)
            return nil
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: source.contents)
        } catch {
            problems.add(source.path, "$", "not valid JSON: \(error.description)")
            return nil
        }
        guard let reader = JSONObjectReader(document, file: source.path, path: "$", problems: problems) else {
            return nil
        }
        let before = problems.problems.count
        reader.rejectUnknownKeys(topLevelKeys)
        if let version = reader.integer("version", required: true, in: Int.min...Int.max), version != supportedVersion {
            let upgrade = version > supportedVersion ? " or upgrade promote" : ""
            reader.problem(
                "version", "version \(version) is not supported by this promote; use \(supportedVersion)\(upgrade)")
        }
        let name = reader.string("name", required: true)
        if let name { validateName(name, source: source, reader: reader) }
        let branch = reader.string("branch", required: true)
        if let branch, let reason = invalidBranchReason(branch) {
            reader.problem("branch", "\"\(branch)\" is not a valid branch name: \(reason)")
        }
        let from = reader.string("from")
        let environment = reader.string("environment")
        let aicore = reader.object("aicore", required: true).flatMap(parseAICore)
        let deploy = reader.object("deploy").map(parseDeploy) ?? .default
        let gates = reader.object("gates").map(parseGates) ?? Gates.none
        guard let name else { return nil }
        let node = GraphNode(
            name: name, branch: branch, from: from, file: source.path,
            requiresDeployedUpstream: gates.requireDeployedUpstream, hasMetricRules: !gates.metrics.isEmpty)
        guard problems.problems.count == before, let branch, let aicore else { return (node, nil) }
        let stage = Stage(
            name: name, branch: branch, from: from, environment: environment ?? name, aicore: aicore,
            deploy: deploy, gates: gates, file: source.path)
        return (node, stage)
    }

    private static func validateName(_ name: String, source: StageFileSource, reader: JSONObjectReader) {
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        if !allowed || !(name.first?.isLetter ?? false) {
            reader.problem(
                "name",
                "\"\(name)\" is not a valid stage name: use lower-case letters, digits, '-' and '_', starting with a letter"
            )
            return
        }
        if reservedNames.contains(name) {
            reader.problem("name", "\"\(name)\" clashes with the command 'promote \(name)'; choose another stage name")
            return
        }
        let fileName = source.path.split(separator: "/").last.map(String.init) ?? source.path
        if fileName != "\(name).json" {
            reader.problem(
                "name",
                "\"\(name)\" does not match the file name \(fileName); rename the file to \(name).json or fix the name")
        }
    }

    private static func parseAICore(_ reader: JSONObjectReader) -> AICoreSettings? {
        reader.rejectUnknownKeys(aicoreKeys)
        let resourceGroup = reader.string("resource_group", required: true)
        if let resourceGroup, !isValidResourceGroupID(resourceGroup) {
            reader.problem(
                "resource_group",
                "\"\(resourceGroup)\" is not a valid resource group id: use 3 to 253 letters, digits, '-' and '.', starting and ending with a letter or digit"
            )
        }
        let application = reader.string("application", required: true)
        let prefix = reader.string("env_prefix") ?? AICoreSettings.defaultEnvPrefix
        if !prefix.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) {
            reader.problem(
                "env_prefix",
                "\"\(prefix)\" is not a valid environment variable prefix: use upper-case letters, digits and '_'")
        } else if prefix.first?.isNumber == true {
            reader.problem(
                "env_prefix", "\"\(prefix)\" is not a valid environment variable prefix: it must not start with a digit"
            )
        }
        let templatesPath = normalizedTemplatesPath(reader)
        let requirePinnedImages = reader.bool("require_pinned_images") ?? false
        let tenant = reader.object("tenant").map(TenantDeclarationReader.declaration)
        guard let resourceGroup, let application else { return nil }
        return AICoreSettings(
            resourceGroup: resourceGroup, application: application, envPrefix: prefix, templatesPath: templatesPath,
            requirePinnedImages: requirePinnedImages, tenant: tenant)
    }

    /// A relative folder without leading or trailing slashes; `.` is the repository root.
    private static func normalizedTemplatesPath(_ reader: JSONObjectReader) -> String {
        guard let raw = reader.string("templates_path") else { return AICoreSettings.defaultTemplatesPath }
        let trimmed = String(raw.drop { $0 == "/" }.reversed().drop { $0 == "/" }.reversed())
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if raw.hasPrefix("/") || parts.contains("..") || (parts.contains("") && !trimmed.isEmpty) {
            reader.problem(
                "templates_path",
                "\"\(raw)\" is not a folder inside the repository: use a relative path such as \"templates\"")
            return AICoreSettings.defaultTemplatesPath
        }
        return trimmed.isEmpty ? "." : trimmed
    }

    private static func parseDeploy(_ reader: JSONObjectReader) -> DeploySettings {
        reader.rejectUnknownKeys(deployKeys)
        var cleanUp = DeploySettings.CleanUpScope.scenario
        if let scope = reader.string("clean_up") {
            if let parsed = DeploySettings.CleanUpScope(rawValue: scope) {
                cleanUp = parsed
            } else {
                reader.problem(
                    "clean_up", "\"\(scope)\" is not a clean-up scope; use \"scenario\" or \"resource_group\"")
            }
        }
        return DeploySettings(
            config: reader.string("config") ?? DeploySettings.defaultConfig, overlay: reader.string("overlay"),
            cleanUp: cleanUp,
            timeoutSeconds: reader.integer("timeout_seconds", in: 1...86_400) ?? DeploySettings.defaultTimeoutSeconds,
            concurrency: reader.integer("concurrency", in: DeploySettings.concurrencyRange))
    }

    private static func parseGates(_ reader: JSONObjectReader) -> Gates {
        reader.rejectUnknownKeys(gateKeys)
        let approvals = reader.object("approvals").flatMap { approvals -> ApprovalGate? in
            approvals.rejectUnknownKeys(approvalKeys)
            guard let required = approvals.integer("required", required: true, in: 0...100) else { return nil }
            return ApprovalGate(
                required: required, allowAuthors: approvals.bool("allow_authors") ?? false,
                ttlHours: approvals.positiveNumber("ttl_hours"))
        }
        return Gates(
            approvals: approvals, tests: parseHooks(reader, key: "tests"),
            requireDeployedUpstream: reader.bool("require_deployed_upstream") ?? false,
            verify: parseHooks(reader, key: "verify"), signedRecords: reader.bool("signed_records"),
            metrics: MetricRuleReader.rules(reader, key: "metrics", comparisons: true),
            verifyMetrics: MetricRuleReader.rules(reader, key: "verify_metrics", comparisons: false),
            freeze: FreezeWindowReader.windows(reader))
    }

    private static func parseHooks(_ reader: JSONObjectReader, key: String) -> [Hook] {
        var seen: [String: String] = [:]
        return (reader.objects(key) ?? []).compactMap { hook in
            hook.rejectUnknownKeys(hookKeys)
            let name = hook.string("name", required: true)
            let run = hook.string("run", required: true)
            let timeout = hook.integer("timeout_seconds", in: 1...86_400) ?? Hook.defaultTimeoutSeconds
            let env = parseHookEnv(hook)
            guard let name, let run else { return nil }
            // Hook names appear in logs, JUnit reports and records: letters, digits, '.', '_' and '-' only.
            if name.isEmpty || name.count > 64
                || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
            {
                hook.problem(
                    "name",
                    "\(name.debugDescription) is not a hook name: use up to 64 letters, digits and . _ - (like unit or smoke-test)"
                )
                return nil
            }
            if let first = seen[name] {
                hook.problem("name", "duplicate hook name \"\(name)\" (first at \(first)); hook names must be unique")
                return nil
            }
            seen[name] = hook.path
            return Hook(name: name, run: run, timeoutSeconds: timeout, env: env)
        }
    }

    /// `env`: names of variables to pass to the hook. A name that looks like a credential is refused here; the
    /// stages' own credential names are kept out when the hook runs (`HookEnvironment`).
    private static func parseHookEnv(_ hook: JSONObjectReader) -> [String] {
        guard let names = hook.strings("env") else { return [] }
        var accepted: [String] = []
        for (index, name) in names {
            let path = "env[\(index)]"
            if name.isEmpty || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
                || name.first?.isNumber == true
            {
                hook.problem(path, "\"\(name)\" is not an environment variable name (letters, digits and _)")
            } else if HookVariables.isCredential(name) {
                hook.problem(
                    path,
                    "\"\(name)\" is a credential (a token, secret, password, key or git setting): hooks never get one; remove it and give the hook what it needs another way"
                )
            } else {
                accepted.append(name)
            }
        }
        return accepted
    }

    /// Checks what only the whole set shows (duplicate names and branches, unknown upstreams, cycles) and returns the
    /// stages in graph order.
    private static func validateGraph(_ nodes: [GraphNode], fileStageNames: Set<String>, problems: ProblemCollector)
        -> [GraphNode]
    {
        var byName: [String: GraphNode] = [:]
        var byBranch: [String: GraphNode] = [:]
        for node in nodes {
            if let other = byName[node.name] {
                problems.add(node.file, "$.name", "stage \"\(node.name)\" is also declared in \(other.file)")
            } else {
                byName[node.name] = node
            }
            guard let branch = node.branch else { continue }
            if let other = byBranch[branch] {
                problems.add(
                    node.file, "$.branch",
                    "branch \"\(branch)\" is already used by stage \"\(other.name)\" (\(other.file)); every stage needs its own branch"
                )
            } else {
                byBranch[branch] = node
            }
        }
        for node in nodes {
            guard let from = node.from else {
                if node.requiresDeployedUpstream {
                    problems.add(
                        node.file, "$.gates.require_deployed_upstream",
                        "stage \"\(node.name)\" has no \"from\", so there is no upstream to require a deploy of")
                }
                if node.hasMetricRules {
                    problems.add(
                        node.file, "$.gates.metrics",
                        "stage \"\(node.name)\" has no \"from\", so no upstream deploy records the candidate's metrics; use gates.verify_metrics to check this stage's own deploys"
                    )
                }
                continue
            }
            if from == node.name {
                problems.add(node.file, "$.from", "stage \"\(node.name)\" cannot be promoted from itself")
            } else if byName[from] == nil && !fileStageNames.contains(from) {
                let known = fileStageNames.union(byName.keys).sorted().joined(separator: ", ")
                problems.add(node.file, "$.from", "\"\(from)\" is not a stage; known stages: \(known)")
            }
        }
        let ordered = graphOrder(Array(byName.values))
        for node in byName.values.sorted(by: { $0.name < $1.name })
        where !ordered.contains(node) && node.from != node.name {
            if let cycle = cycle(through: node, byName) {
                problems.add(
                    node.file, "$.from",
                    "stage \"\(node.name)\" is part of a cycle (\(cycle)); one stage must be the entry stage without \"from\""
                )
            }
        }
        return ordered
    }

    /// Kahn's algorithm: entry stages first, then each stage after its upstream; ties sorted by name.
    private static func graphOrder(_ nodes: [GraphNode]) -> [GraphNode] {
        let names = Set(nodes.map(\.name))
        var ready = nodes.filter { $0.from == nil || !names.contains($0.from ?? "") }.sorted { $0.name < $1.name }
        var ordered: [GraphNode] = []
        while !ready.isEmpty {
            let next = ready.removeFirst()
            ordered.append(next)
            ready.append(contentsOf: nodes.filter { $0.from == next.name && $0.name != next.name })
            ready.sort { $0.name < $1.name }
        }
        return ordered
    }

    /// "a <- c <- b <- a" when following `from` from `start` comes back to it; nil when `start` only hangs off a
    /// cycle (that cycle is reported on its own members).
    private static func cycle(through start: GraphNode, _ byName: [String: GraphNode]) -> String? {
        var path = [start.name]
        var current = start
        while let from = current.from, let next = byName[from] {
            if next.name == start.name { return (path + [start.name]).joined(separator: " <- ") }
            if path.contains(next.name) { return nil }
            path.append(next.name)
            current = next
        }
        return nil
    }

    /// AI Core resource group ids: 3–253 characters, alphanumerics, '-' and '.', alphanumeric at both ends.
    static func isValidResourceGroupID(_ id: String) -> Bool {
        let scalars = Array(id.unicodeScalars)
        guard (3...253).contains(scalars.count) else { return false }
        let alphanumeric: (Unicode.Scalar) -> Bool = {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
        }
        guard let first = scalars.first, let last = scalars.last, alphanumeric(first), alphanumeric(last) else {
            return false
        }
        return scalars.allSatisfy { alphanumeric($0) || $0 == "-" || $0 == "." }
    }

    /// Why `name` is not a valid branch name under `git check-ref-format --branch`, or nil when it is.
    static func invalidBranchReason(_ name: String) -> String? {
        if name.hasPrefix("-") { return "it starts with '-'" }
        if name.hasPrefix("refs/") { return "give the short branch name (e.g. \"main\"), not a full ref" }
        if name == "HEAD" || name == "@" { return "'\(name)' is reserved by git" }
        if name.contains("..") { return "it contains '..'" }
        if name.contains("@{") { return "it contains '@{'" }
        if name.hasSuffix("/") || name.hasSuffix(".") { return "it ends with '/' or '.'" }
        if name.hasPrefix("/") || name.contains("//") { return "it has an empty path component" }
        let components = name.split(separator: "/")
        if components.contains(where: { $0.hasPrefix(".") }) { return "a component starts with '.'" }
        if components.contains(where: { $0.hasSuffix(".lock") }) { return "a component ends with '.lock'" }
        if let bad = name.unicodeScalars.first(where: {
            $0.value < 0x20 || $0.value == 0x7F || " ~^:?*[\\".unicodeScalars.contains($0)
        }) {
            return bad.value < 0x21 || bad.value == 0x7F
                ? "it contains a space or control character" : "it contains '\(bad)'"
        }
        return nil
    }
}
