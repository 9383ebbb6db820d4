import Foundation
import PromoteModel

// What a tenant says about itself (`/lm/meta`, `/admin/tenantInfo`, services, instance types, nodes, quotas, KPIs):
// static, plausible answers in the spec's shapes, with usage counted from the emulator's own state.
extension EmulatorState {
    /// The AI API version the emulator follows (SAP's published description).
    static let aiAPIVersion = "2.42.0"
    /// AI Core's resource plans as the instance-type catalogue lists them (templates.md, "Resource plans").
    static let instanceTypes: [(id: String, memory: String, cpu: Double, gpu: Double, units: Double)] = [
        ("starter", "3Gi", 1, 0, 1), ("basic", "7Gi", 3, 0, 2), ("basic.8x", "56Gi", 31, 0, 8),
        ("train.l", "15Gi", 3, 1, 10), ("infer.s", "15Gi", 3, 1, 5),
    ]

    func meta() -> JSONValue {
        [
            "runtimeIdentifier": "promote-emulator", "runtimeApiVersion": .string(Self.aiAPIVersion),
            "aiApi": [
                "version": .string(Self.aiAPIVersion),
                "capabilities": [
                    "multitenant": true, "shareable": true, "staticDeployments": true, "userDeployments": true,
                    "userExecutions": true, "timeToLiveDeployments": true, "executionSchedules": true,
                    "logs": ["executions": true, "deployments": true],
                    "bulkUpdates": ["executions": true, "deployments": true],
                ],
            ],
        ]
    }

    func tenantInfo() -> JSONValue {
        ["tenantId": "emulator-tenant", "servicePlan": "extended", "status": "PROVISIONED"]
    }

    func services() -> JSONValue {
        Self.list([serviceSummary()], total: 1)
    }

    func service(_ name: String) throws(EmulatorError) -> JSONValue {
        guard name == "ai-core" else { throw .notFound("Service \(name) not found; the emulator offers ai-core") }
        return [
            "name": "ai-core", "url": .string(publicBaseURL + "/v2"),
            "capabilities": [
                "logs": ["deployments": true, "executions": true],
                "basic": [
                    "staticDeployments": true, "userDeployments": true, "createExecutions": true,
                    "userPromptTemplates": false, "multitenant": true,
                ],
            ],
            "serviceCatalog": [],
        ]
    }

    private func serviceSummary() -> JSONValue {
        ["name": "ai-core", "url": .string(publicBaseURL + "/v2"), "status": "PROVISIONED",
         "statusMessage": "the emulator's AI API"]
    }

    func instanceTypesJSON() -> JSONValue {
        var types = JSONObject()
        for type in Self.instanceTypes {
            types[type.id] = [
                "memory": .string(type.memory), "cpu": .number(type.cpu), "gpu": .number(type.gpu),
                "billableUnitsPerHour": .number(type.units),
            ]
        }
        return ["instanceTypes": .object(types)]
    }

    /// Reserved nodes per resource plan: what `PATCH` asked for is what is provisioned (the emulator has no
    /// nodes to wait for).
    func nodes() -> JSONValue {
        var plans = JSONObject()
        for (name, count) in store.reservedNodes.sorted(by: { $0.key < $1.key }) {
            plans[name] = ["provisioned": .int(count), "requested": .int(count)]
        }
        return ["resourcePlans": .object(plans)]
    }

    func reserveNodes(_ body: JSONValue) throws(EmulatorError) -> JSONValue {
        guard let plans = body["resourcePlans"]?.arrayValue else {
            throw .badRequest("resourcePlans must be an array of {name, request}", target: "resourcePlans")
        }
        var requested: [String: Int] = [:]
        for plan in plans {
            guard let name = plan["name"]?.stringValue, Self.instanceTypes.contains(where: { $0.id == name }) else {
                throw .badRequest(
                    "every resource plan needs a name, one of \(Self.instanceTypes.map(\.id).joined(separator: ", "))",
                    target: "resourcePlans")
            }
            guard let count = plan["request"]?.intValue, (0...100).contains(count) else {
                throw .badRequest("resource plan \(name) needs a request from 0 to 100 nodes", target: "resourcePlans")
            }
            requested[name] = count
        }
        for (name, count) in requested { store.reservedNodes[name] = count == 0 ? nil : count }
        persist()
        return ["message": "Node reservation updated"]
    }

