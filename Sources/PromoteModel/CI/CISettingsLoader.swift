/// Reads `cicd/ci.json` strictly, like the stage files: unknown keys, wrong types and unsafe values are all reported
/// at once, each with the file and JSON path.
public enum CISettingsLoader {
    public static let supportedVersion = 1

    static let topLevelKeys = [
        "version", "targets", "runner_image", "promote", "image", "github", "gitlab", "jenkins",
        "doctor_in_pull_requests", "report",
    ]
    static let promoteKeys = ["install", "source", "ref", "command", "release_url", "version", "release_sha256"]
    static let imageKeys = ["repository", "dockerfile", "context"]
    static let githubKeys = ["runs_on"]
    static let gitlabKeys = ["tags", "deployment_tiers"]
    static let reportKeys = ["pages"]
    static let jenkinsKeys = ["approvers", "git_credentials", "registry_credentials", "docker_label", "destinations"]

    /// The settings in `contents` (the file at `path`), checked against the stages they refer to; nil contents
    /// (no file) gives the defaults.
    public static func load(_ contents: [UInt8]?, path: String = CISettings.defaultPath, stages: StageSet)
        throws(CISettingsError) -> CISettings
    {
        try load(contents, path: path, stageNames: stages.stages.map(\.name))
    }

    /// The settings in `contents`, checked against stages of these names (`promote init` checks what it is about to
    /// write before the stage files exist).
    public static func load(_ contents: [UInt8]?, path: String = CISettings.defaultPath, stageNames: [String])
        throws(CISettingsError) -> CISettings
    {
        guard let contents else { return .defaults }
        if let problem = InputLimit.ciSettings.problem(contents.count) {
            throw .invalid([ValidationProblem(file: path, path: "$", message: problem)])
        }
        let problems = ProblemCollector()
        let document: JSONValue
        do {
            document = try JSONValue(parsing: contents)
        } catch {
            throw .invalid([ValidationProblem(file: path, path: "$", message: "not valid JSON: \(error.description)")])
        }
        guard let reader = JSONObjectReader(document, file: path, path: "$", problems: problems) else {
            throw .invalid(problems.problems)
        }
        let settings = read(reader, stageNames: stageNames)
        guard problems.problems.isEmpty else { throw .invalid(problems.problems) }
        return CISettings(
            targets: settings.targets, runnerImage: settings.runnerImage, install: settings.install,
            image: settings.image, github: settings.github, gitlab: settings.gitlab, jenkins: settings.jenkins,
            report: settings.report, doctorInPullRequests: settings.doctorInPullRequests, file: path)
    }

    private static func read(_ reader: JSONObjectReader, stageNames: [String]) -> CISettings {
        let defaults = CISettings.defaults
        reader.rejectUnknownKeys(topLevelKeys)
        if let version = reader.integer("version", required: true, in: Int.min...Int.max), version != supportedVersion {
            reader.problem("version", "version \(version) is not supported by this promote; use \(supportedVersion)")
        }
        var targets = defaults.targets
        if let names = reader.stringArray("targets") {
            targets = []
            for (index, name) in names.enumerated() {
                guard let target = CISettings.Target(rawValue: name) else {
                    reader.problem(
                        "targets[\(index)]", "\"\(name)\" is not a CI target; use github, gitlab or jenkins")
                    continue
                }
                if !targets.contains(target) { targets.append(target) }
            }
            if names.isEmpty { reader.problem("targets", "must name at least one of github, gitlab, jenkins") }
        }
        let runnerImage = reader.safeString("runner_image", .imageReference)
        let install = reader.object("promote").map(readInstall) ?? defaults.install
        return CISettings(
            targets: targets, runnerImage: runnerImage ?? CISettings.defaultRunnerImage(for: install.method),
            install: install,
            image: reader.object("image").map(readImage) ?? defaults.image,
            github: reader.object("github").map(readGitHub) ?? defaults.github,
            gitlab: reader.object("gitlab").map { readGitLab($0, stageNames: stageNames) } ?? defaults.gitlab,
            jenkins: reader.object("jenkins").map { readJenkins($0, stageNames: stageNames) } ?? defaults.jenkins,
            report: reader.object("report").map(readReport) ?? defaults.report,
            doctorInPullRequests: readDoctorStages(reader, stageNames: stageNames), file: nil)
    }

