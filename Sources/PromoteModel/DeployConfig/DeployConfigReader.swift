/// Reads a merged deploy config document into a ``DeployConfig``, recording every problem with its JSON path and
/// checking as it goes what only the whole document shows: unique keys and names, bindings that name a declared
/// artifact of the same scenario, and schedules that name an execution's configuration.
final class DeployConfigReader {
    static let topLevelKeys = ["clean_up", "artifacts", "executions", "deployments", "schedules"]
    static let artifactKeys = ["key", "name", "kind", "url", "scenario_id", "description", "labels"]
    static let labelKeys = ["key", "value"]
    static let executionKeys = ["configuration", "wait_for_status"]
    static let deploymentKeys = ["existing_deployment_id", "configuration", "destination_name", "wait_for_status"]
    static let configurationKeys = [
        "name", "scenario_id", "executable_id", "parameter_bindings", "input_artifact_bindings",
    ]
    static let scheduleKeys = ["name", "configuration", "cron", "start", "end", "status"]
    static let parameterBindingKeys = ["key", "value"]
    static let artifactBindingKeys = ["key", "artifact"]
    static let labelKeyPrefix = "ext.ai.sap.com/"
    static let maximumURLLength = 1024
    static let maximumDestinationNameLength = 200
    static let maximumScheduleNameLength = 256

    /// A declared artifact as far as bindings need it. Recorded even when the artifact has other problems, so that
    /// a binding to it is not reported a second time.
    struct DeclaredArtifact {
        let path: String
        /// Nil when missing or invalid: the scenario check then has nothing to compare.
        let scenarioID: String?
    }

    let problems: ProblemCollector
    let substitutions: [String: String]
    var declaredArtifacts: [String: DeclaredArtifact] = [:]
    /// False when some artifact has no readable key: a binding that names no declared artifact may then name that
    /// one, and is not reported on top of it.
    var artifactKeysComplete = true
    /// First occurrences, for the duplicate checks: value → JSON path of the object that holds it.
    var configurationNames: [String: String] = [:]
    var existingDeploymentIDs: [String: String] = [:]
    var destinationNames: [String: String] = [:]
    var scheduleNames: [String: String] = [:]
    /// The configuration names the deployments declare, readable or not: a schedule naming one gets a clear
    /// message rather than "not a configuration".
    var deploymentConfigurationNames: Set<String> = []

    init(problems: ProblemCollector, substitutions: [String: String]) {
        self.problems = problems
        self.substitutions = substitutions
    }

    /// The config, or nil when any problem was recorded (problems recorded before this call count too).
    func read(_ document: JSONValue, file: String) -> DeployConfig? {
        guard let reader = JSONObjectReader(document, file: file, path: "$", problems: problems) else { return nil }
        reader.rejectUnknownKeys(Self.topLevelKeys)
        let cleanUp = readCleanUp(reader)
        // Artifacts first, whatever the key order, so that bindings can be checked against them.
        if let artifacts = reader.object["artifacts"] {
            artifactKeysComplete = artifacts.arrayValue?.allSatisfy { $0["key"]?.stringValue != nil } ?? false
        }
        let artifacts = (reader.objects("artifacts") ?? []).compactMap(readArtifact)
        let executions = (reader.objects("executions") ?? []).compactMap { readRun($0, isDeployment: false) }
        let deployments = (reader.objects("deployments") ?? []).compactMap { readRun($0, isDeployment: true) }
        let schedules = readSchedules(reader, executions: executions)
        guard problems.problems.isEmpty else { return nil }
        return DeployConfig(
            cleanUp: cleanUp, artifacts: artifacts, executions: executions, deployments: deployments,
            schedules: schedules)
    }

    /// `clean_up` is a boolean here; its scope ("scenario", "resource_group") is the stage file's, where a value
    /// written here most likely belongs.
    private func readCleanUp(_ reader: JSONObjectReader) -> Bool {
        guard case .string(let scope) = reader.object["clean_up"],
            DeploySettings.CleanUpScope(rawValue: scope) != nil
        else { return reader.bool("clean_up") ?? false }
        reader.problem(
            "clean_up",
            "expected true or false, got a string; the clean-up scope (\"\(scope)\") is set by deploy.clean_up in "
                + "the stage file")
        return false
    }

    /// Records `value` as the first holder of a value that must be unique, or reports it as a duplicate of the
    /// first.
    func claim(
        _ value: String, in seen: inout [String: String], at reader: JSONObjectReader, field: String,
        _ describe: (_ first: String) -> String
    ) {
        if let first = seen[value] {
            reader.problem(field, describe(first))
        } else {
            seen[value] = reader.path
        }
    }

    /// A string field that may be empty. Numbers and booleans are the usual mistake, so the message shows the
    /// quoted value.
    func text(_ reader: JSONObjectReader, _ key: String) -> String? {
        guard let value = reader.object[key] else {
            reader.problem(key, "required key is missing")
            return nil
        }
        switch value {
        case .string(let text):
            return text
        case .number(let number):
            reader.problem(
                key, "expected a string, got \(value.typeDescription); quote it: \"\(formatNumber(number))\"")
        case .bool(let flag):
            reader.problem(key, "expected a string, got a boolean; quote it: \"\(flag)\"")
        default:
            reader.problem(key, "expected a string, got \(value.typeDescription)")
        }
        return nil
    }
}
