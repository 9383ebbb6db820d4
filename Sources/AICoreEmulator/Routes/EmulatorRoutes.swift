import Foundation
import Hummingbird
import PromoteModel

/// Every route the emulator serves, registered on one router.
enum EmulatorRoutes {
    static func register(on router: Router<BasicRequestContext>, state: EmulatorState, tokens: TokenIssuer) {
        registerOAuth(on: router, tokens: tokens)
        registerAdmin(on: router, state: state)
        registerCatalog(on: router, state: state)
        registerRuns(.execution, on: router, state: state)
        registerRuns(.deployment, on: router, state: state)
        registerSchedules(on: router, state: state)
        registerMetrics(on: router, state: state)
        registerPlatform(on: router, state: state)
        registerInference(on: router, state: state)
        registerDestinations(on: router, state: state)
    }

    // MARK: OAuth

    /// `POST /oauth/token`: client credentials as form fields (what the SDKs send) or HTTP Basic.
    static func registerOAuth(on router: Router<BasicRequestContext>, tokens: TokenIssuer) {
        router.post("/oauth/token") { request, _ -> Response in
            let form = await HTTPHelpers.form(request)
            var clientID = form["client_id"]
            var secret = form["client_secret"]
            if let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
                let decoded = Data(base64Encoded: String(header.dropFirst(6))).map({
                    String(decoding: $0, as: UTF8.self)
                }),
                let colon = decoded.firstIndex(of: ":")
            {
                clientID = String(decoded[..<colon]).removingPercentEncoding
                secret = String(decoded[decoded.index(after: colon)...]).removingPercentEncoding
            }
            guard (form["grant_type"] ?? request.query["grant_type"]) == "client_credentials" else {
                return HTTPHelpers.json(
                    [
                        "error": "unsupported_grant_type",
                        "error_description": "only grant_type=client_credentials is supported",
                    ],
                    status: .badRequest)
            }
            guard let clientID, let secret, let audience = tokens.audience(clientID: clientID, secret: secret) else {
                return HTTPHelpers.json(
                    ["error": "unauthorized", "error_description": "Bad credentials"], status: .unauthorized)
            }
            let (token, expiresIn) = tokens.issue(audience)
            return HTTPHelpers.json([
                "access_token": .string(token), "token_type": "bearer", "expires_in": .int(expiresIn),
                "scope": .string(audience.rawValue), "jti": .string(UUID().uuidString.lowercased()),
            ])
        }
    }

    // MARK: admin

