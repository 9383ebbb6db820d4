public import AICore
import Foundation
public import PromoteModel

/// One object a stage's tenant declaration asks for, with what `promote setup` sends to create it and how it tells
/// whether an existing one matches.
struct TenantObject {
    enum Comparison {
        /// Equal, or the change to send to make it so (and the fields that differ).
        case same
        case differs(body: JSONValue, fields: [String])
        /// It holds values AI Core never returns (secret data): sent again every time.
        case rewrite(body: JSONValue)
        /// It differs in a way AI Core cannot change; the declaration or the tenant must be fixed by hand.
        case conflict(String)
        /// It is as a rollback or deploy left it on purpose.
        case keep(String)
    }

    let kind: AICoreClient.AdminKind
    let name: String
    let createBody: JSONValue
    let compare: (JSONValue) -> Comparison

    /// The objects of `stage`'s declaration, in the order they depend on each other; `values` holds every variable
    /// the declaration names (checked by the caller).
    static func all(for stage: Stage, declaration: TenantDeclaration, values: [String: String]) -> [TenantObject] {
        var objects = [resourceGroup(stage.aicore.resourceGroup, labels: declaration.resourceGroupLabels)]
        if let repository = declaration.repository {
            objects.append(self.repository(repository, values: values))
            objects.append(application(stage, repositoryURL: repository.url))
        }
        objects += declaration.dockerRegistrySecrets.map { dockerRegistrySecret($0, values: values) }
        objects += declaration.objectStoreSecrets.map { objectStoreSecret($0, values: values) }
        objects += declaration.genericSecrets.map { genericSecret($0, values: values) }
        return objects
    }

    /// A secret's `data`: each key with the value `value` gives for its variable.
    private static func dataObject(_ keys: [SecretDataKey], value: (String) -> String) -> JSONValue {
        var object = JSONObject()
        for key in keys { object[key.key] = .string(value(key.variable)) }
        return .object(object)
    }

    static func labelsJSON(_ labels: [String: String]) -> JSONValue {
        .array(labels.sorted { $0.key < $1.key }.map { ["key": .string($0.key), "value": .string($0.value)] })
    }

    private static func resourceGroup(_ id: String, labels: [String: String]) -> TenantObject {
        TenantObject(
            kind: .resourceGroup, name: id,
            createBody: labels.isEmpty
                ? ["resourceGroupId": .string(id)] : ["resourceGroupId": .string(id), "labels": labelsJSON(labels)]
        ) { existing in
            var current: [String: String] = [:]
            for label in existing["labels"]?.arrayValue ?? [] {
                if let key = label["key"]?.stringValue { current[key] = label["value"]?.stringValue ?? "" }
            }
            // Labels it does not declare are kept: setup never removes what it did not declare.
            let merged = current.merging(labels) { _, declared in declared }
            guard merged != current else { return .same }
            let fields = labels.keys.filter { current[$0] != labels[$0] }.sorted()
            return .differs(body: ["labels": labelsJSON(merged)], fields: fields)
        }
    }

    private static func repository(_ declared: RepositoryDeclaration, values: [String: String]) -> TenantObject {
        let credentials: JSONValue = [
            "username": .string(values[declared.usernameVariable] ?? ""),
            "password": .string(values[declared.tokenVariable] ?? ""),
        ]
        return TenantObject(
            kind: .repository, name: declared.name,
            createBody: [
                "name": .string(declared.name), "url": .string(declared.url),
                "username": .string(values[declared.usernameVariable] ?? ""),
                "password": .string(values[declared.tokenVariable] ?? ""),
            ]
        ) { existing in
            let url = existing["url"]?.stringValue ?? ""
            guard sameRepository(url, declared.url) else {
                return .conflict(
                    "on-boarded with \(url), declared \(declared.url); AI Core cannot change a repository's URL: "
                        + "remove it in AI Launchpad or declare another name")
            }
            return .rewrite(body: credentials)
        }
    }

