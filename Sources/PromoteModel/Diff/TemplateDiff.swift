/// The semantic difference between the executables of two commits (issue 5): per executable ID, added, removed or
/// changed, and for a change which parts. Formatting, key order, comments and the YAML formatting inside a
/// ServingTemplate's strings are not changes, because everything is compared on parsed values.
public enum TemplateDiff {
    /// The executables that differ, sorted by ID. When an ID occurs twice on one side (itself a template error),
    /// its first definition in file order is compared.
    public static func compare(old: [ExecutableTemplate], new: [ExecutableTemplate]) -> [ExecutableDiff] {
        let before = firstByID(old)
        let after = firstByID(new)
        var diffs: [ExecutableDiff] = []
        for id in Set(before.keys).union(after.keys).sorted() {
            switch (before[id], after[id]) {
            case (let old?, let new?):
                let changes = changes(from: old, to: new)
                if !changes.isEmpty {
                    diffs.append(
                        ExecutableDiff(
                            id: id, status: .changed, kind: new.kind, file: new.file, scenarioID: new.scenarioID,
                            changes: changes))
                }
            case (nil, let new?):
                diffs.append(
                    ExecutableDiff(
                        id: id, status: .added, kind: new.kind, file: new.file, scenarioID: new.scenarioID, changes: []))
            case (let old?, nil):
                diffs.append(
                    ExecutableDiff(
                        id: id, status: .removed, kind: old.kind, file: old.file, scenarioID: old.scenarioID,
                        changes: []))
            case (nil, nil):
                break
            }
        }
        return diffs
    }

    /// Every part that differs, in `TemplateChange.Part` order.
    public static func changes(from old: ExecutableTemplate, to new: ExecutableTemplate) -> [TemplateChange] {
        var changes: [TemplateChange] = []
        if old.kind != new.kind {
            changes.append(
                TemplateChange(
                    part: .kind, subject: new.id, summary: "\(old.kind.rawValue) → \(new.kind.rawValue)",
                    before: old.kind.rawValue, after: new.kind.rawValue))
        }
        if old.file != new.file {
            changes.append(
                TemplateChange(
                    part: .file, subject: new.id, summary: "moved from \(old.file) to \(new.file)", before: old.file,
                    after: new.file))
        }
        changes += containerChanges(old.containers, new.containers)
        changes += parameterChanges(old.parameters, new.parameters)
        changes += artifactChanges(old.inputArtifacts, new.inputArtifacts, part: .inputArtifact)
        changes += artifactChanges(old.outputArtifacts, new.outputArtifacts, part: .outputArtifact)
        changes += keyed(old.resourcePlans, new.resourcePlans, part: .resourcePlan)
        changes += replicaChanges(old, new)
        changes += envChanges(old.containers, new.containers)
        changes += keyed(old.labels, new.labels, part: .label)
        changes += keyed(
            old.annotations.filter { !Self.isArtifactAnnotation($0.key) },
            new.annotations.filter { !Self.isArtifactAnnotation($0.key) }, part: .annotation)
        changes += otherSpecChanges(old.document, new.document)
        return changes
    }

    /// The elements of two lists paired by name (a name's first element wins), in name order.
    static func matched<Element>(_ old: [Element], _ new: [Element], by name: (Element) -> String) -> [(
        name: String, old: Element?, new: Element?
    )] {
        var before: [String: Element] = [:]
        var after: [String: Element] = [:]
        for element in old where before[name(element)] == nil { before[name(element)] = element }
        for element in new where after[name(element)] == nil { after[name(element)] = element }
        return Set(before.keys).union(after.keys).sorted().map { ($0, before[$0], after[$0]) }
    }

    private static func firstByID(_ templates: [ExecutableTemplate]) -> [String: ExecutableTemplate] {
        var byID: [String: ExecutableTemplate] = [:]
        for template in templates.sorted(by: { ($0.file, $0.documentIndex) < ($1.file, $1.documentIndex) })
        where byID[template.id] == nil {
            byID[template.id] = template
        }
        return byID
    }

