import NIOHTTP1
public import PromoteModel

extension AICoreClient {
    /// The tenant objects `promote setup` and `promote doctor` manage, and where AI Core keeps each.
    public enum AdminKind: String, Sendable, CaseIterable {
        case resourceGroup = "resource group"
        case repository
        case application
        case dockerRegistrySecret = "docker registry secret"
        case objectStoreSecret = "object store secret"
        case genericSecret = "generic secret"

        var collection: String {
            switch self {
            case .resourceGroup: "/admin/resourceGroups"
            case .repository: "/admin/repositories"
            case .application: "/admin/applications"
            case .dockerRegistrySecret: "/admin/dockerRegistrySecrets"
            case .objectStoreSecret: "/admin/objectStoreSecrets"
            case .genericSecret: "/admin/secrets"
            }
        }

        /// Object store and generic secrets live in the stage's resource group; the others belong to the tenant.
        var inResourceGroup: Bool { self == .objectStoreSecret || self == .genericSecret }

        /// Generic secrets are scoped by `AI-Tenant-Scope` too: false keeps them in the resource group.
        var tenantScope: Bool? { self == .genericSecret ? false : nil }
    }

    /// The object's JSON (without secret data: AI Core never returns it), or nil when it does not exist.
    public func adminObject(_ kind: AdminKind, name: String) async throws(AICoreError) -> JSONValue? {
        do {
            return try await call(
                .GET, "\(kind.collection)/\(name)", resourceGroup: kind.inResourceGroup, tenantScope: kind.tenantScope)
        } catch  where error.status == 404 {
            return nil
        }
    }

    /// Creates an object; when the outcome is unknown it is looked up by name rather than sent twice.
    public func createAdminObject(_ kind: AdminKind, name: String, body: JSONValue) async throws(AICoreError) {
        _ = try await sendOnce(
            .POST, kind.collection, body: body, resourceGroup: kind.inResourceGroup, tenantScope: kind.tenantScope
        ) { () throws(AICoreError) in
            try await self.adminObject(kind, name: name)
        }
    }

    /// Changes an object; the same change sent twice has the same effect, so it is retried like a read.
    public func modifyAdminObject(_ kind: AdminKind, name: String, body: JSONValue) async throws(AICoreError) {
        _ = try await call(
            .PATCH, "\(kind.collection)/\(name)", body: body, resourceGroup: kind.inResourceGroup, idempotent: true,
            tenantScope: kind.tenantScope)
    }
}