    static func registerAdmin(on router: Router<BasicRequestContext>, state: EmulatorState) {
        let groups = router.group("/v2/admin/resourceGroups")
        groups.get { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in try await state.resourceGroups(request.query) }
        }
        groups.post { request, _ in
            await HTTPHelpers.respond(status: .accepted) { () throws(EmulatorError) in
                try await state.createResourceGroup(try await HTTPHelpers.body(request))
            }
        }
        groups.get(":id") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.resourceGroup(context.parameters.get("id") ?? "")
            }
        }
        groups.patch(":id") { request, context in
            await HTTPHelpers.respond(status: .accepted) { () throws(EmulatorError) in
                try await state.modifyResourceGroup(
                    context.parameters.get("id") ?? "", try await HTTPHelpers.body(request))
            }
        }
        groups.delete(":id") { _, context in
            await HTTPHelpers.respond(status: .accepted) { () throws(EmulatorError) in
                try await state.deleteResourceGroup(context.parameters.get("id") ?? "")
            }
        }

        let repositories = router.group("/v2/admin/repositories")
        repositories.get { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in try await state.repositories(request.query) }
        }
        repositories.post { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.createRepository(try await HTTPHelpers.body(request))
            }
        }
        repositories.get(":name") { _, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.repository(context.parameters.get("name") ?? "")
            }
        }
        repositories.patch(":name") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.modifyRepository(
                    context.parameters.get("name") ?? "", try await HTTPHelpers.body(request))
            }
        }
        repositories.delete(":name") { _, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.deleteRepository(context.parameters.get("name") ?? "")
            }
        }

        let applications = router.group("/v2/admin/applications")
        applications.get { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in try await state.applications(request.query) }
        }
        applications.post { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.createApplication(try await HTTPHelpers.body(request))
            }
        }
        applications.get(":name") { _, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.application(context.parameters.get("name") ?? "")
            }
        }
        applications.patch(":name") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.modifyApplication(
                    context.parameters.get("name") ?? "", try await HTTPHelpers.body(request))
            }
        }
        applications.delete(":name") { _, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.deleteApplication(context.parameters.get("name") ?? "")
            }
        }
        applications.post(":name/refresh") { _, context in
            await HTTPHelpers.respond(status: .accepted) { () throws(EmulatorError) in
                try await state.refreshApplication(context.parameters.get("name") ?? "")
            }
        }
        applications.get(":name/status") { _, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.applicationStatus(context.parameters.get("name") ?? "")
            }
        }
    }

    // MARK: scenarios, executables, artifacts, configurations

    static func registerCatalog(on router: Router<BasicRequestContext>, state: EmulatorState) {
        let scenarios = router.group("/v2/lm/scenarios")
        scenarios.get { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.scenarios(group: request.resourceGroup)
            }
        }
        scenarios.get(":id") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.scenario(context.parameters.get("id") ?? "", group: request.resourceGroup)
            }
        }
        scenarios.get(":id/versions") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.scenarioVersions(context.parameters.get("id") ?? "", group: request.resourceGroup)
            }
        }
        scenarios.get(":id/executables") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.executables(
                    scenario: context.parameters.get("id") ?? "", group: request.resourceGroup, query: request.query)
            }
        }
        scenarios.get(":id/models") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.scenarioModels(context.parameters.get("id") ?? "", group: request.resourceGroup)
            }
        }
        scenarios.get(":id/executables/:executable") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.executable(
                    scenario: context.parameters.get("id") ?? "", id: context.parameters.get("executable") ?? "",
                    group: request.resourceGroup)
            }
        }

        let artifacts = router.group("/v2/lm/artifacts")
        artifacts.post { request, _ in
            await HTTPHelpers.respond(status: .created, location: "/v2/lm/artifacts/") { () throws(EmulatorError) in
                try await state.createArtifact(try await HTTPHelpers.body(request), group: request.resourceGroup)
            }
        }
        artifacts.get { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                let (all, page) = try await state.artifacts(group: request.resourceGroup, query: request.query)
                return EmulatorState.list(page, total: all)
            }
        }
        for count in ["$count", "%24count"] {
            artifacts.get(RouterPath(count)) { request, _ in
                await HTTPHelpers.count { () throws(EmulatorError) in
                    try await state.artifacts(group: request.resourceGroup, query: request.query).all
                }
            }
        }
        artifacts.get(":id") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.artifact(
                    context.parameters.get("id") ?? "", group: request.resourceGroup, query: request.query)
            }
        }

        let configurations = router.group("/v2/lm/configurations")
        configurations.post { request, _ in
            await HTTPHelpers.respond(status: .created) { () throws(EmulatorError) in
                try await state.createConfiguration(try await HTTPHelpers.body(request), group: request.resourceGroup)
            }
        }
        configurations.get { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                let (all, page) = try await state.configurations(group: request.resourceGroup, query: request.query)
                return EmulatorState.list(page, total: all)
            }
        }
        for count in ["$count", "%24count"] {
            configurations.get(RouterPath(count)) { request, _ in
                await HTTPHelpers.count { () throws(EmulatorError) in
                    try await state.configurations(group: request.resourceGroup, query: request.query).all
                }
            }
        }
        configurations.get(":id") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.configuration(
                    context.parameters.get("id") ?? "", group: request.resourceGroup, query: request.query)
            }
        }
    }

    // MARK: executions and deployments

    static func registerRuns(_ kind: RunRecord.Kind, on router: Router<BasicRequestContext>, state: EmulatorState) {
        let runs = router.group(RouterPath(kind == .execution ? "/v2/lm/executions" : "/v2/lm/deployments"))
        runs.post { request, _ in
            await HTTPHelpers.respond(
                status: .accepted, location: kind == .execution ? "/v2/lm/executions/" : "/v2/lm/deployments/"
            ) {
                () throws(EmulatorError) in
                let body = try await HTTPHelpers.body(request)
                return kind == .execution
                    ? try await state.createExecution(body, group: request.resourceGroup)
                    : try await state.createDeployment(body, group: request.resourceGroup)
            }
        }
        runs.get { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                let (all, page) = try await state.runs(kind, group: request.resourceGroup, query: request.query)
                return EmulatorState.list(page, total: all)
            }
        }
        runs.patch { request, _ in
            await HTTPHelpers.respond(status: .accepted) { () throws(EmulatorError) in
                try await state.bulkModify(kind, try await HTTPHelpers.body(request), group: request.resourceGroup)
            }
        }
        for count in ["$count", "%24count"] {
            runs.get(RouterPath(count)) { request, _ in
                await HTTPHelpers.count { () throws(EmulatorError) in
                    try await state.runs(kind, group: request.resourceGroup, query: request.query).all
                }
            }
        }
        runs.get(":id") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.run(
                    kind, context.parameters.get("id") ?? "", group: request.resourceGroup, query: request.query)
            }
        }
        runs.patch(":id") { request, context in
            await HTTPHelpers.respond(status: .accepted) { () throws(EmulatorError) in
                try await state.modifyRun(
                    kind, context.parameters.get("id") ?? "", try await HTTPHelpers.body(request),
                    group: request.resourceGroup)
            }
        }
        runs.delete(":id") { request, context in
            await HTTPHelpers.respond(status: .accepted) { () throws(EmulatorError) in
                try await state.deleteRun(kind, context.parameters.get("id") ?? "", group: request.resourceGroup)
            }
        }
        runs.get(":id/logs") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.logs(
                    kind, context.parameters.get("id") ?? "", group: request.resourceGroup, query: request.query)
            }
        }
    }

    // MARK: execution schedules and tracking

    static func registerSchedules(on router: Router<BasicRequestContext>, state: EmulatorState) {
        let schedules = router.group("/v2/lm/executionSchedules")
        schedules.post { request, _ in
            await HTTPHelpers.respond(status: .accepted, location: "/v2/lm/executionSchedules/") {
                () throws(EmulatorError) in
                try await state.createSchedule(try await HTTPHelpers.body(request), group: request.resourceGroup)
            }
        }
        schedules.get { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                let (all, page) = try await state.schedules(group: request.resourceGroup, query: request.query)
                return EmulatorState.list(page, total: all)
            }
        }
        for count in ["$count", "%24count"] {
            schedules.get(RouterPath(count)) { request, _ in
                await HTTPHelpers.count { () throws(EmulatorError) in
                    try await state.schedules(group: request.resourceGroup, query: request.query).all
                }
            }
        }
        schedules.get(":id") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.schedule(context.parameters.get("id") ?? "", group: request.resourceGroup)
            }
        }
        schedules.patch(":id") { request, context in
            await HTTPHelpers.respond(status: .accepted) { () throws(EmulatorError) in
                try await state.modifySchedule(
                    context.parameters.get("id") ?? "", try await HTTPHelpers.body(request),
                    group: request.resourceGroup)
            }
        }
        schedules.delete(":id") { request, context in
            await HTTPHelpers.respond(status: .accepted) { () throws(EmulatorError) in
                try await state.deleteSchedule(context.parameters.get("id") ?? "", group: request.resourceGroup)
            }
        }
    }

    static func registerMetrics(on router: Router<BasicRequestContext>, state: EmulatorState) {
        let metrics = router.group("/v2/lm/metrics")
        metrics.get { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.metrics(group: request.resourceGroup, query: request.query)
            }
        }
        metrics.patch { request, _ in
            await HTTPHelpers.noContent { () throws(EmulatorError) in
                try await state.patchMetrics(try await HTTPHelpers.body(request), group: request.resourceGroup)
            }
        }
        metrics.delete { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.deleteMetrics(group: request.resourceGroup, query: request.query)
            }
        }
    }

    // MARK: inference

    /// `/v2/inference/deployments/{id}/...`: answers for running deployments, so smoke tests can call them.
    static func registerInference(on router: Router<BasicRequestContext>, state: EmulatorState) {
        let prefix = "/v2/inference/deployments/"
        for path in [":id", ":id/**"] {
            for method in [HTTPRequest.Method.get, .post, .put] {
                router.on(RouterPath(prefix + path), method: method) { request, context in
                    await HTTPHelpers.respond { () throws(EmulatorError) in
                        let id = context.parameters.get("id") ?? ""
                        let rest = String(request.uri.path.dropFirst(prefix.count + id.count))
                        return try await state.inference(
                            deployment: id, path: rest.isEmpty ? "/" : rest, method: method.rawValue)
                    }
                }
            }
        }
    }
}
