import Foundation
import PromoteModel

// Resource groups, repositories and applications (ai-api.md §6.1–§6.2, templates.md §4).
extension EmulatorState {
    static let resourceGroupPattern = #"^[a-zA-Z0-9][a-zA-Z0-9.-]{1,251}[a-zA-Z0-9]$"#
    static let applicationNamePattern = #"^[a-z0-9-]{3,54}$"#

    // MARK: resource groups

    func createResourceGroup(_ body: JSONValue) throws(EmulatorError) -> JSONValue {
        guard let id = body["resourceGroupId"]?.stringValue else {
            throw .badRequest("resourceGroupId is required", target: "resourceGroupId")
        }
        guard id.range(of: Self.resourceGroupPattern, options: .regularExpression) != nil else {
            throw .badRequest(
                "resourceGroupId '\(id)' must match \(Self.resourceGroupPattern)", target: "resourceGroupId")
        }
        try Self.checkAnswerableID(id, field: "resourceGroupId")
        let labels = try Self.labels(body["labels"], field: "labels", keyPattern: Self.resourceGroupLabelKeyPattern)
        // Creating a group that exists is accepted and changes nothing: the spec documents no conflict here, and
        // pipelines that create their group on every push work against AI Core (docs/emulator.md).
        guard store.resourceGroups[id] == nil else {
            return ["resourceGroupId": .string(id), "tenantId": "emulator-tenant", "zoneId": "emulator-zone"]
        }
        let now = Date()
        store.resourceGroups[id] = ResourceGroupRecord(
            id: id, labels: labels, createdAt: now, provisionedAt: now.addingTimeInterval(configuration.timings.pending)
        )
        store.groups[id] = GroupStore()
        persist()
        return ["resourceGroupId": .string(id), "tenantId": "emulator-tenant", "zoneId": "emulator-zone"]
    }

    func resourceGroup(_ id: String) throws(EmulatorError) -> JSONValue {
        guard let record = store.resourceGroups[id] else { throw .notFound("Resource group \(id) not found") }
        return resourceGroupJSON(record, now: Date())
    }

    func resourceGroups(_ query: QueryParameters) throws(EmulatorError) -> JSONValue {
        let now = Date()
        let selectors = try Self.labelSelectors(query, name: "labelSelector")
        let matching = store.resourceGroups.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            .filter { group in
                Self.matchesSearch(group.id, query) && selectors.allSatisfy { Self.labelMatches($0, group.labels) }
            }
        let page = try query.page(matching, maximumTop: nil)
        return Self.adminList(page.map { resourceGroupJSON($0, now: now) }, total: matching.count, query)
    }

    func modifyResourceGroup(_ id: String, _ body: JSONValue) throws(EmulatorError) -> JSONValue {
        guard store.resourceGroups[id] != nil else { throw .notFound("Resource group \(id) not found") }
        store.resourceGroups[id]?.labels = try Self.labels(
            body["labels"], field: "labels", keyPattern: Self.resourceGroupLabelKeyPattern)
        persist()
        return ["id": .string(id), "message": "Resource group modification scheduled"]
    }

    func deleteResourceGroup(_ id: String) throws(EmulatorError) -> JSONValue {
        guard id != "default" else {
            throw .badRequest("the default resource group cannot be deleted", target: "resourceGroupId")
        }
        guard store.resourceGroups.removeValue(forKey: id) != nil else {
            throw .notFound("Resource group \(id) not found")
        }
        store.groups.removeValue(forKey: id)
        persist()
        return ["id": .string(id), "message": "Resource group deletion scheduled"]
    }

    private func resourceGroupJSON(_ record: ResourceGroupRecord, now: Date) -> JSONValue {
        let status = record.status(at: now)
        return [
            "resourceGroupId": .string(record.id), "tenantId": "emulator-tenant", "zoneId": "emulator-zone",
            "createdAt": .string(WireTime.format(record.createdAt)), "labels": Self.labelsJSON(record.labels),
            "status": .string(status),
            "statusMessage": .string(status == "PROVISIONED" ? "Resource group is provisioned" : "Provisioning"),
            "servicePlan": "extended",
        ]
    }

