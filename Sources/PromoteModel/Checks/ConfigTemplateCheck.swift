/// Checks a deploy config against the templates of the same commit, catching before anything is created what AI
/// Core would only report at run time (issue 5): unknown executables, undeclared or missing parameters, unbound or
/// unknown input artifacts, bindings to artifacts of the wrong kind, and schedules of serving templates.
public enum ConfigTemplateCheck {
    /// Every problem, in config order. `configFile` names the config in messages (its overlay is already merged).
    public static func check(_ config: DeployConfig, templates: [ExecutableTemplate], configFile: String)
        -> [TemplateProblem]
    {
        var byID: [String: ExecutableTemplate] = [:]
        for template in templates where byID[template.id] == nil { byID[template.id] = template }
        var problems: [TemplateProblem] = []
        for (section, runs, wantsServing) in [
            ("executions", config.executions, false), ("deployments", config.deployments, true),
        ] {
            for (index, run) in runs.enumerated() {
                let path = "$.\(section)[\(index)].configuration"
                problems += check(
                    run.configuration, path: path, wantsServing: wantsServing, section: section, byID: byID,
                    config: config, file: configFile)
            }
        }
        for (index, schedule) in config.schedules.enumerated() {
            let path = "$.schedules[\(index)].configuration"
            if schedule.declaresConfiguration {
                problems += check(
                    schedule.configuration, path: path, wantsServing: false, section: "schedules", byID: byID,
                    config: config, file: configFile)
            } else if let problem = servingSchedule(schedule, path: path, byID: byID, file: configFile) {
                // The execution that declares the configuration has its own checks; this says what it means here.
                problems.append(problem)
            }
        }
        return problems
    }

    /// A schedule naming an execution's configuration whose executable is a serving template.
    private static func servingSchedule(
        _ schedule: ScheduleSpec, path: String, byID: [String: ExecutableTemplate], file: String
    ) -> TemplateProblem? {
        let configuration = schedule.configuration
        guard let template = byID[configuration.executableID], template.scenarioID == configuration.scenarioID,
            template.deployable
        else { return nil }
        return TemplateProblem(
            file: file, path: path,
            message: "schedule \"\(schedule.name)\": configuration \"\(configuration.name)\" runs "
                + "\"\(template.id)\", a \(template.kind.rawValue) (\(template.file)); a schedule starts executions, "
                + "so it needs a workflow",
            executableID: configuration.executableID)
    }

    private static func check(
        _ configuration: ConfigurationSpec, path: String, wantsServing: Bool, section: String,
        byID: [String: ExecutableTemplate], config: DeployConfig, file: String
    ) -> [TemplateProblem] {
        let name = "configuration \"\(configuration.name)\""
        func problem(_ field: String, _ message: String) -> TemplateProblem {
            TemplateProblem(
                file: file, path: "\(path).\(field)", message: "\(name): \(message)",
                executableID: configuration.executableID)
        }
        guard let template = byID[configuration.executableID], template.scenarioID == configuration.scenarioID else {
            let known = byID.values.filter { $0.scenarioID == configuration.scenarioID }.map(\.id).sorted()
            let where_ = byID[configuration.executableID].map {
                "it is in scenario \"\($0.scenarioID ?? "none")\" (\($0.file)), not \"\(configuration.scenarioID)\""
            }
            return [
                problem(
                    "executable_id",
                    "no template defines executable \"\(configuration.executableID)\" in scenario "
                        + "\"\(configuration.scenarioID)\""
                        + (where_.map { ": \($0)" }
                            ?? " (known there: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"))
            ]
        }
        var problems: [TemplateProblem] = []
        if section == "schedules" && template.deployable {
            problems.append(
                problem(
                    "executable_id",
                    "\"\(template.id)\" is a \(template.kind.rawValue) (\(template.file)); a schedule starts "
                        + "executions, so it needs a workflow (serving templates belong under deployments)"))
        } else if template.deployable != wantsServing {
            let other = wantsServing ? "executions" : "deployments"
            problems.append(
                problem(
                    "executable_id",
                    "\"\(template.id)\" is a \(template.kind.rawValue) (\(template.file)); list it under \(other), "
                        + "not \(section)"))
        }
        let declared = Dictionary(template.parameters.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, binding) in configuration.parameterBindings.enumerated() where declared[binding.key] == nil {
            let names = template.parameters.map(\.name)
            problems.append(
                problem(
                    "parameter_bindings[\(index)].key",
                    "parameter \"\(binding.key)\" is not declared by \"\(template.id)\" (declared: "
                        + "\(names.isEmpty ? "none" : names.joined(separator: ", ")))"))
        }
        let bound = Set(configuration.parameterBindings.map(\.key))
        for parameter in template.parameters where parameter.defaultValue == nil && !bound.contains(parameter.name) {
            problems.append(
                problem(
                    "parameter_bindings",
                    "parameter \"\(parameter.name)\" of \"\(template.id)\" has no default and is not bound; bind it "
                        + "or give it a default in \(template.file)"))
        }
        let inputs = Dictionary(
            template.inputArtifacts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let boundArtifacts = Set(configuration.inputArtifactBindings.map(\.key))
        for input in template.inputArtifacts where !boundArtifacts.contains(input.name) {
            problems.append(
                problem(
                    "input_artifact_bindings",
                    "input artifact \"\(input.name)\" of \"\(template.id)\" is not bound; add "
                        + "{\"key\": \"\(input.name)\"} with an artifact of that key"))
        }
        for (index, binding) in configuration.inputArtifactBindings.enumerated() {
            guard let input = inputs[binding.key] else {
                let names = template.inputArtifacts.map(\.name)
                problems.append(
                    problem(
                        "input_artifact_bindings[\(index)].key",
                        "\"\(binding.key)\" is not an input artifact of \"\(template.id)\" (inputs: "
                            + "\(names.isEmpty ? "none" : names.joined(separator: ", ")))"))
                continue
            }
            if let artifact = config.artifact(forKey: binding.artifactKey), let wanted = input.effectiveKind,
                artifact.kind.rawValue != wanted
            {
                problems.append(
                    problem(
                        "input_artifact_bindings[\(index)]",
                        "input \"\(binding.key)\" of \"\(template.id)\" takes a \(wanted), but artifact "
                            + "\"\(artifact.key)\" is a \(artifact.kind.rawValue)"))
            }
        }
        return problems
    }
}
