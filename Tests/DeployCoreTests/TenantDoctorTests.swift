import AICoreEmulator
import Foundation
import NIOHTTP1
import PromoteCore
import PromoteGit
import PromoteModel
import TestSupport
import Testing

@testable import AICore

/// `promote doctor` against a live emulator: a tenant set up by `promote setup` passes every check; each way a
/// deploy would later fail, made one at a time, is found by its check, with what to do.
@Suite(.serialized) struct TenantDoctorTests {
    static let secrets = [
        "GIT_USERNAME": "ci-bot", "GIT_TOKEN": "ghp-Doctor-Token-99", "REGISTRY_USER": "robot-user-12",
        "REGISTRY_PASSWORD": "Registry-Doctor-Pass", "S3_KEY_ID": "AKIA-DOCTOR-1", "S3_SECRET": "S3-Doctor-Secret",
    ]

    static func stageFile(repository: String) -> String {
        """
        { "version": 1, "name": "dev", "branch": "main",
          "aicore": { "resource_group": "rg-dev", "application": "app-dev",
            "tenant": {
              "resource_group_labels": { "ext.ai.sap.com/team": "churn" },
              "repository": { "name": "churn-model", "url": "file://\(repository)", "username_env": "GIT_USERNAME", "token_env": "GIT_TOKEN" },
              "docker_registry_secrets": [ { "name": "acme-registry", "registry": "docker.io", "username_env": "REGISTRY_USER", "password_env": "REGISTRY_PASSWORD" } ],
              "object_store_secrets": [ { "name": "default", "type": "S3", "bucket": "acme-dev",
                                          "data_env": { "AWS_ACCESS_KEY_ID": "S3_KEY_ID", "AWS_SECRET_ACCESS_KEY": "S3_SECRET" } } ] } },
          "deploy": { "config": "cicd/config.json" } }
        """
    }

    final class Tenant: Sendable {
        let fixture: GitFixture
        let emulator: RunningEmulator

        init() async throws {
            let training = DeployFixtures.training.replacingOccurrences(
                of: "spec:\n  entrypoint: main",
                with: "spec:\n  imagePullSecrets:\n    - name: acme-registry\n  entrypoint: main")
            fixture = try DeployFixtures.repository(files: ["templates/train.yaml": training])
            try fixture.commit(
                "Declare the tenant", files: ["stages/dev.json": TenantDoctorTests.stageFile(repository: fixture.path)])
            emulator = try await EmulatorServer.start(EmulatorConfiguration(port: 0, syncDelay: 0.02))
        }

        var environment: [String: String] {
            TenantDoctorTests.secrets.merging([
                "AICORE_AUTH_URL": emulator.authURL, "AICORE_BASE_URL": emulator.baseURL,
                "AICORE_CLIENT_ID": emulator.configuration.clientID,
                "AICORE_CLIENT_SECRET": emulator.configuration.clientSecret,
            ]) { one, _ in one }
        }

        func setup() async throws {
            let stage = try Workspace(path: fixture.path).stages.stage(named: "dev")
            let report = try await TenantSetup.run(stage: stage, environment: environment, dryRun: false)
            #expect(report.succeeded, "\(report.renderText())")
        }

        func doctor(_ environment: [String: String]? = nil) async throws -> DoctorReport.StageChecks {
            // The application syncs a moment after it is created or changed.
            try await Task.sleep(nanoseconds: 150_000_000)
            return await TenantDoctor.check(
                workspace: try Workspace(path: fixture.path), stage: "dev", environment: environment ?? self.environment
            )
        }

        /// Calls the emulator as an admin would in AI Launchpad.
        func admin(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil, resourceGroup: Bool = false)
            async throws
        {
            let client = AICoreClient(
                credentials: AICoreCredentials(
                    authURL: emulator.authURL, baseURL: emulator.baseURL, clientID: emulator.configuration.clientID,
                    clientSecret: emulator.configuration.clientSecret, resourceGroup: "rg-dev"), timeout: 5)
            _ = try await client.call(method, path, body: body, resourceGroup: resourceGroup)
            await client.shutdown()
        }
    }

    static func failed(_ checks: DoctorReport.StageChecks) -> [String] {
        checks.checks.filter { $0.status == .failed }.map(\.name)
    }

    static func check(_ checks: DoctorReport.StageChecks, _ name: String) throws -> DoctorReport.Check {
        try #require(checks.checks.first { $0.name == name })
    }