    // MARK: repositories

    func createRepository(_ body: JSONValue) throws(EmulatorError) -> JSONValue {
        guard let url = body["url"]?.stringValue, !url.isEmpty else {
            throw .badRequest("url is required", target: "url")
        }
        let name = body["name"]?.stringValue ?? Self.derivedName(from: url)
        guard name.range(of: #"^[a-z0-9-]{1,51}$"#, options: .regularExpression) != nil else {
            throw .badRequest("repository name '\(name)' must match ^[a-z0-9-]{1,51}$", target: "name")
        }
        try Self.checkAnswerableID(name, field: "name")
        guard store.repositories[name] == nil else { throw .conflict("Repository \(name) already exists") }
        guard !store.repositories.values.contains(where: { Self.sameRepository($0.url, url) }) else {
            throw .conflict("Repository \(url) is already on-boarded")
        }
        store.repositories[name] = RepositoryRecord(
            name: name, url: url, username: body["username"]?.stringValue, createdAt: Date())
        persist()
        return ["id": .string(name), "message": "Repository has been on-boarded"]
    }

    func repository(_ name: String) throws(EmulatorError) -> JSONValue {
        guard let record = store.repositories[name] else { throw .notFound("Repository \(name) not found") }
        return Self.repositoryJSON(record)
    }

    func repositories(_ query: QueryParameters) throws(EmulatorError) -> JSONValue {
        let all = store.repositories.values.sorted { $0.name < $1.name }
        return Self.adminList(try query.page(all, maximumTop: nil).map(Self.repositoryJSON), total: all.count, query)
    }

    func modifyRepository(_ name: String, _ body: JSONValue) throws(EmulatorError) -> JSONValue {
        guard store.repositories[name] != nil else { throw .notFound("Repository \(name) not found") }
        if let username = body["username"]?.stringValue { store.repositories[name]?.username = username }
        persist()
        return ["id": .string(name), "message": "Repository has been updated"]
    }

    func deleteRepository(_ name: String) throws(EmulatorError) -> JSONValue {
        guard store.repositories.removeValue(forKey: name) != nil else {
            throw .notFound("Repository \(name) not found")
        }
        persist()
        return ["id": .string(name), "message": "The repository has been off-boarded."]
    }

    private static func repositoryJSON(_ record: RepositoryRecord) -> JSONValue {
        ["name": .string(record.name), "url": .string(record.url), "status": "COMPLETED"]
    }

    /// AI Core treats `…/user/repo`, `…/user/repo/` and `…/user/REPO/` as the same repository.
    static func sameRepository(_ one: String, _ two: String) -> Bool {
        func normalized(_ url: String) -> String {
            var text = url.lowercased()
            while text.hasSuffix("/") { text.removeLast() }
            return text
        }
        return normalized(one) == normalized(two)
    }

    static func derivedName(from url: String) -> String {
        let last = url.split(separator: "/").last.map(String.init) ?? "repository"
        let base = last.hasSuffix(".git") ? String(last.dropLast(4)) : last
        let cleaned = base.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(String(cleaned).prefix(51))
    }

    // MARK: applications

    func createApplication(_ body: JSONValue) throws(EmulatorError) -> JSONValue {
        let url = try applicationRepositoryURL(body)
        guard let revision = body["revision"]?.stringValue, !revision.isEmpty else {
            throw .badRequest("revision is required", target: "revision")
        }
        guard let path = body["path"]?.stringValue else { throw .badRequest("path is required", target: "path") }
        let name =
            body["applicationName"]?.stringValue ?? Self.derivedName(from: url) + "-" + Self.derivedName(from: path)
        guard name.range(of: Self.applicationNamePattern, options: .regularExpression) != nil else {
            throw .badRequest(
                "applicationName '\(name)' must match \(Self.applicationNamePattern)", target: "applicationName")
        }
        try Self.checkAnswerableID(name, field: "applicationName")
        guard store.applications[name] == nil else { throw .conflict("Application \(name) already exists") }
        if let twin = store.applications.values.first(where: {
            Self.sameRepository($0.repositoryURL, url) && $0.revision == revision && $0.path == path
        }) {
            throw .conflict("Application \(twin.name) already syncs \(url) at \(revision), path \(path)")
        }
        let now = Date()
        store.applications[name] = ApplicationRecord(
            name: name, repositoryURL: url, revision: revision, path: path, createdAt: now, refreshRequestedAt: now,
            sync: nil)
        persist()
        return ["id": .string(name), "message": "Application has been successfully created."]
    }