    // MARK: containers

    private static func containerChanges(_ old: [TemplateContainer], _ new: [TemplateContainer]) -> [TemplateChange] {
        var images: [TemplateChange] = []
        var containers: [TemplateChange] = []
        for (name, before, after) in matched(old, new, by: \.name) {
            switch (before, after) {
            case (let old?, let new?):
                if old.image != new.image {
                    images.append(
                        TemplateChange(
                            part: .image, subject: name, summary: imageSummary(old.image, new.image), before: old.image,
                            after: new.image))
                }
                if old.command != new.command {
                    containers.append(listChange(name, "command", old.command, new.command))
                }
                if old.args != new.args {
                    containers.append(listChange(name, "args", old.args, new.args))
                }
            case (nil, let new?):
                containers.append(
                    TemplateChange(
                        part: .container, subject: name, summary: "added (image \(new.image ?? "none"))", before: nil,
                        after: new.image))
            case (let old?, nil):
                containers.append(
                    TemplateChange(
                        part: .container, subject: name, summary: "removed (image \(old.image ?? "none"))",
                        before: old.image, after: nil))
            case (nil, nil):
                break
            }
        }
        return images + containers
    }

    private static func listChange(_ container: String, _ field: String, _ old: [String], _ new: [String])
        -> TemplateChange
    {
        let before = JSONValue.array(old.map(JSONValue.string)).displayText
        let after = JSONValue.array(new.map(JSONValue.string)).displayText
        return TemplateChange(
            part: .container, subject: container, summary: "\(field) \(before) → \(after)", before: before, after: after)
    }

    /// `tag 1.0 → 1.1` when only the tag moved, else the whole references.
    static func imageSummary(_ old: String?, _ new: String?) -> String {
        guard let old, let new else { return "\(old ?? "none") → \(new ?? "none")" }
        let (oldName, oldPin) = ImageReference.split(old)
        let (newName, newPin) = ImageReference.split(new)
        if oldName == newName {
            return "\(oldName) tag \(oldPin ?? "none (latest)") → \(newPin ?? "none (latest)")"
        }
        return "\(old) → \(new)"
    }

