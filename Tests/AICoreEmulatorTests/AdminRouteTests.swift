import AICoreEmulator
import Foundation
import HTTPTypes
import HummingbirdTesting
import PromoteModel
import TestSupport
import Testing

/// The admin API: resource groups, repositories and applications (ai-api.md §6.1–§6.2, templates.md §4).
@Suite struct AdminRouteTests {
    // Long enough that a loaded machine still sees PROVISIONING right after the create.
    // Slow enough that the GET right after the POST sees PROVISIONING even on a loaded machine.
    private static let slowProvisioning = RunTimings(pending: 4, running: 0.3, stopping: 0.1)

    // MARK: resource groups

    @Test(arguments: [TestingSetup.router, .live])
    func aResourceGroupIsProvisioningThenProvisioned(_ setup: TestingSetup) async throws {
        let configuration = EmulatorHarness.configuration { $0.timings = Self.slowProvisioning }
        try await EmulatorHarness.withEmulator(configuration, setup: setup) { emulator in
            let created = try await emulator.call(
                .post, "/v2/admin/resourceGroups",
                ["resourceGroupId": "team-a", "labels": [["key": "ext.ai.sap.com/team", "value": "a"]]], group: nil)
            created.expectSuccess(202)
            #expect(created.json.objectValue?.keys.sorted() == ["resourceGroupId", "tenantId", "zoneId"])
            #expect(created.json["resourceGroupId"] == "team-a")
            #expect(created.json["tenantId"]?.stringValue?.isEmpty == false)
            #expect(created.json["zoneId"]?.stringValue?.isEmpty == false)

            let fresh = try await emulator.call(.get, "/v2/admin/resourceGroups/team-a", group: nil)
            fresh.expectSuccess()
            #expect(fresh.json["resourceGroupId"] == "team-a")
            #expect(fresh.json["status"] == "PROVISIONING")
            #expect(fresh.json["labels"] == [["key": "ext.ai.sap.com/team", "value": "a"]])
            #expect(fresh.json["createdAt"]?.stringValue.map(WireTimeFormat.matches) == true)

            let provisioned = try await emulator.waitFor("/v2/admin/resourceGroups/team-a") {
                $0["status"] == "PROVISIONED"
            }
            #expect(provisioned["status"] == "PROVISIONED")
        }
    }

    @Test func resourceGroupsAreQueriedBySearchCaseSensitiveUnlessAsked() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            for id in ["Alpha-team", "beta-team"] {
                try await emulator.call(.post, "/v2/admin/resourceGroups", ["resourceGroupId": .string(id)], group: nil)
                    .expectSuccess(202)
            }
            let all = try await emulator.call(.get, "/v2/admin/resourceGroups", group: nil)
            all.expectSuccess()
            #expect(all.json["count"] == 3)
            #expect(Set(all.json.resourceStrings("resourceGroupId")) == ["default", "Alpha-team", "beta-team"])

            let sensitive = try await emulator.call(.get, "/v2/admin/resourceGroups?%24search=alpha", group: nil)
            sensitive.expectSuccess()
            #expect(sensitive.json["count"] == 0)
            #expect(sensitive.json["resources"] == [])

            let insensitive = try await emulator.call(
                .get, "/v2/admin/resourceGroups?%24search=alpha&searchCaseInsensitive=True", group: nil)
            insensitive.expectSuccess()
            #expect(insensitive.json["count"] == 1)
            #expect(insensitive.json.resourceStrings("resourceGroupId") == ["Alpha-team"])