    @Test func aHealthyTenantPassesAndEachBreakageIsFoundByItsCheck() async throws {
        let tenant = try await Tenant()
        // Empty: no resource group, nothing on-boarded.
        let empty = try await tenant.doctor()
        #expect(Self.failed(empty).contains("resource group") && Self.failed(empty).contains("declaration"))

        try await tenant.setup()
        let healthy = try await tenant.doctor()
        #expect(healthy.ok, "\(DoctorReport(stages: [healthy]).renderText())")
        #expect(
            healthy.checks.map(\.name) == [
                "credentials", "base URL", "resource group", "repository", "application", "object store secrets",
                "docker registry secrets", "declaration",
            ])
        #expect(try Self.check(healthy, "object store secrets").detail == "default exist")
        #expect(try Self.check(healthy, "docker registry secrets").detail == "acme-registry exist")
        // A job holding only the stage's AI Core credentials (a pull-request doctor) still checks the declaration.
        var credentialsOnly = tenant.environment
        for name in Self.secrets.keys { credentialsOnly[name] = nil }
        #expect(try await tenant.doctor(credentialsOnly).ok)

        // Wrong credentials: the first check fails, the rest cannot run.
        var wrong = tenant.environment
        wrong["AICORE_CLIENT_SECRET"] = "not-the-secret"
        let denied = try await tenant.doctor(wrong)
        #expect(Self.failed(denied) == ["credentials"])
        #expect(denied.checks.dropFirst().allSatisfy { $0.status == .skipped })
        var missing = tenant.environment
        missing["AICORE_CLIENT_ID"] = nil
        #expect(try Self.check(try await tenant.doctor(missing), "credentials").detail.contains("AICORE_CLIENT_ID"))

        // A base URL that does not answer.
        var unreachable = tenant.environment
        unreachable["AICORE_BASE_URL"] = "http://127.0.0.1:9/v2"
        let noAnswer = try await tenant.doctor(unreachable)
        #expect(Self.failed(noAnswer) == ["base URL"])

        // The docker registry secret the training pulls with is gone.
        try await tenant.admin(.DELETE, "/admin/dockerRegistrySecrets/acme-registry")
        var found = try await tenant.doctor()
        #expect(Self.failed(found) == ["docker registry secrets", "declaration"])
        #expect(
            try Self.check(found, "docker registry secrets").detail.hasPrefix(
                "acme-registry named by the templates' imagePullSecrets does not exist in dev's tenant"))
        try await tenant.setup()

        // The object store secret the artifact URL names (ai://default/...) is gone.
        try await tenant.admin(.DELETE, "/admin/objectStoreSecrets/default", resourceGroup: true)
        found = try await tenant.doctor()
        #expect(Self.failed(found) == ["object store secrets", "declaration"])
        try await tenant.setup()

        // The application follows another branch.
        try await tenant.admin(
            .PATCH, "/admin/applications/app-dev",
            body: ["repositoryUrl": .string("file://\(tenant.fixture.path)"), "revision": "tst", "path": "templates"])
        found = try await tenant.doctor()
        #expect(Self.failed(found) == ["application", "declaration"])
        #expect(try Self.check(found, "application").detail.contains("follows tst, not the branch main"))
        try await tenant.setup()

        // The application reads a folder that does not exist: not Synced.
        try await tenant.admin(
            .PATCH, "/admin/applications/app-dev",
            body: ["repositoryUrl": .string("file://\(tenant.fixture.path)"), "revision": "main", "path": "nope"])
        found = try await tenant.doctor()
        #expect(try Self.check(found, "application").status == .failed)
        #expect(try Self.check(found, "application").detail.contains("reads nope"))
        try await tenant.setup()

        // The repository is no longer on-boarded.
        try await tenant.admin(.DELETE, "/admin/repositories/churn-model")
        found = try await tenant.doctor()
        #expect(Self.failed(found).first == "repository")
        #expect(try Self.check(found, "repository").fix == "run 'promote setup dev'")
        try await tenant.setup()

        // A label the declaration sets was changed by hand.
        try await tenant.admin(
            .PATCH, "/admin/resourceGroups/rg-dev",
            body: ["labels": [["key": "ext.ai.sap.com/team", "value": "other"]]])
        found = try await tenant.doctor()
        #expect(Self.failed(found) == ["declaration"])
        #expect(
            try Self.check(found, "declaration").detail.contains(
                "resource group rg-dev would update (ext.ai.sap.com/team)"))
        try await tenant.setup()
        #expect(try await tenant.doctor().ok)

        // Nothing printed holds a secret value.
        let text = DoctorReport(stages: [found, healthy, denied]).renderText()
        for value in Self.secrets.values { #expect(!text.contains(value)) }
        #expect(!text.contains(tenant.emulator.configuration.clientSecret))
        await tenant.emulator.stop()
    }
}
