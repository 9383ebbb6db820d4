import Foundation
import PromoteModel

// Generic, object store and docker registry secrets (`/admin/secrets`, `/admin/objectStoreSecrets`,
// `/admin/dockerRegistrySecrets`). AI Core never answers a secret's data, and neither does the emulator: values are
// kept in memory only, so after a restart with `--state` a secret still exists by name but holds no data.
extension EmulatorState {
    /// Where a secret lives: the tenant (`""`) or a resource group.
    struct SecretScope {
        var kind: SecretRecord.Kind
        var group: String

        var storeKey: String { "\(kind.rawValue):\(group)" }
        func valueKey(_ name: String) -> String { storeKey + ":" + name }
    }

    static let secretNamePattern = #"^[a-z0-9\-\.]+$"#
    static let objectStoreNamePattern = #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#
    static let dockerRegistryNamePattern = #"^[a-z0-9](?:_?[a-z0-9\.\-]+)*[a-z0-9]$"#

    /// Generic secrets belong to the tenant unless a resource group is named (and `AI-Tenant-Scope` is not true);
    /// object store secrets to a resource group (`default` when none is named); docker registry secrets to the tenant.
    func secretScope(_ kind: SecretRecord.Kind, group: String?, tenantScope: Bool = false) throws(EmulatorError)
        -> SecretScope
    {
        switch kind {
        case .dockerRegistry: return SecretScope(kind: kind, group: "")
        case .objectStore: return SecretScope(kind: kind, group: try self.group(group ?? "default"))
        case .generic:
            guard let group, !group.isEmpty, !tenantScope else { return SecretScope(kind: kind, group: "") }
            return SecretScope(kind: kind, group: try self.group(group))
        }
    }

    func secretCount(_ kind: String) -> Int {
        let wanted: SecretRecord.Kind = kind == "dockerRegistrySecrets" ? .dockerRegistry : .generic
        return store.secrets.filter { $0.key.hasPrefix(wanted.rawValue + ":") }.values.reduce(0) { $0 + $1.count }
    }

    func createSecret(_ scope: SecretScope, _ body: JSONValue) throws(EmulatorError) -> JSONValue {
        let name = try Self.secretName(body["name"], kind: scope.kind)
        guard store.secrets[scope.storeKey]?[name] == nil else {
            throw .conflict("Secret \(name) already exists; change it with PATCH")
        }
        let data = try Self.secretData(body["data"], kind: scope.kind)
        let record = SecretRecord(
            kind: scope.kind, name: name, createdAt: Date(),
            labels: try Self.labels(body["labels"], field: "labels", keyPattern: Self.resourceGroupLabelKeyPattern),
            metadata: scope.kind == .objectStore ? try Self.objectStoreMetadata(body) : [:])
        store.secrets[scope.storeKey, default: [:]][name] = record
        secretValues[scope.valueKey(name)] = data
        persist()
        switch scope.kind {
        case .generic: return ["message": "Secret has been created", "name": .string(name)]
        case .objectStore: return ["message": "Secret has been created"]
        case .dockerRegistry: return ["message": "Secret has been created"]
        }
    }

    func secrets(_ scope: SecretScope, query: QueryParameters) throws(EmulatorError) -> JSONValue {
        let all = (store.secrets[scope.storeKey]?.values.sorted { $0.name < $1.name }) ?? []
        let page = try query.page(all, maximumTop: nil)
        return Self.adminList(page.map { Self.secretJSON($0) }, total: all.count, query)
    }

    func secret(_ scope: SecretScope, _ name: String) throws(EmulatorError) -> JSONValue {
        Self.secretJSON(try existingSecret(scope, name))
    }

    func modifySecret(_ scope: SecretScope, _ name: String, _ body: JSONValue) throws(EmulatorError) -> JSONValue {
        var record = try existingSecret(scope, name)
        let data = try Self.secretData(body["data"], kind: scope.kind)
        if scope.kind == .objectStore { record.metadata = try Self.objectStoreMetadata(body) }
        if let labels = body["labels"], !labels.isNull {
            record.labels = try Self.labels(labels, field: "labels", keyPattern: Self.resourceGroupLabelKeyPattern)
        }
        store.secrets[scope.storeKey]?[name] = record
        secretValues[scope.valueKey(name)] = data
        persist()
        return scope.kind == .generic
            ? ["message": "Secret has been updated", "name": .string(name)]
            : ["id": .string(name), "message": "Secret has been modified"]
    }

