public import AICore
public import Foundation
import PromoteGit
public import PromoteModel

/// `promote doctor`: what would make a stage's deploy fail, found before the deploy: credentials, the base URL, the
/// resource group, the repository on-boarding, the git-sync application, the secrets the deploy config and the
/// templates name, and whether the tenant matches the stage's declaration.
public enum TenantDoctor {
    public static func check(
        workspace: Workspace, stage stageName: String, environment: [String: String],
        client makeClient: (AICoreCredentials) -> AICoreClient = {
            // A doctor answers quickly: a few attempts, then the failure is the finding.
            AICoreClient(credentials: $0, timeout: 5, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.2, maxDelay: 1))
        }
    ) async -> DoctorReport.StageChecks {
        var checks: [DoctorReport.Check] = []
        func add(_ name: String, _ status: DoctorReport.Check.Status, _ detail: String, fix: String? = nil) {
            checks.append(DoctorReport.Check(name: name, status: status, detail: detail, fix: fix))
        }
        let stage: Stage
        do {
            stage = try workspace.stages.stage(named: stageName)
        } catch {
            add("stage", .failed, error.localizedDescription)
            return DoctorReport.StageChecks(stage: stageName, checks: checks)
        }
        let credentials: AICoreCredentials
        do {
            credentials = try AICoreCredentials.fromEnvironment(
                environment, prefix: stage.aicore.envPrefix, defaultResourceGroup: stage.aicore.resourceGroup,
                stage: stage.name)
        } catch {
            add("credentials", .failed, error.localizedDescription)
            return DoctorReport.StageChecks(stage: stage.name, checks: checks + skippedRest)
        }
        let client = makeClient(credentials)
        defer { Task { await client.shutdown() } }
        do {
            try await client.checkCredentials()
            add("credentials", .ok, "\(credentials.authURL) gives a token for \(stage.aicore.envPrefix)CLIENT_ID")
        } catch {
            add(
                "credentials", .failed, error.localizedDescription,
                fix: "check \(stage.aicore.envPrefix)AUTH_URL, CLIENT_ID and CLIENT_SECRET against the service key")
            return DoctorReport.StageChecks(stage: stage.name, checks: checks + skippedRest)
        }
        let group: JSONValue?
        do {
            group = try await client.adminObject(.resourceGroup, name: credentials.resourceGroup)
            add("base URL", .ok, "\(credentials.baseURL) answers")
        } catch {
            add(
                "base URL", .failed, error.localizedDescription,
                fix: "check \(stage.aicore.envPrefix)BASE_URL (the service key's AI_API_URL with /v2)")
            return DoctorReport.StageChecks(stage: stage.name, checks: checks + Array(skippedRest.dropFirst()))
        }
        let status = group?["status"]?.stringValue
        if status == "PROVISIONED" {
            add("resource group", .ok, "\(credentials.resourceGroup) is PROVISIONED")
        } else {
            add(
                "resource group", .failed,
                group == nil
                    ? "\(credentials.resourceGroup) does not exist"
                    : "\(credentials.resourceGroup) is \(status ?? "?")",
                fix: group == nil
                    ? "run 'promote setup \(stage.name)' (or 'promote deploy' creates it)"
                    : "wait, or look at it in AI Launchpad")
        }
        checks += await tenantObjects(stage, client: client)
        checks += await referencedSecrets(stage, workspace: workspace, client: client)
        checks.append(await declaration(stage, environment: environment, client: makeClient(credentials)))
        return DoctorReport.StageChecks(stage: stage.name, checks: checks)
    }

    private static let skippedRest = [
        "base URL", "resource group", "repository", "application", "object store secrets",
        "docker registry secrets", "declaration",
    ].map {
        DoctorReport.Check(name: $0, status: .skipped, detail: "needs a token first")
    }

    /// The repository on-boarding and the git-sync application.
    private static func tenantObjects(_ stage: Stage, client: AICoreClient) async -> [DoctorReport.Check] {
        var checks: [DoctorReport.Check] = []
        if let repository = stage.aicore.tenant?.repository {
            do {
                if let found = try await client.adminObject(.repository, name: repository.name) {
                    let status = found["status"]?.stringValue ?? "?"
                    checks.append(
                        status == "COMPLETED"
                            ? DoctorReport.Check(
                                name: "repository", status: .ok,
                                detail: "\(repository.name) is on-boarded and COMPLETED")
                            : DoctorReport.Check(
                                name: "repository", status: .failed, detail: "\(repository.name) is \(status)",
                                fix:
                                    "check the repository's user name and token (promote setup \(stage.name) writes them again)"
                            ))
                } else {
                    checks.append(
                        DoctorReport.Check(
                            name: "repository", status: .failed, detail: "\(repository.name) is not on-boarded",
                            fix: "run 'promote setup \(stage.name)'"))
                }
            } catch {
                checks.append(
                    DoctorReport.Check(name: "repository", status: .failed, detail: error.localizedDescription))
            }
        } else {
            checks.append(
                DoctorReport.Check(
                    name: "repository", status: .skipped,
                    detail: "no aicore.tenant.repository declared, so its on-boarding is not checked"))
        }
        let name = stage.aicore.application
        do {
            guard let application = try await client.adminObject(.application, name: name) else {
                checks.append(
                    DoctorReport.Check(
                        name: "application", status: .failed, detail: "\(name) does not exist",
                        fix:
                            "run 'promote setup \(stage.name)' (declare aicore.tenant.repository) or create it in AI Launchpad"
                    ))
                return checks
            }
            var problems: [String] = []
            let revision = application["revision"]?.stringValue ?? ""
            let pinned = revision.count == 40 && revision.allSatisfy(\.isHexDigit)
            if revision != stage.branch && !pinned {
                problems.append("follows \(revision), not the branch \(stage.branch)")
            }
            let path = application["path"]?.stringValue ?? ""
            if path != stage.aicore.templatesPath {
                problems.append("reads \(path), not \(stage.aicore.templatesPath)")
            }
            let status = try await client.applicationStatus(name)
            if status.syncStatus != "Synced" || status.healthStatus != "Healthy" {
                problems.append(
                    "is \(status.syncStatus)/\(status.healthStatus)"
                        + (status.message.isEmpty ? "" : ": \(status.message)"))
            }
            let note = pinned ? " (pinned to \(revision.prefix(7)) by a rollback or a deploy of another commit)" : ""
            checks.append(
                problems.isEmpty
                    ? DoctorReport.Check(
                        name: "application", status: .ok,
                        detail: "\(name) syncs \(stage.branch):\(path), Synced and Healthy\(note)")
                    : DoctorReport.Check(
                        name: "application", status: .failed, detail: "\(name) " + problems.joined(separator: "; "),
                        fix:
                            "run 'promote setup \(stage.name)' to point it at the branch and path; fix the templates if the sync failed"
                    ))
        } catch {
            checks.append(DoctorReport.Check(name: "application", status: .failed, detail: error.localizedDescription))
        }
        return checks
    }

    /// Object store secrets the deploy config's artifacts name (`ai://<secret>/...`), docker registry secrets the
    /// templates pull with: both at the stage branch's head.
    private static func referencedSecrets(_ stage: Stage, workspace: Workspace, client: AICoreClient) async
        -> [DoctorReport.Check]
    {
        let repository = workspace.repository
        var objectStores: [String] = []
        var registries: [String] = []
        do {
            let head = try BranchHeads(repository, stage: stage, remote: NotesSync.defaultRemote).published
            let config = try StageDeployment.config(repository, stage: stage, commit: head).config
            objectStores = Array(Set(config.artifacts.compactMap { Self.objectStoreName($0.url) })).sorted()
            let templates = try TemplateSnapshot(repository, commit: head, path: stage.aicore.templatesPath).allFiles()
            registries = Array(Set(templates.flatMap(\.templates).flatMap(\.imagePullSecrets))).sorted()
        } catch {
            return [
                DoctorReport.Check(
                    name: "object store secrets", status: .failed,
                    detail:
                        "the deploy config or templates on \(stage.branch) do not load: \(error.localizedDescription)")
            ]
        }
        return [
            await exist(
                .objectStoreSecret, objectStores, check: "object store secrets", stage: stage, client: client,
                what: "the deploy config's artifact URLs (ai://<secret>/...)"),
            await exist(
                .dockerRegistrySecret, registries, check: "docker registry secrets", stage: stage, client: client,
                what: "the templates' imagePullSecrets"),
        ]
    }

    /// The secret name of an `ai://<secret>/<path>` artifact URL.
    static func objectStoreName(_ url: String) -> String? {
        guard url.hasPrefix("ai://") else { return nil }
        return url.dropFirst("ai://".count).split(separator: "/", maxSplits: 1).first.map(String.init)
    }

    private static func exist(
        _ kind: AICoreClient.AdminKind, _ names: [String], check: String, stage: Stage, client: AICoreClient,
        what: String
    ) async -> DoctorReport.Check {
        guard !names.isEmpty else {
            return DoctorReport.Check(name: check, status: .ok, detail: "none named by \(what)")
        }
        var missing: [String] = []
        for name in names {
            do {
                if try await client.adminObject(kind, name: name) == nil { missing.append(name) }
            } catch {
                return DoctorReport.Check(name: check, status: .failed, detail: error.localizedDescription)
            }
        }
        guard missing.isEmpty else {
            return DoctorReport.Check(
                name: check, status: .failed,
                detail:
                    "\(missing.joined(separator: ", ")) named by \(what) \(missing.count == 1 ? "does" : "do") not exist in \(stage.name)'s tenant",
                fix:
                    "declare \(missing.count == 1 ? "it" : "them") in aicore.tenant and run 'promote setup \(stage.name)'"
            )
        }
        return DoctorReport.Check(name: check, status: .ok, detail: "\(names.joined(separator: ", ")) exist")
    }

    /// Whether a dry-run setup finds nothing to create or update.
    private static func declaration(_ stage: Stage, environment: [String: String], client: AICoreClient) async
        -> DoctorReport.Check
    {
        guard stage.aicore.tenant != nil else {
            await client.shutdown()
            return DoctorReport.Check(
                name: "declaration", status: .skipped,
                detail:
                    "stages/\(stage.name).json declares no aicore.tenant; 'promote setup' can manage the tenant once it does"
            )
        }
        do {
            let report = try await TenantSetup.run(
                stage: stage, environment: environment, dryRun: true, valuesNeeded: false, client: { _ in client })
            let pending = report.objects.filter { [.wouldCreate, .wouldUpdate, .failed].contains($0.action) }
            guard pending.isEmpty else {
                return DoctorReport.Check(
                    name: "declaration", status: .failed,
                    detail: "the tenant differs from aicore.tenant: "
                        + pending.map {
                            "\($0.kind) \($0.name) \($0.action.rawValue)" + ($0.detail.map { " (\($0))" } ?? "")
                        }
                        .joined(separator: "; "),
                    fix: "run 'promote setup \(stage.name)'")
            }
            return DoctorReport.Check(
                name: "declaration", status: .ok, detail: "the tenant holds what aicore.tenant declares")
        } catch {
            await client.shutdown()
            return DoctorReport.Check(name: "declaration", status: .failed, detail: error.localizedDescription)
        }
    }
}
