/// What a stage's AI Core tenant must hold besides what deploys create (`aicore.tenant` in the stage file):
/// `promote setup` creates it, `promote doctor` checks it. Secret values are never part of it: each names the
/// environment variable its value comes from when setup runs.
public struct TenantDeclaration: Hashable, Sendable {
    /// Labels the stage's resource group carries (`ext.ai.sap.com/<name>` keys).
    public let resourceGroupLabels: [String: String]
    /// The git repository the stage's application syncs; the application itself is derived from the stage
    /// (`aicore.application`, the stage's branch, `aicore.templates_path`).
    public let repository: RepositoryDeclaration?
    public let dockerRegistrySecrets: [DockerRegistrySecretDeclaration]
    public let objectStoreSecrets: [ObjectStoreSecretDeclaration]
    public let genericSecrets: [GenericSecretDeclaration]

    public init(
        resourceGroupLabels: [String: String], repository: RepositoryDeclaration?,
        dockerRegistrySecrets: [DockerRegistrySecretDeclaration], objectStoreSecrets: [ObjectStoreSecretDeclaration],
        genericSecrets: [GenericSecretDeclaration]
    ) {
        self.resourceGroupLabels = resourceGroupLabels
        self.repository = repository
        self.dockerRegistrySecrets = dockerRegistrySecrets
        self.objectStoreSecrets = objectStoreSecrets
        self.genericSecrets = genericSecrets
    }

    /// Every environment variable the declaration reads, in declaration order.
    public var variables: [String] {
        var names: [String] = []
        if let repository { names += [repository.usernameVariable, repository.tokenVariable] }
        for secret in dockerRegistrySecrets { names += [secret.usernameVariable, secret.passwordVariable] }
        for secret in objectStoreSecrets { names += secret.data.map(\.variable) }
        for secret in genericSecrets { names += secret.data.map(\.variable) }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}

/// A git repository on-boarded to the tenant (`/admin/repositories`).
public struct RepositoryDeclaration: Hashable, Sendable {
    public let name: String
    public let url: String
    public let usernameVariable: String
    public let tokenVariable: String

    public init(name: String, url: String, usernameVariable: String, tokenVariable: String) {
        self.name = name
        self.url = url
        self.usernameVariable = usernameVariable
        self.tokenVariable = tokenVariable
    }
}

/// A docker registry secret (`/admin/dockerRegistrySecrets`), turned into the `.dockerconfigjson` AI Core wants.
public struct DockerRegistrySecretDeclaration: Hashable, Sendable {
    public let name: String
    /// The registry host, e.g. `docker.io` or `ghcr.io`.
    public let registry: String
    public let usernameVariable: String
    public let passwordVariable: String

    public init(name: String, registry: String, usernameVariable: String, passwordVariable: String) {
        self.name = name
        self.registry = registry
        self.usernameVariable = usernameVariable
        self.passwordVariable = passwordVariable
    }
}

/// One key of a secret's `data` and the variable its value comes from.
public struct SecretDataKey: Hashable, Sendable {
    public let key: String
    public let variable: String

    public init(key: String, variable: String) {
        self.key = key
        self.variable = variable
    }
}

/// An object store secret in the stage's resource group (`/admin/objectStoreSecrets`).
public struct ObjectStoreSecretDeclaration: Hashable, Sendable {
    public let name: String
    /// `S3`, `GCS`, `Azure`, `WebHDFS`, ...
    public let type: String
    public let bucket: String?
    public let endpoint: String?
    public let region: String?
    public let pathPrefix: String?
    /// The credentials, e.g. `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` for S3.
    public let data: [SecretDataKey]

    public init(
        name: String, type: String, bucket: String?, endpoint: String?, region: String?, pathPrefix: String?,
        data: [SecretDataKey]
    ) {
        self.name = name
        self.type = type
        self.bucket = bucket
        self.endpoint = endpoint
        self.region = region
        self.pathPrefix = pathPrefix
        self.data = data
    }
}

/// A generic secret in the stage's resource group (`/admin/secrets`).
public struct GenericSecretDeclaration: Hashable, Sendable {
    public let name: String
    public let data: [SecretDataKey]

    public init(name: String, data: [SecretDataKey]) {
        self.name = name
        self.data = data
    }
}
