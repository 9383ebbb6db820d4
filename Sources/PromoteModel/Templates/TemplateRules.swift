/// The checks that need every template of one synced path together (templates.md §2–§3): what one file cannot
/// tell on its own.
public enum TemplateRules {
    /// AI Core's quota of workflow templates per tenant.
    public static let maximumWorkflowTemplates = 50
    /// AI Core's quota of serving templates per tenant.
    public static let maximumServingTemplates = 50

    /// The problems across `files` (the top-level `*.yaml`, `*.yml` and `*.json` files of one synced path),
    /// sorted. Each file's own problems are in `TemplateFile.problems` and are not repeated here.
    public static func check(_ files: [TemplateFile]) -> [TemplateProblem] {
        let files = files.sorted { $0.path < $1.path }
        let templates = files.flatMap(\.templates)
        // The public model has no lines; the files the parser made know them.
        let filesByPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let locate: Locate = { template, path in filesByPath[template.file]?.line(of: path, in: template) }
        let problems =
            duplicateIDs(templates, locate) + servingOnlyScenarios(templates, locate) + quotas(templates, locate)
            + scenarioNames(templates, locate)
        return problems.sorted()
    }

    /// The line of a field of a template's document.
    private typealias Locate = (ExecutableTemplate, String) -> Int?

    /// The executable ID is tenant-wide, and AI Core shows none of the templates that share one.
    private static func duplicateIDs(_ templates: [ExecutableTemplate], _ locate: Locate) -> [TemplateProblem] {
        let byID = Dictionary(grouping: templates, by: \.id).filter { $0.value.count > 1 }
        return byID.values.flatMap { group in
            group.map { template in
                let others = group.filter { $0 != template }
                let sameFile = others.filter { $0.file == template.file }.map { String($0.documentIndex + 1) }
                var places = others.map(\.file).filter { $0 != template.file }
                if !sameFile.isEmpty {
                    let noun = sameFile.count == 1 ? "document" : "documents"
                    places.insert("\(noun) \(sameFile.joined(separator: " and ")) of this file", at: 0)
                }
                let neither = group.count == 2 ? "neither executable" : "none of these executables"
                return TemplateProblem(
                    file: template.file, path: "metadata.name", line: locate(template, "metadata.name"),
                    message:
                        "executable ID \"\(template.id)\" is also used in \(places.joined(separator: " and ")); "
                        + "AI Core then shows \(neither); executable IDs must be unique across the tenant",
                    executableID: template.id)
            }
        }
    }

    /// AI Core creates a scenario only from a WorkflowTemplate; serving templates alone leave it missing.
    private static func servingOnlyScenarios(_ templates: [ExecutableTemplate], _ locate: Locate) -> [TemplateProblem] {
        let workflowScenarios = Set(templates.filter { $0.kind == .workflow }.compactMap(\.scenarioID))
        return templates.filter { $0.kind == .serving }.compactMap { template in
            guard let scenario = template.scenarioID, !workflowScenarios.contains(scenario) else { return nil }
            let path = "metadata.labels[\"\(TemplateNameRules.scenarioIDLabel)\"]"
            return TemplateProblem(
                file: template.file, path: path, line: locate(template, path),
                message:
                    "scenario \"\(scenario)\" has only serving templates: AI Core cannot create a scenario without a "
                    + "WorkflowTemplate; add one (a dummy is fine) labelled \(TemplateNameRules.scenarioIDLabel): "
                    + "\"\(scenario)\"",
                executableID: template.id)
        }
    }

    /// Beyond the quota AI Core reports an error; the problem is placed on the first template over it.
    private static func quotas(_ templates: [ExecutableTemplate], _ locate: Locate) -> [TemplateProblem] {
        let limits: [(ExecutableTemplate.Kind, Int, String)] = [
            (.workflow, maximumWorkflowTemplates, "workflow"), (.serving, maximumServingTemplates, "serving"),
        ]
        return limits.compactMap { kind, limit, noun in
            let ofKind = templates.filter { $0.kind == kind }
            guard ofKind.count > limit else { return nil }
            let first = ofKind[limit]
            return TemplateProblem(
                file: first.file, path: "", line: locate(first, ""),
                message:
                    "the path holds \(ofKind.count) \(noun) templates; AI Core allows at most \(limit) per tenant "
                    + "and rejects the rest (this is number \(limit + 1)); delete some or ask SAP to raise the quota",
                executableID: first.id)
        }
    }

    /// Templates of one scenario should agree on its name; AI Core shows only one of them.
    private static func scenarioNames(_ templates: [ExecutableTemplate], _ locate: Locate) -> [TemplateProblem] {
        let byScenario = Dictionary(grouping: templates.filter { $0.scenarioID != nil && $0.scenarioName != nil }) {
            $0.scenarioID ?? ""
        }
        return byScenario.sorted { $0.key < $1.key }.flatMap { scenario, group in
            // The first file that uses each name, in path order.
            var firstFile: [String: String] = [:]
            var names: [String] = []
            for template in group {
                guard let name = template.scenarioName, firstFile[name] == nil else { continue }
                firstFile[name] = template.file
                names.append(name)
            }
            guard names.count > 1 else { return [TemplateProblem]() }
            return group.map { template in
                let name = template.scenarioName ?? ""
                let others = names.filter { $0 != name }.map { "\"\($0)\" in \(firstFile[$0] ?? "")" }
                let path = "metadata.annotations[\"\(TemplateNameRules.scenarioNameAnnotation)\"]"
                return TemplateProblem(
                    file: template.file, path: path, line: locate(template, path),
                    message:
                        "scenario \"\(scenario)\" is named \"\(name)\" here but \(others.joined(separator: " and ")); "
                        + "AI Core shows only one name per scenario",
                    severity: .warning, executableID: template.id)
            }
        }
    }
}