            let both = try await emulator.call(.get, "/v2/admin/resourceGroups?$search=-team", group: nil)
            #expect(both.json["count"] == 2)
        }
    }

    @Test(arguments: ["ab", "-abc", "abc-", "a_bc", "a bc", "ab.", String(repeating: "a", count: 254)])
    func anInvalidResourceGroupIDIsRefused(_ id: String) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            let refused = try await emulator.call(
                .post, "/v2/admin/resourceGroups", ["resourceGroupId": .string(id)], group: nil)
            refused.expectError(400)
            #expect(try await emulator.call(.get, "/v2/admin/resourceGroups", group: nil).json["count"] == 1)
        }
    }

    /// 4 to 64 characters: the spec's answers carry the ID as a `BckndId` of that length, though its request
    /// pattern allows 3 to 253 (docs/emulator.md).
    @Test func theLongestAndShortestAnswerableResourceGroupIDsAreAccepted() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            for id in ["abcd", "a.b-C", String(repeating: "x", count: 64)] {
                try await emulator.call(.post, "/v2/admin/resourceGroups", ["resourceGroupId": .string(id)], group: nil)
                    .expectSuccess(202)
            }
            for id in ["abc", String(repeating: "x", count: 65)] {
                try await emulator.call(.post, "/v2/admin/resourceGroups", ["resourceGroupId": .string(id)], group: nil)
                    .expectError(
                        400,
                        message: "resourceGroupId '\(id)' must be 4 to 64 characters: AI Core's answers carry it as an ID of that length")
            }
        }
    }

    /// The spec documents no conflict for this operation, and pipelines that create their group on every push
    /// (the blog's deploy script does) work against AI Core: a repeated create is accepted and changes nothing.
    @Test func creatingAResourceGroupThatExistsIsAcceptedAndChangesNothing() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            let labels: JSONValue = [["key": "ext.ai.sap.com/team", "value": "a"]]
            try await emulator.call(
                .post, "/v2/admin/resourceGroups", ["resourceGroupId": "team-a", "labels": labels], group: nil
            ).expectSuccess(202)
            for _ in 0..<2 {
                let again = try await emulator.call(
                    .post, "/v2/admin/resourceGroups", ["resourceGroupId": "team-a"], group: nil)
                again.expectSuccess(202)
                #expect(again.json["resourceGroupId"] == "team-a")
            }
            try await emulator.call(.post, "/v2/admin/resourceGroups", ["resourceGroupId": "default"], group: nil)
                .expectSuccess(202)
            let groups = try await emulator.call(.get, "/v2/admin/resourceGroups", group: nil)
            #expect(Set(groups.json.resourceStrings("resourceGroupId")) == ["default", "team-a"])
            let kept = try await emulator.call(.get, "/v2/admin/resourceGroups/team-a", group: nil)
            #expect(kept.json["labels"] == labels)
        }
    }

    @Test func theDefaultResourceGroupCannotBeDeleted() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            try await emulator.call(.delete, "/v2/admin/resourceGroups/default", group: nil)
                .expectError(400, message: "the default resource group cannot be deleted")
            try await emulator.call(.get, "/v2/lm/artifacts").expectSuccess()
        }
    }

    @Test func labelKeysMustBeInTheExtNamespace() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            for key in ["team", "ext.ai.sap.com/", "ai.sap.com/team", "ext.ai.sap.com/a b"] {
                let refused = try await emulator.call(
                    .post, "/v2/admin/resourceGroups",
                    ["resourceGroupId": "team-a", "labels": [["key": .string(key), "value": "x"]]], group: nil)
                refused.expectError(400)
            }
            try await emulator.call(
                .post, "/v2/admin/resourceGroups", ["resourceGroupId": "team-a", "labels": "ext.ai.sap.com/a"],
                group: nil
            ).expectError(400)
            #expect(try await emulator.call(.get, "/v2/admin/resourceGroups/team-a", group: nil).status == 404)

            try await emulator.call(.post, "/v2/admin/resourceGroups", ["resourceGroupId": "team-a"], group: nil)
                .expectSuccess(202)
            let patched = try await emulator.call(
                .patch, "/v2/admin/resourceGroups/team-a",
                ["labels": [["key": "ext.ai.sap.com/cost-center", "value": "42"]]], group: nil)
            #expect((200..<300).contains(patched.status))
            patched.expectSuccess(patched.status)
            let group = try await emulator.call(.get, "/v2/admin/resourceGroups/team-a", group: nil).json
            #expect(group["labels"] == [["key": "ext.ai.sap.com/cost-center", "value": "42"]])
            try await emulator.call(
                .patch, "/v2/admin/resourceGroups/team-a", ["labels": [["key": "cost-center", "value": "42"]]],
                group: nil
            ).expectError(400)
            try await emulator.call(.patch, "/v2/admin/resourceGroups/nope", ["labels": []], group: nil).expectError(
                404)
        }
    }

    @Test(arguments: [TestingSetup.router, .live])
    func aDeletedResourceGroupIsGoneForAdminAndLM(_ setup: TestingSetup) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(), setup: setup) { emulator in
            try await emulator.call(.post, "/v2/admin/resourceGroups", ["resourceGroupId": "team-a"], group: nil)
                .expectSuccess(202)
            try await emulator.call(.get, "/v2/lm/artifacts", group: "team-a").expectSuccess()
            let deleted = try await emulator.call(.delete, "/v2/admin/resourceGroups/team-a", group: nil)
            #expect((200..<300).contains(deleted.status))
            deleted.expectSuccess(deleted.status)
            #expect(deleted.json["id"] == "team-a")
            #expect(deleted.json["message"]?.stringValue?.isEmpty == false)

            try await emulator.call(.get, "/v2/admin/resourceGroups/team-a", group: nil).expectError(404)
            try await emulator.call(.delete, "/v2/admin/resourceGroups/team-a", group: nil).expectError(404)
            for path in ["/v2/lm/artifacts", "/v2/lm/configurations", "/v2/lm/executions", "/v2/lm/deployments"] {
                try await emulator.call(.get, path, group: "team-a").expectError(404)
            }
            try await emulator.call(
                .post, "/v2/lm/artifacts",
                ["name": "a", "kind": "model", "url": "ai://default/a", "scenarioId": "s"], group: "team-a"
            ).expectError(404)
            let remaining = try await emulator.call(.get, "/v2/admin/resourceGroups", group: nil)
            #expect(remaining.json.resourceStrings("resourceGroupId") == ["default"])
        }
    }

    @Test(arguments: [
        "/v2/lm/scenarios", "/v2/lm/artifacts", "/v2/lm/configurations", "/v2/lm/executions", "/v2/lm/deployments",
        "/v2/lm/artifacts/$count",
    ])
    func lmCallsWithoutAResourceGroupAreBadRequests(_ path: String) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            try await emulator.call(.get, path, group: nil).expectError(400)
            try await emulator.call(.get, path, group: "").expectError(400)
        }
    }

    /// ai-api.md §5, §9.6: a 404 without AI Core's error body reaches SDK users as a bare `AIAPIServerException`
    /// instead of `AIAPINotFoundException`, e.g. for a path no version of the API has.
    @Test(arguments: ["/v2/lm/nothing", "/v2/admin/nothing", "/v2/lm/meta/more"])
    func unservedPathsAnswerInAICoresErrorShape(_ path: String) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            try await emulator.call(.get, path).expectError(404)
        }
    }

    // MARK: repositories

    @Test(arguments: [TestingSetup.router, .live])
    func repositoriesAreOnboardedReadUpdatedAndOffboarded(_ setup: TestingSetup) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(), setup: setup) { emulator in
            let created = try await emulator.call(
                .post, "/v2/admin/repositories",
                ["name": "demo", "url": "https://github.com/acme/demo", "username": "bot", "password": "pat-1"],
                group: nil)
            created.expectSuccess()
            #expect(created.json["id"] == "demo")
            #expect(created.json["message"] == "Repository has been on-boarded")

            let repository = try await emulator.call(.get, "/v2/admin/repositories/demo", group: nil)
            repository.expectSuccess()
            #expect(repository.json["name"] == "demo")
            #expect(repository.json["url"] == "https://github.com/acme/demo")
            #expect(["ERROR", "IN-PROGRESS", "COMPLETED"].contains(repository.json["status"]?.stringValue ?? ""))
            #expect(repository.json["password"] == nil)

            let list = try await emulator.call(.get, "/v2/admin/repositories", group: nil)
            list.expectSuccess()
            #expect(list.json["count"] == 1)
            #expect(list.json.resourceStrings("name") == ["demo"])

            let patched = try await emulator.call(
                .patch, "/v2/admin/repositories/demo", ["username": "bot2", "password": "pat-2"], group: nil)
            patched.expectSuccess()
            try await emulator.call(
                .patch, "/v2/admin/repositories/nope", ["username": "x", "password": "y"], group: nil
            )
            .expectError(404)

            let deleted = try await emulator.call(.delete, "/v2/admin/repositories/demo", group: nil)
            deleted.expectSuccess()
            #expect(deleted.json["message"] == "The repository has been off-boarded.")
            try await emulator.call(.get, "/v2/admin/repositories/demo", group: nil).expectError(404)
            try await emulator.call(.delete, "/v2/admin/repositories/demo", group: nil).expectError(404)
            #expect(try await emulator.call(.get, "/v2/admin/repositories", group: nil).json["count"] == 0)
        }
    }

    @Test(arguments: [
        ("demo", "https://github.com/acme/other"),  // same name
        ("other", "https://github.com/acme/demo"),  // same URL
        ("other", "https://github.com/acme/demo/"),  // trailing slash
        ("other", "https://github.com/acme/DEMO/"),  // case and slash
        ("other", "https://GitHub.com/Acme/Demo"),  // case
    ])
    func theSameRepositoryCannotBeOnboardedTwice(_ name: String, _ url: String) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            try await emulator.call(
                .post, "/v2/admin/repositories", ["name": "demo", "url": "https://github.com/acme/demo"], group: nil
            ).expectSuccess()
            try await emulator.call(
                .post, "/v2/admin/repositories", ["name": .string(name), "url": .string(url)], group: nil
            )
            .expectError(409)
            #expect(try await emulator.call(.get, "/v2/admin/repositories", group: nil).json["count"] == 1)
        }
    }

    @Test func aRepositoryNameIsDerivedFromTheURLWhenLeftOut() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            let created = try await emulator.call(
                .post, "/v2/admin/repositories", ["url": "https://gitlab.example.com/acme/Demo_Templates.git"],
                group: nil)
            created.expectSuccess()
            let name = try #require(created.json["id"]?.stringValue)
            #expect(name.range(of: #"^[a-z0-9-]{1,51}$"#, options: .regularExpression) != nil)
            #expect(name == "demo-templates")
            let repository = try await emulator.call(.get, "/v2/admin/repositories/\(name)", group: nil)
            repository.expectSuccess()
            #expect(repository.json["url"] == "https://gitlab.example.com/acme/Demo_Templates.git")
        }
    }

    @Test func invalidRepositoriesAreRefused() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            try await emulator.call(.post, "/v2/admin/repositories", ["name": "demo"], group: nil).expectError(400)
            try await emulator.call(
                .post, "/v2/admin/repositories", ["name": "Bad_Name", "url": "https://github.com/acme/x"], group: nil
            ).expectError(400)
            try await emulator.call(
                .post, "/v2/admin/repositories",
                ["name": .string(String(repeating: "a", count: 52)), "url": "https://github.com/acme/x"], group: nil
            ).expectError(400)
            #expect(try await emulator.call(.get, "/v2/admin/repositories", group: nil).json["count"] == 0)
        }
    }

    // MARK: applications

    @Test(arguments: [TestingSetup.router, .live])
    func applicationsAreCreatedReadQueriedChangedAndDeleted(_ setup: TestingSetup) async throws {
        let repository = try TemplateFixtures.repository()
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository), setup: setup) {
            emulator in
            let created = try await emulator.call(
                .post, "/v2/admin/applications",
                [
                    "applicationName": "demo-app", "repositoryUrl": .string(repository.path), "revision": "HEAD",
                    "path": "templates",
                ], group: nil)
            created.expectSuccess()
            #expect(created.json["id"] == "demo-app")
            #expect(created.json["message"]?.stringValue?.isEmpty == false)

            let application = try await emulator.call(.get, "/v2/admin/applications/demo-app", group: nil)
            application.expectSuccess()
            #expect(application.json["applicationName"] == "demo-app")
            #expect(application.json["repositoryUrl"] == .string(repository.path))
            #expect(application.json["revision"] == "HEAD")
            #expect(application.json["path"] == "templates")

            let list = try await emulator.call(.get, "/v2/admin/applications", group: nil)
            list.expectSuccess()
            #expect(list.json["count"] == 1)
            #expect(list.json["resources"] == [application.json])

            let patched = try await emulator.call(
                .patch, "/v2/admin/applications/demo-app",
                ["repositoryUrl": .string(repository.path), "revision": "main", "path": "other"], group: nil)
            patched.expectSuccess()
            let changed = try await emulator.call(.get, "/v2/admin/applications/demo-app", group: nil).json
            #expect(changed["revision"] == "main")
            #expect(changed["path"] == "other")
            try await emulator.call(
                .patch, "/v2/admin/applications/demo-app", ["repositoryUrl": .string(repository.path), "path": "x"],
                group: nil
            ).expectError(400)
            try await emulator.call(
                .patch, "/v2/admin/applications/nope",
                ["repositoryUrl": .string(repository.path), "revision": "main", "path": "x"], group: nil
            ).expectError(404)

            let deleted = try await emulator.call(.delete, "/v2/admin/applications/demo-app", group: nil)
            deleted.expectSuccess()
            try await emulator.call(.get, "/v2/admin/applications/demo-app", group: nil).expectError(404)
            try await emulator.call(.get, "/v2/admin/applications/demo-app/status", group: nil).expectError(404)
            try await emulator.call(.delete, "/v2/admin/applications/demo-app", group: nil).expectError(404)
            #expect(try await emulator.call(.get, "/v2/admin/applications", group: nil).json["count"] == 0)
        }
    }

    @Test func anApplicationNamesItsRepositoryByNameOrURLButNotBoth() async throws {
        let repository = try TemplateFixtures.repository()
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            let byName = try await emulator.call(
                .post, "/v2/admin/applications",
                ["applicationName": "by-name", "repositoryName": "fixture", "revision": "main", "path": "templates"],
                group: nil)
            byName.expectSuccess()
            let application = try await emulator.call(.get, "/v2/admin/applications/by-name", group: nil).json
            #expect(application["repositoryUrl"] == .string(repository.path))

            let both = try await emulator.call(
                .post, "/v2/admin/applications",
                [
                    "applicationName": "both", "repositoryName": "fixture", "repositoryUrl": .string(repository.path),
                    "revision": "main", "path": "other",
                ], group: nil)
            both.expectError(400)
            let neither = try await emulator.call(
                .post, "/v2/admin/applications",
                ["applicationName": "neither", "revision": "main", "path": "other"], group: nil)
            neither.expectError(400)
            let unknown = try await emulator.call(
                .post, "/v2/admin/applications",
                ["applicationName": "unknown", "repositoryName": "nope", "revision": "main", "path": "other"],
                group: nil)
            unknown.expectError(404)
            try await emulator.call(
                .post, "/v2/admin/applications",
                ["applicationName": "no-revision", "repositoryName": "fixture", "path": "other"], group: nil
            ).expectError(400)
            try await emulator.call(
                .post, "/v2/admin/applications",
                ["applicationName": "no-path", "repositoryName": "fixture", "revision": "main"], group: nil
            ).expectError(400)
            #expect(try await emulator.call(.get, "/v2/admin/applications", group: nil).json["count"] == 1)
        }
    }

    @Test(arguments: ["ab", "Demo-app", "demo_app", "demo app", String(repeating: "a", count: 55)])
    func anInvalidApplicationNameIsRefused(_ name: String) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            let refused = try await emulator.call(
                .post, "/v2/admin/applications",
                [
                    "applicationName": .string(name), "repositoryUrl": "https://github.com/acme/demo",
                    "revision": "main",
                    "path": "templates",
                ], group: nil)
            refused.expectError(400)
        }
    }

    @Test func theLongestValidApplicationNameAndADerivedNameAreAccepted() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            let longest = String(repeating: "a", count: 54)
            try await emulator.call(
                .post, "/v2/admin/applications",
                [
                    "applicationName": .string(longest), "repositoryUrl": "https://github.com/acme/demo",
                    "revision": "main", "path": "one",
                ], group: nil
            ).expectSuccess()
            let derived = try await emulator.call(
                .post, "/v2/admin/applications",
                ["repositoryUrl": "https://github.com/acme/demo", "revision": "main", "path": "two"], group: nil)
            derived.expectSuccess()
            let name = try #require(derived.json["id"]?.stringValue)
            #expect(name.range(of: #"^[a-z0-9-]{3,54}$"#, options: .regularExpression) != nil)
            try await emulator.call(.get, "/v2/admin/applications/\(name)", group: nil).expectSuccess()
        }
    }

    @Test func duplicateApplicationsAreConflicts() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            let url = "https://github.com/acme/demo"
            try await emulator.call(
                .post, "/v2/admin/applications",
                ["applicationName": "first", "repositoryUrl": .string(url), "revision": "main", "path": "templates"],
                group: nil
            ).expectSuccess()
            let sameName = try await emulator.call(
                .post, "/v2/admin/applications",
                ["applicationName": "first", "repositoryUrl": .string(url), "revision": "main", "path": "other"],
                group: nil)
            sameName.expectError(409)
            for twinURL in [url, url + "/"] {
                let sameSource = try await emulator.call(
                    .post, "/v2/admin/applications",
                    [
                        "applicationName": "second", "repositoryUrl": .string(twinURL), "revision": "main",
                        "path": "templates",
                    ], group: nil)
                sameSource.expectError(409)
            }
            for (revision, path) in [("tst", "templates"), ("main", "other")] {
                try await emulator.call(
                    .post, "/v2/admin/applications",
                    [
                        "applicationName": .string("app-\(revision)-\(path)"), "repositoryUrl": .string(url),
                        "revision": .string(revision), "path": .string(path),
                    ], group: nil
                ).expectSuccess()
            }
            #expect(try await emulator.call(.get, "/v2/admin/applications", group: nil).json["count"] == 3)
        }
    }

    @Test func aRefreshIsScheduledWithAMessage() async throws {
        let repository = try TemplateFixtures.repository()
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            try await emulator.syncApplication(repository: repository)
            let refresh = try await emulator.call(.post, "/v2/admin/applications/demo-app/refresh", group: nil)
            refresh.expectSuccess(202)
            #expect(refresh.json["id"] == "demo-app")
            #expect(refresh.json["message"] == "Refresh of ArgoCD application has been scheduled")
            try await emulator.call(.post, "/v2/admin/applications/nope/refresh", group: nil).expectError(404)
        }
    }

    /// `source` and `syncResourcesStatus` present as `null` crash the SDK (ai-api.md §6.2); no value may be null.
    @Test func applicationStatusNeverHoldsNullsBeforeTheSync() async throws {
        let repository = try TemplateFixtures.repository()
        let configuration = EmulatorHarness.configuration(repository: repository) { $0.syncDelay = 60 }
        try await EmulatorHarness.withEmulator(configuration) { emulator in
            try await emulator.call(
                .post, "/v2/admin/applications",
                [
                    "applicationName": "demo-app", "repositoryUrl": .string(repository.path), "revision": "main",
                    "path": "templates",
                ], group: nil
            ).expectSuccess()
            let status = try await emulator.call(.get, "/v2/admin/applications/demo-app/status", group: nil)
            status.expectSuccess()
            #expect(status.json["syncStatus"] == "OutOfSync")
            Self.expectSDKSafeStatus(status.json)
        }
    }

    @Test func applicationStatusNeverHoldsNullsAfterASyncOrAFailure() async throws {
        let repository = try TemplateFixtures.repository()
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(repository: repository)) { emulator in
            let synced = try await emulator.syncApplication(repository: repository)
            synced.expectSuccess()
            #expect(synced.json["syncStatus"] == "Synced")
            Self.expectSDKSafeStatus(synced.json)
            #expect(synced.json["syncResourcesStatus"]?.arrayValue?.count == 2)

            let missing = try await emulator.syncApplication("missing-path", repository: repository, path: "nowhere")
            missing.expectSuccess()
            #expect(missing.json["syncStatus"] != "Synced")
            Self.expectSDKSafeStatus(missing.json)
            let stranger = try await emulator.call(
                .post, "/v2/admin/applications",
                [
                    "applicationName": "stranger", "repositoryUrl": "https://github.com/acme/unknown",
                    "revision": "main",
                    "path": "templates",
                ], group: nil)
            stranger.expectSuccess()
            let strangerStatus = try await emulator.waitForStatus("stranger")
            Self.expectSDKSafeStatus(strangerStatus.json)
        }
    }

    private static func expectSDKSafeStatus(_ status: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status.nullPaths.isEmpty, "null at \(status.nullPaths)", sourceLocation: sourceLocation)
        let source = status["source"]
        #expect(source?.objectValue != nil, sourceLocation: sourceLocation)
        for key in ["repoURL", "path", "revision"] {
            #expect(source?[key]?.stringValue != nil, "source.\(key)", sourceLocation: sourceLocation)
        }
        #expect(status["syncResourcesStatus"]?.arrayValue != nil, sourceLocation: sourceLocation)
        let argoSync = ["Synced", "OutOfSync", "Unknown"]
        let argoHealth = ["Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown"]
        #expect(argoSync.contains(status["syncStatus"]?.stringValue ?? ""), sourceLocation: sourceLocation)
        #expect(argoHealth.contains(status["healthStatus"]?.stringValue ?? ""), sourceLocation: sourceLocation)
    }
}