    private static func envChanges(_ old: [TemplateContainer], _ new: [TemplateContainer]) -> [TemplateChange] {
        let before = Dictionary(old.map { ($0.name, $0.env) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { ($0.name, $0.env) }, uniquingKeysWith: { first, _ in first })
        // Containers added or removed whole are already reported; only compare the ones on both sides.
        return Set(before.keys).intersection(after.keys).sorted().flatMap { container in
            keyed(before[container] ?? [:], after[container] ?? [:], part: .env).map { change in
                TemplateChange(
                    part: .env, subject: "\(container): \(change.subject)", summary: change.summary,
                    before: change.before, after: change.after)
            }
        }
    }

    // MARK: parameters and artifacts

    private static func parameterChanges(_ old: [TemplateParameter], _ new: [TemplateParameter]) -> [TemplateChange] {
        var changes: [TemplateChange] = []
        for (name, before, after) in matched(old, new, by: \.name) {
            switch (before, after) {
            case (let old?, let new?):
                if old.defaultValue != new.defaultValue {
                    changes.append(
                        TemplateChange(
                            part: .parameter, subject: name,
                            summary: "default \(quoted(old.defaultValue)) → \(quoted(new.defaultValue))",
                            before: old.defaultValue, after: new.defaultValue))
                }
                if old.type != new.type {
                    changes.append(
                        TemplateChange(
                            part: .parameter, subject: name,
                            summary: "type \(old.type ?? "unset") → \(new.type ?? "unset")", before: old.type,
                            after: new.type))
                }
                if old.description != new.description {
                    changes.append(
                        TemplateChange(
                            part: .parameter, subject: name, summary: "description changed", before: old.description,
                            after: new.description))
                }
            case (nil, let new?):
                let detail = new.defaultValue.map { "default \(quoted($0))" } ?? "no default: every configuration must bind it"
                changes.append(
                    TemplateChange(
                        part: .parameter, subject: name, summary: "added (\(detail))", before: nil,
                        after: new.defaultValue ?? ""))
            case (let old?, nil):
                changes.append(
                    TemplateChange(
                        part: .parameter, subject: name, summary: "removed (configurations binding it will fail)",
                        before: old.defaultValue ?? "", after: nil))
            case (nil, nil):
                break
            }
        }
        return changes
    }

    private static func artifactChanges(
        _ old: [TemplateArtifact], _ new: [TemplateArtifact], part: TemplateChange.Part
    ) -> [TemplateChange] {
        var changes: [TemplateChange] = []
        for (name, before, after) in matched(old, new, by: \.name) {
            switch (before, after) {
            case (let old?, let new?):
                if old.effectiveKind != new.effectiveKind {
                    changes.append(
                        TemplateChange(
                            part: part, subject: name,
                            summary: "kind \(old.effectiveKind ?? "unset") → \(new.effectiveKind ?? "unset")",
                            before: old.effectiveKind, after: new.effectiveKind))
                }
                if old.description != new.description {
                    changes.append(
                        TemplateChange(
                            part: part, subject: name, summary: "description changed", before: old.description,
                            after: new.description))
                }
                if old.labels != new.labels {
                    changes.append(
                        TemplateChange(
                            part: part, subject: name, summary: "labels changed", before: labelsText(old.labels),
                            after: labelsText(new.labels)))
                }
            case (nil, let new?):
                let kind = new.effectiveKind.map { " (kind \($0))" } ?? ""
                changes.append(
                    TemplateChange(part: part, subject: name, summary: "added\(kind)", before: nil, after: new.effectiveKind ?? ""))
            case (let old?, nil):
                changes.append(
                    TemplateChange(part: part, subject: name, summary: "removed", before: old.effectiveKind ?? "", after: nil))
            case (nil, nil):
                break
            }
        }
        return changes
    }

    private static func labelsText(_ labels: [String: String]) -> String {
        JSONValue.object(
            labels.sorted { $0.key < $1.key }.reduce(into: JSONObject()) { object, label in
                object[label.key] = .string(label.value)
            }
        ).displayText
    }

    // MARK: replicas, labels, annotations, everything else

    private static func replicaChanges(_ old: ExecutableTemplate, _ new: ExecutableTemplate) -> [TemplateChange] {
        var changes: [TemplateChange] = []
        for (name, before, after) in [
            ("minReplicas", old.minReplicas, new.minReplicas), ("maxReplicas", old.maxReplicas, new.maxReplicas),
        ] where before != after {
            let text: (Int?) -> String = { $0.map(String.init) ?? "unset" }
            changes.append(
                TemplateChange(
                    part: .replicas, subject: name, summary: "\(text(before)) → \(text(after))",
                    before: before.map(String.init), after: after.map(String.init)))
        }
        return changes
    }

    /// Added, removed and changed entries of a string map, as changes of `part`.
    private static func keyed(_ old: [String: String], _ new: [String: String], part: TemplateChange.Part)
        -> [TemplateChange]
    {
        Set(old.keys).union(new.keys).sorted().compactMap { key in
            let before = old[key]
            let after = new[key]
            guard before != after else { return nil }
            let summary: String
            switch (before, after) {
            case (nil, let value?): summary = "added \(quoted(value))"
            case (let value?, nil): summary = "removed (was \(quoted(value)))"
            default: summary = "\(quoted(before)) → \(quoted(after))"
            }
            return TemplateChange(part: part, subject: key, summary: summary, before: before, after: after)
        }
    }

    /// What differs in the document outside the parts compared above (a step's script, volumes, a KServe
    /// setting...), path by path, so that no change goes unreported and none is reported twice.
    private static func otherSpecChanges(_ old: JSONValue, _ new: JSONValue) -> [TemplateChange] {
        JSONDiff.valueChanges(from: old, to: new).filter { !isCovered($0) }.map { change in
            let before = change.before?.displayText
            let after = change.after?.displayText
            let summary: String
            switch (before, after) {
            case (nil, let value?): summary = "added \(quoted(value))"
            case (let value?, nil): summary = "removed (was \(quoted(value)))"
            default: summary = "\(quoted(before)) → \(quoted(after))"
            }
            return TemplateChange(part: .spec, subject: change.path, summary: summary, before: before, after: after)
        }
    }

    /// Whether the typed comparison already reports a change: its path is covered, or a whole subtree was added
    /// or removed that holds nothing but what the typed parts report (a container, a step running one, an
    /// artifact, or a map or list of those).
    private static func isCovered(_ change: JSONDiff.ValueChange) -> Bool {
        if isCoveredPath(change.path) { return true }
        switch (change.before, change.after) {
        case (let value?, nil), (nil, let value?): return isCoveredSubtree(value, at: change.path)
        default: return false
        }
    }

    private static func isCoveredSubtree(_ value: JSONValue, at path: String) -> Bool {
        if isCoveredPath(path) || isTypedElement(value, at: path) { return true }
        switch value {
        case .object(let object):
            return object.count > 0
                && object.members.allSatisfy { isCoveredSubtree($0.value, at: JSONDiff.join(path, $0.key)) }
        case .array(let elements):
            return !elements.isEmpty
                && zip(elements, JSONDiff.elementPaths(elements, at: path)).allSatisfy { isCoveredSubtree($0, at: $1) }
        default:
            return false
        }
    }

    /// Whether `value` at `path` is an element the typed parts report as added or removed whole: a serving
    /// container, a workflow step that runs a container, an input artifact, an output artifact with a globalName.
    private static func isTypedElement(_ value: JSONValue, at path: String) -> Bool {
        guard path.hasSuffix("]"), let open = path.lastIndex(of: "[") else { return false }
        let list = path[..<open]
        if list == "spec.template.spec.predictor.containers" { return true }
        if list == "spec.templates" { return value["container"] != nil || value["script"] != nil }
        if list.hasSuffix(".inputs.artifacts") { return true }
        if list.hasSuffix(".outputs.artifacts") { return value["globalName"] != nil }
        return false
    }

    /// Whether a document path belongs to a part the typed comparison already reports.
    static func isCoveredPath(_ path: String) -> Bool {
        let coveredPrefixes = [
            "metadata.labels", "metadata.annotations", "metadata.name", "kind", "spec.arguments.parameters",
            "spec.inputs",
        ]
        if coveredPrefixes.contains(where: { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }) {
            return true
        }
        if path.contains("ai.sap.com/resourcePlan") || path.contains("ai.sap.com/instanceType") {
            return true
        }
        // An artifact is reported by name (outputs by globalName); its other fields (path, archive...) are not.
        if path.wholeMatch(of: #/.*\.(inputs|outputs)\.artifacts\[[^\]]*\]\.(name|globalName)/#) != nil {
            return true
        }
        let components = path.split(whereSeparator: { $0 == "." || $0 == "[" })
        // Env is reported by name and literal value; a valueFrom is not.
        if components.contains("env"), path.wholeMatch(of: #/.*\.env(\[[^\]]*\](\.(name|value))?)?/#) == nil {
            return false
        }
        let coveredKeys: Set<Substring> = ["image", "env", "command", "args", "minReplicas", "maxReplicas"]
        return components.contains { coveredKeys.contains($0) }
    }

    private static func isArtifactAnnotation(_ key: String) -> Bool {
        key.hasPrefix("artifacts.ai.sap.com/")
    }

    private static func quoted(_ value: String?) -> String {
        value.map { "\"\($0)\"" } ?? "unset"
    }
}
