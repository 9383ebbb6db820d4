public import AICore
public import Foundation
public import PromoteModel

/// `promote setup <stage>`: makes the stage's tenant hold what its declaration (`aicore.tenant`) asks for. Creates
/// what is missing, changes what differs where AI Core can compare it, sends secret data again (AI Core never
/// returns it, so it cannot be compared), and never deletes anything.
public enum TenantSetup {
    /// Reconciles; every object is tried even when an earlier one failed. Throws only when nothing could start
    /// (no declaration, a missing variable, missing credentials): then nothing was sent.
    ///
    /// - Parameter valuesNeeded: false lets a dry run go without the secret variables (`promote doctor`, which holds
    ///   only the stage's credentials): nothing is sent, and secret data is never compared anyway.
    public static func run(
        stage: Stage, environment: [String: String], dryRun: Bool, valuesNeeded: Bool = true,
        client makeClient: (AICoreCredentials) -> AICoreClient = { AICoreClient(credentials: $0) },
        output: @Sendable (String) -> Void = { _ in }
    ) async throws -> TenantSetupReport {
        let (declaration, values) = try resolve(
            stage: stage, environment: environment, valuesNeeded: valuesNeeded || !dryRun)
        let credentials = try AICoreCredentials.fromEnvironment(
            environment, prefix: stage.aicore.envPrefix, defaultResourceGroup: stage.aicore.resourceGroup,
            stage: stage.name)
        let client = makeClient(credentials)
        var entries: [TenantSetupReport.Entry] = []
        for object in TenantObject.all(for: stage, declaration: declaration, values: values) {
            let entry = await reconcile(object, client: client, dryRun: dryRun)
            output(entry.line)
            entries.append(entry)
        }
        // An application whose repository was on-boarded only now failed its last sync: it syncs again now rather
        // than at AI Core's next periodic sync.
        let repositoryCreated = entries.contains {
            $0.kind == AICoreClient.AdminKind.repository.rawValue && $0.action == .created
        }
        let applicationExisted = entries.contains {
            $0.kind == AICoreClient.AdminKind.application.rawValue && $0.action != .created && $0.action != .failed
        }
        if !dryRun && repositoryCreated && applicationExisted {
            do {
                try await client.refreshApplication(stage.aicore.application)
                output("application \(stage.aicore.application): refreshed (its repository was on-boarded again)")
            } catch {
                output("application \(stage.aicore.application): could not refresh it: \(error.localizedDescription)")
            }
        }
        await client.shutdown()
        return TenantSetupReport(stage: stage.name, dryRun: dryRun, objects: entries)
    }

    /// The declaration and the value of every variable it names; all missing variables in one error.
    static func resolve(stage: Stage, environment: [String: String], valuesNeeded: Bool = true) throws -> (
        TenantDeclaration, [String: String]
    ) {
        guard let declaration = stage.aicore.tenant else { throw PromoteError.noTenantDeclaration(stage: stage.name) }
        var values: [String: String] = [:]
        var missing: [String] = []
        for variable in declaration.variables {
            if let value = environment[variable], !value.isEmpty {
                values[variable] = value
            } else {
                missing.append(variable)
            }
        }
        guard missing.isEmpty || !valuesNeeded else {
            throw PromoteError.tenantVariablesMissing(stage: stage.name, variables: missing)
        }
        return (declaration, values)
    }

    private static func reconcile(_ object: TenantObject, client: AICoreClient, dryRun: Bool) async
        -> TenantSetupReport.Entry
    {
        func entry(_ action: TenantSetupReport.Action, _ detail: String? = nil) -> TenantSetupReport.Entry {
            TenantSetupReport.Entry(kind: object.kind.rawValue, name: object.name, action: action, detail: detail)
        }
        do {
            guard let existing = try await client.adminObject(object.kind, name: object.name) else {
                if !dryRun {
                    try await client.createAdminObject(object.kind, name: object.name, body: object.createBody)
                }
                return entry(dryRun ? .wouldCreate : .created)
            }
            switch object.compare(existing) {
            case .same:
                return entry(.unchanged)
            case .keep(let why):
                return entry(.unchanged, why)
            case .conflict(let why):
                return entry(.failed, why)
            case .differs(let body, let fields):
                if !dryRun { try await client.modifyAdminObject(object.kind, name: object.name, body: body) }
                return entry(dryRun ? .wouldUpdate : .updated, fields.joined(separator: ", "))
            case .rewrite(let body):
                if !dryRun { try await client.modifyAdminObject(object.kind, name: object.name, body: body) }
                return entry(dryRun ? .wouldRewrite : .rewritten, "AI Core does not return secret values")
            }
        } catch {
            return entry(.failed, error.localizedDescription)
        }
    }
}

/// What `promote setup` did (schema `promote.setup/v1`, docs/json/setup.md). Names only: never a secret value.
public struct TenantSetupReport: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable {
        case created, updated, unchanged, failed
        /// Sent again: values AI Core does not return cannot be compared.
        case rewritten = "re-written"
        case wouldCreate = "would create"
        case wouldUpdate = "would update"
        case wouldRewrite = "would re-write"
    }

    public struct Entry: Codable, Sendable, Equatable {
        public let kind: String
        public let name: String
        public let action: Action
        /// The fields that differed, why it failed, or why it was left as it is.
        public let detail: String?

        var line: String {
            "\(kind) \(name): \(action.rawValue)" + (detail.map { " (\($0))" } ?? "")
        }
    }

    public var schema = "promote.setup/v1"
    public let stage: String
    public let dryRun: Bool
    public let objects: [Entry]

    public var succeeded: Bool { !objects.contains { $0.action == .failed } }

    /// Whether a dry run found nothing to create or update (secrets are always re-written and do not count).
    public var matchesDeclaration: Bool {
        !objects.contains { [.wouldCreate, .wouldUpdate, .failed, .created, .updated].contains($0.action) }
    }

    enum CodingKeys: String, CodingKey {
        case schema, stage, objects
        case dryRun = "dry_run"
    }

    public func renderText() -> String {
        var lines = objects.map(\.line)
        let failed = objects.filter { $0.action == .failed }.count
        lines.append(
            failed == 0
                ? "\(dryRun ? "dry run: nothing was changed; " : "")\(stage)'s tenant holds what stages/\(stage).json declares"
                : "\(failed) of \(objects.count) objects failed; the others were set up")
        return lines.joined(separator: "\n") + "\n"
    }
}