// MARK: - Shared by the route test suites

extension EmulatorResponse {
    /// A success with `status`, a JSON body (every 2xx needs one, ai-api.md §5) and no top-level `error` key.
    func expectSuccess(_ status: Int = 200, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(self.status == status, "\(text)", sourceLocation: sourceLocation)
        #expect(json != .null, "a 2xx needs a JSON body, got '\(text)'", sourceLocation: sourceLocation)
        #expect(json["error"] == nil, "\(text)", sourceLocation: sourceLocation)
        #expect(
            headers[.contentType]?.hasPrefix("application/json") == true, "content type of '\(text)'",
            sourceLocation: sourceLocation)
    }

    /// An error with `status` in AI Core's shape `{"error":{"code","message","requestId"}}` (ai-api.md §5).
    func expectError(_ status: Int, message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(self.status == status, "\(text)", sourceLocation: sourceLocation)
        for key in ["code", "message", "requestId"] {
            #expect(
                json["error"]?[key]?.stringValue?.isEmpty == false, "error.\(key) in '\(text)'",
                sourceLocation: sourceLocation)
        }
        if let message { #expect(errorMessage == message, sourceLocation: sourceLocation) }
    }
}

extension JSONValue {
    /// The string `key` of each element of `resources`.
    func resourceStrings(_ key: String) -> [String] {
        self["resources"]?.arrayValue?.compactMap { $0[key]?.stringValue } ?? []
    }

