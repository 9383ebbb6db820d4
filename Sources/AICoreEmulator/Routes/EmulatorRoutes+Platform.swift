import Foundation
import HTTPTypes
import Hummingbird
import PromoteModel

// Secrets, dataset files and what the tenant says about itself.
extension EmulatorRoutes {
    static let tenantScopeHeader = HTTPField.Name("AI-Tenant-Scope")!

    static func registerPlatform(on router: Router<BasicRequestContext>, state: EmulatorState) {
        registerSecrets(on: router, state: state)
        registerDatasetFiles(on: router, state: state)
        router.get("/v2/lm/meta") { _, _ in await HTTPHelpers.respond { () throws(EmulatorError) in await state.meta() } }
        router.get("/v2/admin/tenantInfo") { _, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in await state.tenantInfo() }
        }
        router.get("/v2/admin/services") { _, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in await state.services() }
        }
        router.get("/v2/admin/services/:name") { _, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.service(context.parameters.get("name") ?? "")
            }
        }
        router.get("/v2/admin/resources/instanceTypes") { _, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in await state.instanceTypesJSON() }
        }
        router.get("/v2/admin/resources/nodes") { _, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in await state.nodes() }
        }
        router.patch("/v2/admin/resources/nodes") { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.reserveNodes(try await HTTPHelpers.body(request))
            }
        }
        router.get("/v2/admin/resourceQuota/:kind") { request, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.quota(context.parameters.get("kind") ?? "", query: request.query)
            }
        }
        router.get("/v2/analytics/kpis") { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in try await state.kpis(query: request.query) }
        }
    }

    private static func registerSecrets(on router: Router<BasicRequestContext>, state: EmulatorState) {
        let kinds: [(String, SecretRecord.Kind, HTTPResponse.Status)] = [
            ("/v2/admin/secrets", .generic, .ok), ("/v2/admin/objectStoreSecrets", .objectStore, .accepted),
            ("/v2/admin/dockerRegistrySecrets", .dockerRegistry, .accepted),
        ]
        for (path, kind, changed) in kinds {
            let secrets = router.group(RouterPath(path))
            @Sendable func scope(_ request: Request) async throws(EmulatorError) -> EmulatorState.SecretScope {
                let tenant = request.headers[tenantScopeHeader]?.lowercased() == "true"
                return try await state.secretScope(kind, group: request.resourceGroup, tenantScope: tenant)
            }
            secrets.post { request, _ in
                await HTTPHelpers.respond(status: kind == .generic ? .ok : .accepted) { () throws(EmulatorError) in
                    try await state.createSecret(try await scope(request), try await HTTPHelpers.body(request))
                }
            }
            secrets.get { request, _ in
                await HTTPHelpers.respond { () throws(EmulatorError) in
                    try await state.secrets(try await scope(request), query: request.query)
                }
            }
            secrets.get(":name") { request, context in
                await HTTPHelpers.respond { () throws(EmulatorError) in
                    try await state.secret(try await scope(request), context.parameters.get("name") ?? "")
                }
            }
            secrets.patch(":name") { request, context in
                await HTTPHelpers.respond(status: changed) { () throws(EmulatorError) in
                    try await state.modifySecret(
                        try await scope(request), context.parameters.get("name") ?? "", try await HTTPHelpers.body(request))
                }
            }
            secrets.delete(":name") { request, context in
                await HTTPHelpers.respond(status: changed) { () throws(EmulatorError) in
                    try await state.deleteSecret(try await scope(request), context.parameters.get("name") ?? "")
                }
            }
        }
    }

    private static func registerDatasetFiles(on router: Router<BasicRequestContext>, state: EmulatorState) {
        let prefix = "/v2/lm/dataset/files/"
        @Sendable func path(_ request: Request) -> String {
            let raw = String(request.uri.path.dropFirst(prefix.count))
            return raw.removingPercentEncoding ?? raw
        }
        router.put(RouterPath(prefix + "**")) { request, _ -> Response in
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: EmulatorState.maximumDatasetFileBytes)
            } catch {
                return HTTPHelpers.error(
                    EmulatorError(status: 413, code: "413", message: "The file size exceeds the supported limit (8 MiB)."))
            }
            let overwrite = request.query.flag("overwrite")
            let filePath = path(request)
            do throws(EmulatorError) {
                let answer = try await state.uploadFile(
                    filePath, bytes: Array(buffer.readableBytesView), overwrite: overwrite, group: request.resourceGroup)
                var headers: HTTPFields = [:]
                headers[.location] = answer["url"]?.stringValue
                return HTTPHelpers.json(answer, status: .created, headers: headers)
            } catch {
                return HTTPHelpers.error(error)
            }
        }
        router.get(RouterPath(prefix + "**")) { request, _ -> Response in
            let filePath = path(request)
            do throws(EmulatorError) {
                let bytes = try await state.downloadFile(filePath, group: request.resourceGroup)
                let name = filePath.split(separator: "/").last.map(String.init) ?? "file"
                let headers: HTTPFields = [
                    .contentType: "application/octet-stream", HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                    HTTPField.Name("Content-Security-Policy")!: "default-src 'none'",
                    .contentDisposition: "attachment; filename=\"\(name.replacingOccurrences(of: "\"", with: ""))\"",
                ]
                return Response(
                    status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
            } catch {
                return HTTPHelpers.error(error)
            }
        }
        router.delete(RouterPath(prefix + "**")) { request, _ in
            let filePath = path(request)
            return await HTTPHelpers.noContent { () throws(EmulatorError) in
                try await state.deleteFile(filePath, group: request.resourceGroup)
            }
        }
    }
}