    func application(_ name: String) throws(EmulatorError) -> JSONValue {
        guard let record = store.applications[name] else { throw .notFound("Application \(name) not found") }
        return Self.applicationJSON(record)
    }

    func applications(_ query: QueryParameters) throws(EmulatorError) -> JSONValue {
        let all = store.applications.values.sorted { $0.name < $1.name }
        return Self.adminList(try query.page(all, maximumTop: nil).map(Self.applicationJSON), total: all.count, query)
    }

    func modifyApplication(_ name: String, _ body: JSONValue) throws(EmulatorError) -> JSONValue {
        guard store.applications[name] != nil else { throw .notFound("Application \(name) not found") }
        let url = try applicationRepositoryURL(body)
        guard let revision = body["revision"]?.stringValue, let path = body["path"]?.stringValue else {
            throw .badRequest("repositoryUrl, revision and path are all required")
        }
        store.applications[name]?.repositoryURL = url
        store.applications[name]?.revision = revision
        store.applications[name]?.path = path
        store.applications[name]?.refreshRequestedAt = Date()
        persist()
        return ["id": .string(name), "message": "Application has been successfully updated."]
    }

    func deleteApplication(_ name: String) throws(EmulatorError) -> JSONValue {
        guard store.applications.removeValue(forKey: name) != nil else {
            throw .notFound("Application \(name) not found")
        }
        // Documented choice: AI Core does not say; the emulator prunes what the application synced.
        store.executables = store.executables.filter { $0.value.application != name }
        persist()
        return ["id": .string(name), "message": "Application has been successfully deleted."]
    }

    func refreshApplication(_ name: String) throws(EmulatorError) -> JSONValue {
        guard store.applications[name] != nil else { throw .notFound("Application \(name) not found") }
        store.applications[name]?.refreshRequestedAt = Date()
        persist()
        return ["id": .string(name), "message": "Refresh of ArgoCD application has been scheduled"]
    }

    func applicationStatus(_ name: String) throws(EmulatorError) -> JSONValue {
        runDueSyncs()
        guard let record = store.applications[name] else { throw .notFound("Application \(name) not found") }
        let source: JSONValue = [
            "repoURL": .string(record.repositoryURL), "path": .string(record.path),
            "revision": .string(record.sync?.revision ?? record.revision),
        ]
        guard let sync = record.sync, record.refreshRequestedAt == nil else {
            return [
                "healthStatus": "Progressing", "syncStatus": "OutOfSync",
                "message": "waiting for the sync to finish", "source": source,
                "reconciledAt": .string(WireTime.format(Date())), "syncResourcesStatus": [],
                "syncRessourcesStatus": [],
            ]
        }
        let resources: JSONValue = .array(
            sync.resources.map {
                [
                    "name": .string($0.name), "kind": .string($0.kind), "status": .string($0.status),
                    "message": .string($0.message),
                ]
            })
        return [
            "healthStatus": .string(sync.healthStatus), "syncStatus": .string(sync.syncStatus),
            "message": .string(sync.message), "source": source,
            "syncStartedAt": .string(WireTime.format(sync.startedAt)),
            "syncFinishedAt": .string(WireTime.format(sync.finishedAt)),
            "reconciledAt": .string(WireTime.format(sync.finishedAt)), "syncResourcesStatus": resources,
            "syncRessourcesStatus": resources,
        ]
    }

    private func applicationRepositoryURL(_ body: JSONValue) throws(EmulatorError) -> String {
        let url = body["repositoryUrl"]?.stringValue
        let name = body["repositoryName"]?.stringValue
        switch (url, name) {
        case (let url?, nil): return url
        case (nil, let name?):
            guard let repository = store.repositories[name] else {
                throw .notFound("Repository \(name) not found; on-board it with POST /v2/admin/repositories")
            }
            return repository.url
        default:
            throw .badRequest("give exactly one of repositoryUrl and repositoryName", target: "repositoryUrl")
        }
    }

