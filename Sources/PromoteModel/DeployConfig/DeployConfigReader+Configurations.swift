extension DeployConfigReader {
    func readConfiguration(_ reader: JSONObjectReader) -> ConfigurationSpec? {
        reader.rejectUnknownKeys(Self.configurationKeys)
        let name = reader.string("name", required: true)
        if let name {
            claim(name, in: &configurationNames, at: reader, field: "name") { first in
                "duplicate configuration name \"\(name)\" (first at \(first)); configuration names must be unique, "
                    + "since promote finds configurations by name"
            }
        }
        let scenarioID = reader.string("scenario_id", required: true).flatMap { validScenarioID(reader, $0) }
        let executableID = reader.string("executable_id", required: true).flatMap { id -> String? in
            guard TemplateNameRules.isValidExecutableID(id) else {
                reader.problem(
                    "executable_id",
                    "\"\(id)\" is not a valid executable ID: use 4 to 64 lower-case letters, digits and '-', starting "
                        + "and ending with a letter or digit")
                return nil
            }
            return id
        }
        let parameterBindings = readParameterBindings(reader)
        let artifactBindings = readArtifactBindings(reader, scenarioID: scenarioID)
        guard let name, let scenarioID, let executableID else { return nil }
        return ConfigurationSpec(
            name: name, scenarioID: scenarioID, executableID: executableID, parameterBindings: parameterBindings,
            inputArtifactBindings: artifactBindings)
    }

    private func readParameterBindings(_ reader: JSONObjectReader) -> [ParameterBindingSpec] {
        var seen: [String: String] = [:]
        return (reader.objects("parameter_bindings") ?? []).compactMap { binding -> ParameterBindingSpec? in
            binding.rejectUnknownKeys(Self.parameterBindingKeys)
            let key = binding.string("key", required: true)
            let value = text(binding, "value").flatMap { substituted($0, binding) }
            guard let key else { return nil }
            claim(key, in: &seen, at: binding, field: "key") { first in
                "duplicate parameter \"\(key)\" (first at \(first)); bind each parameter once"
            }
            return value.map { ParameterBindingSpec(key: key, value: $0) }
        }
    }

    /// The parameter value with the `${PROMOTE_...}` variables filled in.
    private func substituted(_ value: String, _ binding: JSONObjectReader) -> String? {
        do {
            return try DeployConfigLoader.substitute(value, values: substitutions)
        } catch {
            binding.problem("value", error.message)
            return nil
        }
    }

    /// Each binding must name a declared artifact (its `artifact`, else its `key`) of the configuration's scenario.
    private func readArtifactBindings(_ reader: JSONObjectReader, scenarioID: String?) -> [ArtifactBindingSpec] {
        var seen: [String: String] = [:]
        return (reader.objects("input_artifact_bindings") ?? []).compactMap { binding -> ArtifactBindingSpec? in
            binding.rejectUnknownKeys(Self.artifactBindingKeys)
            let key = binding.string("key", required: true)
            let artifact = binding.string("artifact")
            guard let key else { return nil }
            claim(key, in: &seen, at: binding, field: "key") { first in
                "duplicate input artifact \"\(key)\" (first at \(first)); bind each input artifact once"
            }
            let artifactKey = artifact ?? key
            let field = artifact == nil ? "key" : "artifact"
            guard let declared = declaredArtifacts[artifactKey] else {
                guard artifactKeysComplete else { return nil }
                let known = declaredArtifacts.keys.sorted().joined(separator: ", ")
                binding.problem(
                    field,
                    known.isEmpty
                        ? "\"\(artifactKey)\" is not an artifact key: the config declares no artifacts; add it to "
                            + "\"artifacts\""
                        : "\"\(artifactKey)\" is not an artifact key; known artifact keys: \(known)")
                return nil
            }
            if let scenarioID, let artifactScenario = declared.scenarioID, artifactScenario != scenarioID {
                binding.problem(
                    field,
                    "artifact \"\(artifactKey)\" is in scenario \"\(artifactScenario)\" (\(declared.path)) but the "
                        + "configuration is in scenario \"\(scenarioID)\"; AI Core binds only artifacts of the "
                        + "configuration's scenario")
                return nil
            }
            return ArtifactBindingSpec(key: key, artifactKey: artifactKey)
        }
    }
}