    /// `doctor_in_pull_requests`: stage names, each at most once. Read element by element rather than with
    /// `stringArray`, so that each problem names the element's own index.
    private static func readDoctorStages(_ reader: JSONObjectReader, stageNames: [String]) -> [String] {
        let key = "doctor_in_pull_requests"
        guard let value = reader.object[key] else { return [] }
        guard case .array(let elements) = value else {
            reader.problem(key, "expected an array of stage names, got \(value.typeDescription)")
            return []
        }
        var stages: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let name) = element, !name.isEmpty else {
                reader.problem("\(key)[\(index)]", "expected a stage name, got \(element.typeDescription)")
                continue
            }
            guard stageNames.contains(name) else {
                reader.problem(
                    "\(key)[\(index)]",
                    "\"\(name)\" is not a stage; known stages: \(stageNames.sorted().joined(separator: ", "))")
                continue
            }
            guard !stages.contains(name) else {
                reader.problem("\(key)[\(index)]", "\"\(name)\" is listed twice")
                continue
            }
            stages.append(name)
        }
        return stages
    }

    private static func readInstall(_ reader: JSONObjectReader) -> CISettings.Install {
        reader.rejectUnknownKeys(promoteKeys)
        var method = CISettings.InstallMethod.source
        if let name = reader.string("install") {
            if let parsed = CISettings.InstallMethod(rawValue: name) {
                method = parsed
            } else {
                reader.problem(
                    "install", "\"\(name)\" is not an install method; use release, source, command or preinstalled")
            }
        }
        let source = reader.safeString("source", .url) ?? CISettings.defaultSource
        let ref = reader.safeString("ref", .gitRef)
        let command = reader.string("command")
        if let command, command.contains("${{") {
            reader.problem("command", "must not contain '${{' (GitHub would expand it); use an environment variable")
        }
        if method == .command && command == nil {
            reader.problem(
                "command", "required when install is \"command\": the shell command that puts promote on PATH")
        }
        if method != .command && command != nil {
            reader.problem(
                "command", "only used when install is \"command\"; remove it or set \"install\": \"command\"")
        }
        let release = readRelease(reader, method: method)
        return CISettings.Install(
            method: method, source: source, ref: ref, command: command, releaseURL: release.url,
            version: release.version, releaseSHA256: release.sha256)
    }

    private static func readImage(_ reader: JSONObjectReader) -> CISettings.ImageBuild {
        reader.rejectUnknownKeys(imageKeys)
        let defaults = CISettings.defaults.image
        return CISettings.ImageBuild(
            repository: reader.safeString("repository", .imageReference),
            dockerfile: reader.safeString("dockerfile", .relativePath) ?? defaults.dockerfile,
            context: reader.safeString("context", .relativePath) ?? defaults.context)
    }

    private static func readGitHub(_ reader: JSONObjectReader) -> CISettings.GitHub {
        reader.rejectUnknownKeys(githubKeys)
        return CISettings.GitHub(runsOn: reader.safeString("runs_on", .label) ?? CISettings.defaults.github.runsOn)
    }

    private static func readGitLab(_ reader: JSONObjectReader, stageNames: [String]) -> CISettings.GitLab {
        reader.rejectUnknownKeys(gitlabKeys)
        let tags = reader.stringArray("tags") ?? []
        for (index, tag) in tags.enumerated() where !SafeText.label.accepts(tag) {
            reader.problem("tags[\(index)]", "\"\(tag)\" is not a valid runner tag: \(SafeText.label.rule)")
        }
        let tiers = reader.stageMap("deployment_tiers", stageNames: stageNames) ?? [:]
        for (stage, tier) in tiers.sorted(by: { $0.key < $1.key }) where !CISettings.deploymentTiers.contains(tier) {
            reader.problem(
                "deployment_tiers.\(stage)",
                "\"\(tier)\" is not a GitLab deployment tier; use one of \(CISettings.deploymentTiers.joined(separator: ", "))"
            )
        }
        return CISettings.GitLab(tags: tags, deploymentTiers: tiers)
    }

    private static func readReport(_ reader: JSONObjectReader) -> CISettings.Report {
        reader.rejectUnknownKeys(reportKeys)
        return CISettings.Report(pages: reader.bool("pages") ?? CISettings.defaults.report.pages)
    }

    private static func readJenkins(_ reader: JSONObjectReader, stageNames: [String]) -> CISettings.Jenkins {
        reader.rejectUnknownKeys(jenkinsKeys)
        let defaults = CISettings.defaults.jenkins
        let approvers = reader.stageMap("approvers", stageNames: stageNames) ?? [:]
        for (stage, list) in approvers.sorted(by: { $0.key < $1.key }) where !SafeText.submitters.accepts(list) {
            reader.problem("approvers.\(stage)", "\"\(list)\" is not a submitter list: \(SafeText.submitters.rule)")
        }
        return CISettings.Jenkins(
            approvers: approvers,
            gitCredentials: reader.safeString("git_credentials", .label) ?? defaults.gitCredentials,
            registryCredentials: reader.safeString("registry_credentials", .label) ?? defaults.registryCredentials,
            dockerLabel: reader.safeString("docker_label", .label) ?? defaults.dockerLabel,
            destinations: reader.bool("destinations") ?? defaults.destinations)
    }
}