    /// Where this value holds `null`, as dotted paths.
    var nullPaths: [String] {
        switch self {
        case .null: return ["$"]
        case .array(let elements):
            return elements.enumerated().flatMap { index, element in
                element.nullPaths.map { "[\(index)]" + ($0 == "$" ? "" : "." + $0) }
            }
        case .object(let object):
            return object.members.flatMap { key, value in value.nullPaths.map { $0 == "$" ? key : key + "." + $0 } }
        default: return []
        }
    }
}

/// The timestamp forms every SDK line parses: UTC with a literal `Z`, 0–6 fraction digits (ai-api.md §4).
enum WireTimeFormat {
    static func matches(_ text: String) -> Bool {
        text.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$"#, options: .regularExpression) != nil
    }
}

/// Carries a value out of a `@Sendable` test closure.
actor TestRecorder<Value: Sendable> {
    private(set) var value: Value?

    func record(_ value: Value) { self.value = value }
}

extension EmulatorHarness {
    /// An emulator that has synced `repository` (by default TemplateFixtures': scenario `demo-scenario` with the
    /// executables `train-model` and `serve-model`).
    static func withSyncedFixture(
        setup: TestingSetup = .router, repository: GitFixture? = nil,
        _ adjust: (inout EmulatorConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (EmulatorClient) async throws -> Void
    ) async throws {
        let repository = try repository ?? TemplateFixtures.repository()
        try await withEmulator(configuration(repository: repository, adjust), setup: setup) { emulator in
            let status = try await emulator.syncApplication(repository: repository)
            try #require(status.json["syncStatus"] == "Synced", "\(status.text)")
            try await body(emulator)
        }
    }
}