    func deleteSecret(_ scope: SecretScope, _ name: String) throws(EmulatorError) -> JSONValue {
        _ = try existingSecret(scope, name)
        store.secrets[scope.storeKey]?[name] = nil
        secretValues[scope.valueKey(name)] = nil
        persist()
        return scope.kind == .generic
            ? ["message": "Secret has been deleted", "name": .string(name)]
            : ["id": .string(name), "message": "Secret has been deleted"]
    }

    private func existingSecret(_ scope: SecretScope, _ name: String) throws(EmulatorError) -> SecretRecord {
        guard let record = store.secrets[scope.storeKey]?[name] else {
            throw .notFound("Secret \(name) not found")
        }
        return record
    }

    private static func secretName(_ value: JSONValue?, kind: SecretRecord.Kind) throws(EmulatorError) -> String {
        guard let name = value?.stringValue else { throw .badRequest("name is required", target: "name") }
        let (pattern, maximum): (String, Int) =
            switch kind {
            case .generic: (secretNamePattern, 252)
            case .objectStore: (objectStoreNamePattern, 233)
            case .dockerRegistry: (dockerRegistryNamePattern, 63)
            }
        guard name.count <= maximum, name.range(of: pattern, options: .regularExpression) != nil else {
            throw .badRequest("name '\(name)' must match \(pattern), at most \(maximum) characters", target: "name")
        }
        // Object store and docker registry answers carry the name as an ID of 4 to 64 characters.
        if kind != .generic { try checkAnswerableID(name, field: "name") }
        return name
    }

    /// String values; docker registry secrets hold exactly `.dockerconfigjson`, a JSON object with `auths`.
    private static func secretData(_ value: JSONValue?, kind: SecretRecord.Kind) throws(EmulatorError)
        -> [String: String]
    {
        guard let object = value?.objectValue else { throw .badRequest("data must be an object", target: "data") }
        var data: [String: String] = [:]
        for (key, entry) in object.members {
            guard let text = entry.stringValue else {
                throw .badRequest("data.\(key) must be a string", target: "data")
            }
            data[key] = text
        }
        if kind == .dockerRegistry {
            guard data.count == 1, let config = data[".dockerconfigjson"] else {
                throw .badRequest("data must hold exactly .dockerconfigjson", target: "data")
            }
            guard let parsed = try? JSONValue(parsing: Array(config.utf8)), parsed["auths"]?.objectValue != nil else {
                throw .badRequest(
                    ".dockerconfigjson must be a docker config: a JSON object with an auths object", target: "data")
            }
        }
        return data
    }

    private static func objectStoreMetadata(_ body: JSONValue) throws(EmulatorError) -> [String: String] {
        guard let type = body["type"]?.stringValue, !type.isEmpty else {
            throw .badRequest("type is required (S3, GCS, Azure, WebHDFS, …)", target: "type")
        }
        var metadata = ["storage.ai.sap.com/type": type]
        for key in ["bucket", "endpoint", "region", "pathPrefix"] {
            if let value = body[key]?.stringValue { metadata["storage.ai.sap.com/\(key)"] = value }
        }
        if let endpoint = body["endpoint"]?.stringValue { metadata["serving.kubeflow.org/s3-endpoint"] = endpoint }
        if let region = body["region"]?.stringValue { metadata["serving.kubeflow.org/s3-region"] = region }
        metadata["serving.kubeflow.org/s3-usehttps"] = body["usehttps"]?.stringValue ?? "1"
        metadata["serving.kubeflow.org/s3-verifyssl"] = body["verifyssl"]?.stringValue ?? "1"
        return metadata
    }

    private static func secretJSON(_ record: SecretRecord) -> JSONValue {
        switch record.kind {
        case .generic:
            var json: JSONObject = ["name": .string(record.name), "createdAt": .string(WireTime.format(record.createdAt))]
            if !record.labels.isEmpty { json["labels"] = labelsJSON(record.labels) }
            return .object(json)
        case .objectStore:
            var metadata = JSONObject()
            for (key, value) in record.metadata.sorted(by: { $0.key < $1.key }) { metadata[key] = .string(value) }
            return ["name": .string(record.name), "metadata": .object(metadata)]
        case .dockerRegistry:
            return ["name": .string(record.name)]
        }
    }
}
