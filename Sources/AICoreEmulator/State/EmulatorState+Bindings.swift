import Foundation

// Where AI Core checks a configuration against its executable (templates.md §3): a deployment's serving
// placeholders synchronously; an execution's bindings only when it runs (it ends DEAD).
extension EmulatorState {
    /// What does not fit: undeclared parameters, unbound or undeclared input artifacts, unknown artifact ids.
    func bindingProblems(_ record: ConfigurationRecord, executable: ExecutableRecord, group: String) -> [String] {
        var problems: [String] = []
        let declared = Set(executable.parameters.map(\.name))
        for binding in record.parameterBindings where !declared.contains(binding.key) {
            let known = declared.sorted().joined(separator: ", ")
            problems.append(
                "parameter '\(binding.key)' is not declared by executable '\(executable.id)' (declared: \(known.isEmpty ? "none" : known))"
            )
        }
        let inputs = Set(executable.inputArtifacts.map(\.name))
        let bound = Set(record.inputArtifactBindings.map(\.key))
        for input in inputs.subtracting(bound).sorted() {
            problems.append("input artifact '\(input)' of executable '\(executable.id)' is not bound")
        }
        for binding in record.inputArtifactBindings {
            if !inputs.contains(binding.key) {
                problems.append(
                    "artifact binding '\(binding.key)' is not an input artifact of executable '\(executable.id)'")
            } else if store.groups[group]?.artifacts[binding.artifactID] == nil {
                problems.append("artifact '\(binding.artifactID)' bound to '\(binding.key)' does not exist")
            }
        }
        return problems
    }

    /// The serving placeholders that cannot be filled: AI Core answers 400 when a deployment is created or its
    /// configuration changed (templates.md §2, "Missing input parameter or artifacts").
    func unresolvedPlaceholders(_ record: ConfigurationRecord, executable: ExecutableRecord) -> String? {
        var missing: [String] = []
        let boundParameters = Set(record.parameterBindings.map(\.key))
        let defaults = Set(executable.parameters.filter { $0.defaultValue != nil }.map(\.name))
        let boundArtifacts = Set(record.inputArtifactBindings.map(\.key))
        for placeholder in executable.placeholders {
            let parts = placeholder.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let (kind, name) = (parts[0], parts[1])
            if name.contains("-") {
                missing.append(
                    "inputs.\(kind == "parameter" ? "parameters" : "artifacts").\(name) ('dict object' has no attribute '\(name)')"
                )
            } else if kind == "parameter", !boundParameters.contains(name), !defaults.contains(name) {
                missing.append("inputs.parameters.\(name)")
            } else if kind == "artifact", !boundArtifacts.contains(name) {
                missing.append("inputs.artifacts.\(name)")
            }
        }
        guard !missing.isEmpty else { return nil }
        return
            "Missing input parameter or artifacts for executable '\(executable.id)': placeholder values are not resolved: "
            + missing.joined(separator: ", ")
    }

    /// With `requireSecrets`: the registry secret the pod cannot pull with, or the object store secret an input
    /// artifact lives on, when the tenant lacks it; worded as AI Core's pods report it.
    func missingSecret(_ record: ConfigurationRecord, executable: ExecutableRecord, group: String) -> String? {
        guard configuration.requireSecrets else { return nil }
        let registries = store.secrets[SecretScope(kind: .dockerRegistry, group: "").storeKey] ?? [:]
        for name in executable.imagePullSecrets ?? [] where registries[name] == nil {
            return
                "ImagePullBackOff: Error syncing pod: secret \"\(name)\" not found (imagePullSecrets of executable '\(executable.id)'); create the docker registry secret \(name)"
        }
        let objectStores = store.secrets[SecretScope(kind: .objectStore, group: group).storeKey] ?? [:]
        for binding in record.inputArtifactBindings {
            guard let url = store.groups[group]?.artifacts[binding.artifactID]?.url, url.hasPrefix("ai://"),
                let name = url.dropFirst("ai://".count).split(separator: "/", maxSplits: 1).first.map(String.init),
                objectStores[name] == nil
            else { continue }
            return
                "Input artifact '\(binding.key)' (\(url)) could not be downloaded: object store secret '\(name)' not found in resource group \(group)"
        }
        return nil
    }

    /// Why a run of this configuration ends DEAD, or nil when it runs to its goal: a binding problem, the template's
    /// fail annotation, or a parameter bound to `emulator:fail[:message]` (the documented failure switches).
    func failure(of record: ConfigurationRecord, executable: ExecutableRecord, group: String, checkBindings: Bool)
        -> String?
    {
        if checkBindings, let problem = bindingProblems(record, executable: executable, group: group).first {
            return problem
        }
        if let message = missingSecret(record, executable: executable, group: group) { return message }
        if let message = executable.failMessage { return message.isEmpty ? "failed as the template asks" : message }
        if let binding = record.parameterBindings.first(where: { $0.value.hasPrefix("emulator:fail") }) {
            let message = binding.value.dropFirst("emulator:fail".count).drop { $0 == ":" }
            return message.isEmpty ? "failed as parameter '\(binding.key)' asks" : String(message)
        }
        return nil
    }
}