    /// AI Core treats `…/repo`, `…/repo/` and different letter case as one repository; a local path and its
    /// `file://` URL are one too.
    static func sameRepository(_ one: String, _ two: String) -> Bool {
        func normalized(_ url: String) -> String {
            var text = url.lowercased()
            if text.hasPrefix("file://") { text.removeFirst("file://".count) }
            while text.hasSuffix("/") { text.removeLast() }
            return text
        }
        return normalized(one) == normalized(two)
    }

    private static func application(_ stage: Stage, repositoryURL: String) -> TenantObject {
        let wanted: JSONValue = [
            "repositoryUrl": .string(repositoryURL), "revision": .string(stage.branch),
            "path": .string(stage.aicore.templatesPath),
        ]
        var create = wanted
        if case .object(var fields) = create {
            fields["applicationName"] = .string(stage.aicore.application)
            create = .object(fields)
        }
        return TenantObject(kind: .application, name: stage.aicore.application, createBody: create) { existing in
            let revision = existing["revision"]?.stringValue ?? ""
            if revision.count == 40, revision.allSatisfy(\.isHexDigit) {
                return .keep(
                    "pinned to \(revision.prefix(7)) by a rollback or a deploy of another commit; the next deploy of \(stage.branch)'s head points it back"
                )
            }
            let fields = ["repositoryUrl", "revision", "path"].filter {
                existing[$0]?.stringValue != wanted[$0]?.stringValue
            }
            return fields.isEmpty ? .same : .differs(body: wanted, fields: fields)
        }
    }

    /// The docker config AI Core expects: `{"auths": {"<registry>": {"username", "password", "auth"}}}`.
    static func dockerConfig(registry: String, username: String, password: String) -> String {
        let auth = Data("\(username):\(password)".utf8).base64EncodedString()
        let config: JSONValue = [
            "auths": [
                registry: ["username": .string(username), "password": .string(password), "auth": .string(auth)]
            ]
        ]
        return config.serialized(sortedKeys: true)
    }

    private static func dockerRegistrySecret(_ declared: DockerRegistrySecretDeclaration, values: [String: String])
        -> TenantObject
    {
        let data: JSONValue = [
            ".dockerconfigjson": .string(
                dockerConfig(
                    registry: declared.registry, username: values[declared.usernameVariable] ?? "",
                    password: values[declared.passwordVariable] ?? ""))
        ]
        return TenantObject(
            kind: .dockerRegistrySecret, name: declared.name,
            createBody: ["name": .string(declared.name), "data": data]
        ) { _ in .rewrite(body: ["data": data]) }
    }

    private static func objectStoreSecret(_ declared: ObjectStoreSecretDeclaration, values: [String: String])
        -> TenantObject
    {
        var body: JSONObject = ["name": .string(declared.name), "type": .string(declared.type)]
        let described: [(String, String?)] = [
            ("bucket", declared.bucket), ("endpoint", declared.endpoint), ("region", declared.region),
            ("pathPrefix", declared.pathPrefix),
        ]
        for (key, value) in described { if let value { body[key] = .string(value) } }
        body["data"] = dataObject(declared.data) { values[$0] ?? "" }
        let create = JSONValue.object(body)
        return TenantObject(kind: .objectStoreSecret, name: declared.name, createBody: create) { existing in
            let metadata = existing["metadata"]
            let fields = ([("type", declared.type)] + described).filter { key, value in
                metadata?["storage.ai.sap.com/\(key)"]?.stringValue != value
            }.map(\.0)
            return fields.isEmpty ? .rewrite(body: create) : .differs(body: create, fields: fields)
        }
    }

    private static func genericSecret(_ declared: GenericSecretDeclaration, values: [String: String])
        -> TenantObject
    {
        // AI Core wants generic secret values base64-encoded.
        let data = dataObject(declared.data) { Data((values[$0] ?? "").utf8).base64EncodedString() }
        return TenantObject(
            kind: .genericSecret, name: declared.name, createBody: ["name": .string(declared.name), "data": data]
        ) { _ in .rewrite(body: ["data": data]) }
    }
}
