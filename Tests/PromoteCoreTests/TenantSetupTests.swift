import AICore
import AICoreEmulator
import Foundation
import PromoteCore
import PromoteGit
import PromoteModel
import TestSupport
import Testing

/// `promote setup` against a live, empty emulator: everything declared is created, a second run changes nothing it
/// can compare, a changed declaration changes exactly that, and a missing variable sends nothing.
@Suite(.serialized) struct TenantSetupTests {
    static let secrets = [
        "GIT_USERNAME": "ci-bot", "GIT_TOKEN": "ghp-Secret-Token-4711", "REGISTRY_USER": "robot-user-77",
        "REGISTRY_PASSWORD": "Registry-Password-0815", "S3_KEY_ID": "AKIA-KEY-ID-42",
        "S3_SECRET": "S3-Secret-Access-Key-1337", "HF_TOKEN": "hf-Token-Value-2026",
    ]

    static func tenant(
        repository: String, bucket: String = "acme-dev", labels: String = #"{ "ext.ai.sap.com/team": "churn" }"#
    )
        -> String
    {
        """
        {
          "resource_group_labels": \(labels),
          "repository": { "name": "churn-model", "url": "file://\(repository)", "username_env": "GIT_USERNAME", "token_env": "GIT_TOKEN" },
          "docker_registry_secrets": [ { "name": "acme-registry", "registry": "docker.io", "username_env": "REGISTRY_USER", "password_env": "REGISTRY_PASSWORD" } ],
          "object_store_secrets": [ { "name": "default", "type": "S3", "bucket": "\(bucket)", "endpoint": "s3.eu-central-1.amazonaws.com",
                                      "region": "eu-central-1", "path_prefix": "churn",
                                      "data_env": { "AWS_ACCESS_KEY_ID": "S3_KEY_ID", "AWS_SECRET_ACCESS_KEY": "S3_SECRET" } } ],
          "generic_secrets": [ { "name": "hf-token", "data_env": { "token": "HF_TOKEN" } } ]
        }
        """
    }

    static func stageFile(tenant: String) -> String {
        """
        { "version": 1, "name": "dev", "branch": "main",
          "aicore": { "resource_group": "rg-dev", "application": "app-dev", "tenant": \(tenant) },
          "deploy": { "config": "cicd/config.json" } }
        """
    }

    final class Tenant: Sendable {
        let fixture: GitFixture
        let emulator: RunningEmulator

        init() async throws {
            fixture = try DeployFixtures.repository()
            try fixture.commit(
                "Declare the tenant",
                files: [
                    "stages/dev.json": TenantSetupTests.stageFile(
                        tenant: TenantSetupTests.tenant(repository: fixture.path))
                ])
            emulator = try await EmulatorServer.start(EmulatorConfiguration(port: 0, syncDelay: 0.02))
        }

        var environment: [String: String] {
            TenantSetupTests.secrets.merging([
                "AICORE_AUTH_URL": emulator.authURL, "AICORE_BASE_URL": emulator.baseURL,
                "AICORE_CLIENT_ID": emulator.configuration.clientID,
                "AICORE_CLIENT_SECRET": emulator.configuration.clientSecret,
            ]) { one, _ in one }
        }

        func stage() throws -> Stage { try Workspace(path: fixture.path).stages.stage(named: "dev") }

        func setup(dryRun: Bool = false, environment: [String: String]? = nil) async throws -> TenantSetupReport {
            try await TenantSetup.run(stage: try stage(), environment: environment ?? self.environment, dryRun: dryRun)
        }

        func client() -> AICoreClient {
            AICoreClient(
                credentials: AICoreCredentials(
                    authURL: emulator.authURL, baseURL: emulator.baseURL, clientID: emulator.configuration.clientID,
                    clientSecret: emulator.configuration.clientSecret, resourceGroup: "rg-dev"), timeout: 5)
        }
    }

    static func actions(_ report: TenantSetupReport) -> [String: TenantSetupReport.Action] {
        Dictionary(uniqueKeysWithValues: report.objects.map { ("\($0.kind) \($0.name)", $0.action) })
    }