    private static func applicationJSON(_ record: ApplicationRecord) -> JSONValue {
        [
            "applicationName": .string(record.name), "repositoryUrl": .string(record.repositoryURL),
            "revision": .string(record.revision), "path": .string(record.path),
        ]
    }

    /// The spec answers these names back as `BckndId`s (`^[\w.-]{4,64}$`), though its request patterns allow
    /// shorter and (resource groups) longer ones; the emulator refuses what it could not answer (docs/emulator.md).
    static func checkAnswerableID(_ id: String, field: String) throws(EmulatorError) {
        guard (4...64).contains(id.count) else {
            throw .badRequest(
                "\(field) '\(id)' must be 4 to 64 characters: AI Core's answers carry it as an ID of that length",
                target: field)
        }
    }

    // MARK: shared JSON helpers

    static func list(_ resources: [JSONValue], total: Int) -> JSONValue {
        ["count": .int(total), "resources": .array(resources)]
    }

    /// An `/admin` list: `count` is the number of items in the answer unless `$count=true` asks for the total
    /// (the spec's `$count` parameter).
    static func adminList(_ resources: [JSONValue], total: Int, _ query: QueryParameters) -> JSONValue {
        list(resources, total: query.flag("count") ? total : resources.count)
    }

    /// The spec's pattern for lm label keys (`AiLabelKey`).
    static let labelKeyPattern = #"^ext\.ai\.sap\.com/[\w.-]+$"#
    /// The spec's pattern for resource group label keys (`BckndResourceGroupLabel`), copied as published: its dots
    /// are not escaped, so AI Core's own validator accepts any character there.
    static let resourceGroupLabelKeyPattern = #"^ext.ai.sap.com/(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]){1,48}$"#

    /// `labelSelector=key=value,key!=value`, each item as the spec's pattern for that parameter says.
    static func labelSelectors(
        _ query: QueryParameters, name: String, pattern: String = #"^[^ =,!]+!?=[^ =,!]+$"#
    ) throws(EmulatorError) -> [String] {
        let selectors = query.list(name) ?? []
        for selector in selectors where selector.range(of: pattern, options: .regularExpression) == nil {
            throw .badRequest("\(name) item '\(selector)' must look like key=value or key!=value", target: name)
        }
        return selectors
    }

    static func labelsJSON(_ labels: [LabelRecord]) -> JSONValue {
        .array(labels.map { ["key": .string($0.key), "value": .string($0.value)] })
    }

    /// `[{key, value}]` with AI Core's label key rule (the spec's patterns and lengths).
    static func labels(_ value: JSONValue?, field: String, keyPattern: String = labelKeyPattern)
        throws(EmulatorError) -> [LabelRecord]
    {
        guard let value, !value.isNull else { return [] }
        guard let elements = value.arrayValue else { throw .badRequest("\(field) must be an array", target: field) }
        var labels: [LabelRecord] = []
        for element in elements {
            guard let key = element["key"]?.stringValue, let text = element["value"]?.stringValue else {
                throw .badRequest("every label needs a string key and value", target: field)
            }
            let maximumKey = keyPattern == labelKeyPattern ? 256 : 63
            guard key.count <= maximumKey, key.range(of: keyPattern, options: .regularExpression) != nil else {
                throw .badRequest(
                    "label key '\(key)' must match ext.ai.sap.com/<name> and be at most \(maximumKey) characters",
                    target: field)
            }
            guard text.count <= 5000 else {
                throw .badRequest("label value of \(key) is longer than 5000 characters", target: field)
            }
            labels.append(LabelRecord(key: key, value: text))
        }
        return labels
    }

    /// `$search` over a name, case-insensitive when `searchCaseInsensitive` is set.
    static func matchesSearch(_ text: String, _ query: QueryParameters) -> Bool {
        guard let search = query["search"] else { return true }
        return query.flag("searchCaseInsensitive")
            ? text.lowercased().contains(search.lowercased()) : text.contains(search)
    }
}