    /// `GET /admin/resourceQuota/{kind}`: the extended plan's limits, with usage from the emulator's state.
    func quota(_ kind: String, query: QueryParameters) throws(EmulatorError) -> JSONValue {
        let quotaOnly = query.flag("quotaOnly")
        func common(_ maximum: Int, used: Int) -> JSONValue {
            quotaOnly ? ["quota": ["maxCount": .int(maximum)]]
                : ["quota": ["maxCount": .int(maximum)], "usage": ["count": .int(used)]]
        }
        let groups = store.groups.values
        switch kind {
        case "resourceGroups": return common(50, used: store.resourceGroups.count)
        case "applications": return common(50, used: store.applications.count)
        case "repositories": return common(50, used: store.repositories.count)
        case "secrets", "dockerRegistrySecrets":
            return common(50, used: secretCount(kind))
        case "executables":
            let serving = store.executables.values.filter(\.deployable).count
            let quota: JSONValue = ["servingTemplateMaxCount": 50, "workflowTemplateMaxCount": 50]
            return quotaOnly
                ? ["quota": quota]
                : ["quota": quota,
                   "usage": ["servingTemplateCount": .int(serving),
                             "workflowTemplateCount": .int(store.executables.count - serving)]]
        case "deployments":
            let deployments = groups.flatMap { $0.runs.values.filter { $0.kind == .deployment } }
                .sorted { $0.id < $1.id }
            var answer: JSONObject = [
                "quotas": [["resourcePlanType": "starter", "deploymentQuota": ["maxCount": 50, "maxReplicaPerDeployment": 5]]]
            ]
            if !quotaOnly {
                answer["usage"] = [
                    "count": .int(deployments.count),
                    "items": .array(deployments.map {
                        ["id": .string($0.id), "resourcePlanType": "starter", "configuredMaxReplicas": 1]
                    }),
                ]
            }
            return .object(answer)
        default:
            throw .notFound("no quota for \(kind)")
        }
    }

    /// `GET /analytics/kpis`: counts per resource group (and, when selected, scenario and executable).
    func kpis(query: QueryParameters) throws(EmulatorError) -> JSONValue {
        let allowed = ["ResourceGroup", "Scenario", "Executable", "Executions", "Artifacts", "Deployments"]
        let columns = query.list("select") ?? ["ResourceGroup", "Executions", "Artifacts", "Deployments"]
        guard !columns.isEmpty, Set(columns).count == columns.count, columns.allSatisfy(allowed.contains) else {
            throw .badRequest("$select takes distinct columns of \(allowed.joined(separator: ", "))", target: "$select")
        }
        let keys = columns.filter { ["ResourceGroup", "Scenario", "Executable"].contains($0) }
        struct Key: Hashable { var values: [String] }
        var counts: [Key: (executions: Int, artifacts: Int, deployments: Int)] = [:]
        for (group, objects) in store.groups {
            func key(scenario: String, executable: String) -> Key {
                Key(values: keys.map { $0 == "ResourceGroup" ? group : $0 == "Scenario" ? scenario : executable })
            }
            for run in objects.runs.values {
                let k = key(scenario: run.scenarioID, executable: run.executableID)
                var value = counts[k] ?? (0, 0, 0)
                if run.kind == .execution { value.executions += 1 } else { value.deployments += 1 }
                counts[k] = value
            }
            for artifact in objects.artifacts.values {
                let executable = artifact.executionID.flatMap { objects.runs[$0]?.executableID } ?? ""
                let k = key(scenario: artifact.scenarioID, executable: executable)
                var value = counts[k] ?? (0, 0, 0)
                value.artifacts += 1
                counts[k] = value
            }
        }
        let rows: [JSONValue] = counts.sorted { $0.key.values.lexicographicallyPrecedes($1.key.values) }.map { key, value in
            var position = 0
            return .array(columns.map { column -> JSONValue in
                switch column {
                case "Executions": return .int(value.executions)
                case "Artifacts": return .int(value.artifacts)
                case "Deployments": return .int(value.deployments)
                default:
                    defer { position += 1 }
                    return .string(key.values[position])
                }
            })
        }
        return ["header": .array(columns.map { .string($0) }), "rows": .array(rows)]
    }
}