    @Test func fromEmptyEverythingIsCreatedAndASecondRunChangesNothingItCanCompare() async throws {
        let tenant = try await Tenant()
        let first = try await tenant.setup()
        #expect(first.succeeded, "\(first.renderText())")
        #expect(
            Self.actions(first) == [
                "resource group rg-dev": .created, "repository churn-model": .created, "application app-dev": .created,
                "docker registry secret acme-registry": .created, "object store secret default": .created,
                "generic secret hf-token": .created,
            ])
        let client = tenant.client()
        defer { Task { await client.shutdown() } }
        let group = try #require(try await client.adminObject(.resourceGroup, name: "rg-dev"))
        #expect(group["labels"]?.arrayValue?.first?["value"]?.stringValue == "churn")
        let application = try #require(try await client.adminObject(.application, name: "app-dev"))
        #expect(application["revision"]?.stringValue == "main" && application["path"]?.stringValue == "templates")
        let store = try #require(try await client.adminObject(.objectStoreSecret, name: "default"))
        #expect(store["metadata"]?["storage.ai.sap.com/bucket"]?.stringValue == "acme-dev")
        #expect(try await client.adminObject(.genericSecret, name: "hf-token") != nil)
        #expect(try await client.adminObject(.dockerRegistrySecret, name: "acme-registry") != nil)

        let second = try await tenant.setup()
        #expect(second.succeeded)
        #expect(
            Self.actions(second) == [
                "resource group rg-dev": .unchanged, "repository churn-model": .rewritten,
                "application app-dev": .unchanged, "docker registry secret acme-registry": .rewritten,
                "object store secret default": .rewritten, "generic secret hf-token": .rewritten,
            ])
        let dry = try await tenant.setup(dryRun: true)
        #expect(dry.matchesDeclaration, "\(dry.renderText())")
        // No secret value in any report.
        let text = first.renderText() + second.renderText() + (try JSONOutputCheck.encode(second))
        for value in Self.secrets.values { #expect(!text.contains(value)) }
        await tenant.emulator.stop()
    }

    @Test func aChangedDeclarationUpdatesExactlyWhatChanged() async throws {
        let tenant = try await Tenant()
        _ = try await tenant.setup()
        try tenant.fixture.commit(
            "Another bucket and a second label",
            files: [
                "stages/dev.json": Self.stageFile(
                    tenant: Self.tenant(
                        repository: tenant.fixture.path, bucket: "acme-dev-2",
                        labels: #"{ "ext.ai.sap.com/team": "churn", "ext.ai.sap.com/cost-center": "4711" }"#))
            ])
        let dry = try await tenant.setup(dryRun: true)
        #expect(Self.actions(dry)["object store secret default"] == .wouldUpdate)
        #expect(!dry.matchesDeclaration)
        let report = try await tenant.setup()
        let changed = report.objects.filter { $0.action == .updated }
        #expect(changed.map(\.name).sorted() == ["default", "rg-dev"], "\(report.renderText())")
        #expect(changed.first { $0.name == "default" }?.detail == "bucket")
        #expect(changed.first { $0.name == "rg-dev" }?.detail == "ext.ai.sap.com/cost-center")
        #expect(Self.actions(report)["application app-dev"] == .unchanged)
        await tenant.emulator.stop()
    }

    @Test func aMissingVariableIsOneErrorAndNothingIsCreated() async throws {
        let tenant = try await Tenant()
        var environment = tenant.environment
        environment["S3_SECRET"] = nil
        environment["HF_TOKEN"] = ""
        await #expect(throws: PromoteError.tenantVariablesMissing(stage: "dev", variables: ["S3_SECRET", "HF_TOKEN"])) {
            _ = try await tenant.setup(environment: environment)
        }
        let stats = await tenant.emulator.stats()
        #expect(stats["requests"]?.intValue == 0, "\(stats)")
        let client = tenant.client()
        #expect(try await client.adminObject(.resourceGroup, name: "rg-dev") == nil)
        await client.shutdown()
        await tenant.emulator.stop()
    }
}

/// The report as `--json` prints it.
enum JSONOutputCheck {
    static func encode(_ report: TenantSetupReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
