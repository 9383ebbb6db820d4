/// One stage of the promotion chain, as declared in `stages/<name>.json` (DESIGN.md §2).
public struct Stage: Hashable, Sendable {
    public let name: String
    /// The git branch that holds this stage's state.
    public let branch: String
    /// The upstream stage this one is promoted from; nil for the entry stage.
    public let from: String?
    /// The CI environment whose secrets this stage uses.
    public let environment: String
    public let aicore: AICoreSettings
    public let deploy: DeploySettings
    public let gates: Gates
    /// The file the stage was read from, for error messages.
    public let file: String
}

/// Where a stage deploys: its AI Core resource group and git-sync application, and which environment variables
/// hold its credentials.
public struct AICoreSettings: Hashable, Sendable {
    public let resourceGroup: String
    public let application: String
    /// Prefix of the credential variables: `<prefix>AUTH_URL`, `<prefix>BASE_URL`, `<prefix>CLIENT_ID`,
    /// `<prefix>CLIENT_SECRET`, `<prefix>RESOURCE_GROUP`.
    public let envPrefix: String
    /// The folder of the repository the git-sync application reads templates from (its top level only).
    public let templatesPath: String
    /// Whether an unpinned container image (no tag, or `latest`) is an error rather than a warning: the same
    /// template would otherwise run different code in each stage.
    public let requirePinnedImages: Bool
    /// What `promote setup` makes the tenant hold (`aicore.tenant`); nil when the stage declares nothing.
    public let tenant: TenantDeclaration?

    public static let defaultEnvPrefix = "AICORE_"
    public static let defaultTemplatesPath = "templates"

    public init(
        resourceGroup: String, application: String, envPrefix: String = defaultEnvPrefix,
        templatesPath: String = defaultTemplatesPath, requirePinnedImages: Bool = false,
        tenant: TenantDeclaration? = nil
    ) {
        self.tenant = tenant
        self.resourceGroup = resourceGroup
        self.application = application
        self.envPrefix = envPrefix
        self.templatesPath = templatesPath
        self.requirePinnedImages = requirePinnedImages
    }
}

/// How a stage is deployed.
public struct DeploySettings: Hashable, Sendable {
    public enum CleanUpScope: String, Hashable, Sendable, CaseIterable {
        /// Only objects in the deploy config's scenarios.
        case scenario
        /// Everything in the resource group, as the older deploy scripts did.
        case resourceGroup = "resource_group"
    }

    public let config: String
    public let overlay: String?
    public let cleanUp: CleanUpScope
    public let timeoutSeconds: Int
    /// How many independent AI Core calls a deploy makes at once; nil leaves it to promote (or `--concurrency`).
    public let concurrency: Int?
    /// What `concurrency` (and `promote deploy --concurrency`) may be.
    public static let concurrencyRange = 1...256
    /// Calls in flight when neither says: AI Core publishes no rate limit, and the client halves this on every 429.
    public static let defaultConcurrency = 64

    public static let defaultConfig = "cicd/config.json"
    public static let defaultTimeoutSeconds = 1800
    public static let `default` = DeploySettings(
        config: defaultConfig, overlay: nil, cleanUp: .scenario, timeoutSeconds: defaultTimeoutSeconds)

    public init(
        config: String, overlay: String?, cleanUp: CleanUpScope, timeoutSeconds: Int, concurrency: Int? = nil
    ) {
        self.config = config
        self.overlay = overlay
        self.cleanUp = cleanUp
        self.timeoutSeconds = timeoutSeconds
        self.concurrency = concurrency
    }
}

/// What must hold before a commit may enter a stage.
public struct Gates: Hashable, Sendable {
    public let approvals: ApprovalGate?
    public let tests: [Hook]
    public let requireDeployedUpstream: Bool
    /// Hooks run after the stage is deployed.
    public let verify: [Hook]
    /// `signed_records`: whether test, deploy and promotion records must be signed to count; nil when not set.
    public let signedRecords: Bool?
    /// Model-quality rules the candidate's metrics, as recorded by its deploy to the upstream stage, must meet.
    public let metrics: [MetricRule]
    /// Bounds the executions' metrics must meet after this stage's own deploy, or the deploy counts as failed.
    public let verifyMetrics: [MetricRule]
    /// Change freezes: while one is on, nothing enters or deploys to the stage without `--break-glass`.
    public let freeze: [FreezeWindow]

    public init(
        approvals: ApprovalGate?, tests: [Hook], requireDeployedUpstream: Bool, verify: [Hook],
        signedRecords: Bool? = nil, metrics: [MetricRule] = [], verifyMetrics: [MetricRule] = [],
        freeze: [FreezeWindow] = []
    ) {
        self.freeze = freeze
        self.approvals = approvals
        self.tests = tests
        self.requireDeployedUpstream = requireDeployedUpstream
        self.verify = verify
        self.signedRecords = signedRecords
        self.metrics = metrics
        self.verifyMetrics = verifyMetrics
    }

    public static let none = Gates(approvals: nil, tests: [], requireDeployedUpstream: false, verify: [])

    /// Whether records must be signed to count: as `signed_records` says, else for any stage with a gate.
    public var requiresSignedRecords: Bool {
        signedRecords
            ?? ((approvals.map { $0.required > 0 } ?? false) || !tests.isEmpty || requireDeployedUpstream
                || !metrics.isEmpty)
    }

    public var isEmpty: Bool {
        approvals == nil && tests.isEmpty && !requireDeployedUpstream && verify.isEmpty && metrics.isEmpty
            && verifyMetrics.isEmpty && freeze.isEmpty
    }
}

/// Signed approvals a commit needs.
public struct ApprovalGate: Hashable, Sendable {
    public let required: Int
    /// Whether someone who authored or committed a promoted commit may approve it.
    public let allowAuthors: Bool
    /// How long an approval stays valid; nil means forever.
    public let ttlHours: Double?

    public init(required: Int, allowAuthors: Bool, ttlHours: Double?) {
        self.required = required
        self.allowAuthors = allowAuthors
        self.ttlHours = ttlHours
    }
}

/// A command run as a test or verification hook.
public struct Hook: Hashable, Sendable {
    public let name: String
    public let run: String
    public let timeoutSeconds: Int
    /// Variables of promote's environment the hook is given by name (`env`); credentials never are.
    public let env: [String]

    public static let defaultTimeoutSeconds = 600

    public init(name: String, run: String, timeoutSeconds: Int, env: [String] = []) {
        self.name = name
        self.run = run
        self.timeoutSeconds = timeoutSeconds
        self.env = env
    }
}
