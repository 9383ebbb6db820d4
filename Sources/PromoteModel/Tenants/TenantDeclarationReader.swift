import Foundation

/// Reads `aicore.tenant` strictly: every problem is recorded with its JSON path.
enum TenantDeclarationReader {
    static let keys = [
        "resource_group_labels", "repository", "docker_registry_secrets", "object_store_secrets", "generic_secrets",
    ]
    static let repositoryKeys = ["name", "url", "username_env", "token_env"]
    static let registryKeys = ["name", "registry", "username_env", "password_env"]
    static let objectStoreKeys = ["name", "type", "bucket", "endpoint", "region", "path_prefix", "data_env"]
    static let genericKeys = ["name", "data_env"]

    /// AI Core's name patterns (BckndId and the secret patterns of the spec).
    static let repositoryNamePattern = #"^[a-z0-9-]{1,51}$"#
    static let registryNamePattern = #"^[a-z0-9](?:_?[a-z0-9\.\-]+)*[a-z0-9]$"#
    static let objectStoreNamePattern = #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#
    static let genericNamePattern = #"^[a-z0-9\-\.]+$"#
    static let labelKeyPattern = #"^ext\.ai\.sap\.com/[\w.-]+$"#

    static func declaration(_ reader: JSONObjectReader) -> TenantDeclaration {
        reader.rejectUnknownKeys(keys)
        var labels: [String: String] = [:]
        if let object = reader.object("resource_group_labels") {
            for (key, value) in object.object.members {
                guard key.range(of: labelKeyPattern, options: .regularExpression) != nil else {
                    object.problem(key, "label keys must look like ext.ai.sap.com/<name> (AI Core's rule)")
                    continue
                }
                guard let text = value.stringValue else {
                    object.problem(key, "expected a string, got \(value.typeDescription)")
                    continue
                }
                labels[key] = text
            }
        }
        let repository = reader.object("repository").flatMap(repositoryDeclaration)
        let registries = (reader.objects("docker_registry_secrets") ?? []).compactMap(registrySecret)
        let objectStores = (reader.objects("object_store_secrets") ?? []).compactMap(objectStoreSecret)
        let generic = (reader.objects("generic_secrets") ?? []).compactMap(genericSecret)
        for (key, names) in [
            ("docker_registry_secrets", registries.map(\.name)), ("object_store_secrets", objectStores.map(\.name)),
            ("generic_secrets", generic.map(\.name)),
        ] {
            var seen: Set<String> = []
            for name in names where !seen.insert(name).inserted {
                reader.problem(key, "\(name.debugDescription) is declared twice; each secret once")
            }
        }
        return TenantDeclaration(
            resourceGroupLabels: labels, repository: repository, dockerRegistrySecrets: registries,
            objectStoreSecrets: objectStores, genericSecrets: generic)
    }

    private static func repositoryDeclaration(_ reader: JSONObjectReader) -> RepositoryDeclaration? {
        reader.rejectUnknownKeys(repositoryKeys)
        let name = self.name(reader, pattern: repositoryNamePattern, rule: "1 to 51 lower-case letters, digits and '-'")
        let url = reader.string("url", required: true)
        if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("file://")) {
            reader.problem(
                "url",
                "\(url.debugDescription) is not an https URL (AI Core syncs over https; file:// for the emulator)")
        }
        let username = variable(reader, "username_env")
        let token = variable(reader, "token_env")
        guard let name, let url, let username, let token else { return nil }
        return RepositoryDeclaration(name: name, url: url, usernameVariable: username, tokenVariable: token)
    }

    private static func registrySecret(_ reader: JSONObjectReader) -> DockerRegistrySecretDeclaration? {
        reader.rejectUnknownKeys(registryKeys)
        let name = self.name(reader, pattern: registryNamePattern, rule: "lower-case letters, digits, '.', '-', '_'")
        let registry = reader.string("registry", required: true)
        if let registry, registry.contains("/") || registry.contains(" ") {
            reader.problem("registry", "\(registry.debugDescription) is not a registry host (e.g. docker.io, ghcr.io)")
        }
        let username = variable(reader, "username_env")
        let password = variable(reader, "password_env")
        guard let name, let registry, let username, let password else { return nil }
        return DockerRegistrySecretDeclaration(
            name: name, registry: registry, usernameVariable: username, passwordVariable: password)
    }

    private static func objectStoreSecret(_ reader: JSONObjectReader) -> ObjectStoreSecretDeclaration? {
        reader.rejectUnknownKeys(objectStoreKeys)
        let name = self.name(reader, pattern: objectStoreNamePattern, rule: "lower-case DNS labels joined by '.'")
        let type = reader.string("type", required: true)
        let data = dataVariables(reader)
        guard let name, let type, let data else { return nil }
        return ObjectStoreSecretDeclaration(
            name: name, type: type, bucket: reader.string("bucket"), endpoint: reader.string("endpoint"),
            region: reader.string("region"), pathPrefix: reader.string("path_prefix"), data: data)
    }

    private static func genericSecret(_ reader: JSONObjectReader) -> GenericSecretDeclaration? {
        reader.rejectUnknownKeys(genericKeys)
        let name = self.name(reader, pattern: genericNamePattern, rule: "lower-case letters, digits, '-' and '.'")
        guard let name, let data = dataVariables(reader) else { return nil }
        return GenericSecretDeclaration(name: name, data: data)
    }

    private static func name(_ reader: JSONObjectReader, pattern: String, rule: String) -> String? {
        guard let name = reader.string("name", required: true) else { return nil }
        guard name.range(of: pattern, options: .regularExpression) != nil, name.count <= 63 else {
            reader.problem("name", "\(name.debugDescription) is not a name AI Core accepts here: \(rule), at most 63")
            return nil
        }
        return name
    }

    /// `data_env`: each data key and the environment variable its value comes from (never the value itself).
    private static func dataVariables(_ reader: JSONObjectReader) -> [SecretDataKey]? {
        guard let object = reader.object("data_env", required: true) else { return nil }
        var keys: [SecretDataKey] = []
        for (key, value) in object.object.members {
            guard let variable = value.stringValue, isVariableName(variable) else {
                object.problem(
                    key,
                    "must name the environment variable holding the value (e.g. \"TST_S3_SECRET\"), never the value itself"
                )
                continue
            }
            keys.append(SecretDataKey(key: key, variable: variable))
        }
        if keys.isEmpty && object.object.members.isEmpty {
            reader.problem("data_env", "names no key; a secret needs at least one")
        }
        return keys
    }

    private static func variable(_ reader: JSONObjectReader, _ key: String) -> String? {
        guard let variable = reader.string(key, required: true) else { return nil }
        guard isVariableName(variable) else {
            reader.problem(
                key,
                "must name an environment variable (letters, digits, '_'), e.g. \"GIT_TOKEN\"; never the value itself")
            return nil
        }
        return variable
    }

    static func isVariableName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}
