import AICoreEmulator
import Foundation
import HTTPTypes
import HummingbirdTesting
import PromoteModel
import TestSupport
import Testing

/// Query strings as the SDKs send them: `top`/`skip` without `$`, `$top`/`$skip` (also as `%24`), counts that are
/// the filtered total, and `$count` paths with a bare integer body (ai-api.md §4, §7).
@Suite struct QueryAndPagingTests {
    private static let names = ["a0", "a1", "a2", "a3", "a4"]

    /// A synced emulator with the artifacts a0…a4 (even ones are models, odd ones datasets) and two training
    /// configurations, created in that order.
    private static func withArtifacts(
        setup: TestingSetup = .router, _ body: @escaping @Sendable (EmulatorClient) async throws -> Void
    ) async throws {
        try await EmulatorHarness.withSyncedFixture(setup: setup) { emulator in
            var ids: [String] = []
            for (index, name) in names.enumerated() {
                ids.append(
                    try await emulator.create(
                        "/v2/lm/artifacts",
                        [
                            "name": .string(name), "kind": index.isMultiple(of: 2) ? "model" : "dataset",
                            "url": .string("ai://default/\(name)"), "scenarioId": .string(TemplateFixtures.scenario),
                        ]))
            }
            for name in ["c0", "c1"] {
                _ = try await emulator.create(
                    "/v2/lm/configurations",
                    [
                        "name": .string(name), "scenarioId": .string(TemplateFixtures.scenario),
                        "executableId": .string(TemplateFixtures.trainingID),
                        "inputArtifactBindings": [["key": "dataset", "artifactId": .string(ids[1])]],
                    ])
            }
            try await body(emulator)
        }
    }

    @Test(arguments: [TestingSetup.router, .live])
    func everySpellingOfTopAndSkipGivesTheSamePage(_ setup: TestingSetup) async throws {
        try await Self.withArtifacts(setup: setup) { emulator in
            for query in ["top=2&skip=1", "$top=2&$skip=1", "%24top=2&%24skip=1", "top=2&%24skip=1", "%24top=2&skip=1"]
            {
                let page = try await emulator.call(.get, "/v2/lm/artifacts?\(query)")
                page.expectSuccess()
                #expect(page.json.resourceStrings("name") == ["a1", "a2"], "\(query)")
                #expect(page.json["count"] == 5, "\(query)")
            }
            for query in ["top=1&skip=1", "$top=1&$skip=1", "%24top=1&%24skip=1"] {
                let page = try await emulator.call(.get, "/v2/lm/configurations?\(query)")
                page.expectSuccess()
                #expect(page.json.resourceStrings("name") == ["c1"], "\(query)")
                #expect(page.json["count"] == 2, "\(query)")
            }
        }
    }

    @Test func theCountIsTheFilteredTotalNotThePageSize() async throws {
        try await Self.withArtifacts { emulator in
            let cases: [(query: String, count: Int, names: [String])] = [
                ("", 5, Self.names),
                ("kind=model&top=1", 3, ["a0"]),
                ("kind=model&%24skip=1", 3, ["a2", "a4"]),
                ("kind=model&%24skip=2&%24top=5", 3, ["a4"]),
                ("kind=dataset&top=10", 2, ["a1", "a3"]),
                ("skip=5", 5, []),
                ("skip=50&top=1", 5, []),
                ("%24search=a3&top=3", 1, ["a3"]),
            ]
            for (query, count, expected) in cases {
                let page = try await emulator.call(.get, "/v2/lm/artifacts" + (query.isEmpty ? "" : "?" + query))
                page.expectSuccess()
                #expect(page.json["count"] == .int(count), "\(query)")
                #expect(page.json.resourceStrings("name") == expected, "\(query)")
            }
        }
    }

    /// What a client does without the SDK: `$skip += page` until it has `count` items.
    @Test func pagingThroughAListCollectsEveryItemOnce() async throws {
        try await Self.withArtifacts { emulator in
            var collected: [String] = []
            var total = Int.max
            while collected.count < total {
                let page = try await emulator.call(.get, "/v2/lm/artifacts?%24top=2&%24skip=\(collected.count)")
                total = try #require(page.json["count"]?.intValue)
                let names = page.json.resourceStrings("name")
                #expect(!names.isEmpty)
                if names.isEmpty { break }
                collected += names
            }
            #expect(collected == Self.names)
        }
    }

    @Test(arguments: [TestingSetup.router, .live])
    func countPathsAnswerABareInteger(_ setup: TestingSetup) async throws {
        try await Self.withArtifacts(setup: setup) { emulator in
            let cases: [(path: String, body: String)] = [
                ("/v2/lm/artifacts/$count", "5"),
                ("/v2/lm/artifacts/%24count", "5"),
                ("/v2/lm/artifacts/$count?kind=model", "3"),
                ("/v2/lm/artifacts/%24count?kind=dataset&%24search=a1", "1"),
                ("/v2/lm/artifacts/%24count?scenarioId=other-scenario", "0"),
                ("/v2/lm/configurations/$count", "2"),
                ("/v2/lm/configurations/%24count?executableIds=train-model%2Cserve-model", "2"),
                ("/v2/lm/configurations/%24count?executableIds=serve-model", "0"),
                ("/v2/lm/executions/$count", "0"),
                ("/v2/lm/executions/%24count", "0"),
                ("/v2/lm/deployments/$count", "0"),
                ("/v2/lm/deployments/%24count", "0"),
            ]
            for (path, expected) in cases {
                let response = try await emulator.call(.get, path)
                #expect(response.status == 200, "\(path): \(response.text)")
                #expect(response.text == expected, "\(path)")
                #expect(response.headers[.contentType] == "text/plain", "\(path): the spec's $count is text/plain")
            }
        }
    }

    @Test(arguments: ["top=-1", "$top=abc", "%24top=1.5", "skip=-3", "%24skip=x", "top=2x", "$skip=-1"])
    func aNegativeOrNonNumericTopOrSkipIsABadRequest(_ query: String) async throws {
        try await Self.withArtifacts { emulator in
            for path in ["/v2/lm/artifacts", "/v2/lm/configurations", "/v2/lm/executions", "/v2/lm/deployments"] {
                try await emulator.call(.get, "\(path)?\(query)").expectError(400)
            }
            for path in ["/v2/admin/resourceGroups", "/v2/admin/repositories", "/v2/admin/applications"] {
                try await emulator.call(.get, "\(path)?\(query)", group: nil).expectError(400)
            }
        }
    }

    @Test func adminListsArePagedAfterFiltering() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            for id in ["rg-one", "rg-two"] {
                try await emulator.call(.post, "/v2/admin/resourceGroups", ["resourceGroupId": .string(id)], group: nil)
                    .expectSuccess(202)
            }
            for name in ["repo-a", "repo-b", "repo-c"] {
                try await emulator.call(
                    .post, "/v2/admin/repositories",
                    ["name": .string(name), "url": .string("https://git.example/\(name)")],
                    group: nil
                ).expectSuccess()
            }
            // `count` is what the answer holds unless `$count=true` asks for the total (the spec's `$count`).
            let page = try await emulator.call(.get, "/v2/admin/resourceGroups?%24top=1&%24skip=1", group: nil)
            page.expectSuccess()
            #expect(page.json["count"] == 1)
            let groups = try await emulator.call(
                .get, "/v2/admin/resourceGroups?%24top=1&%24skip=1&%24count=true", group: nil)
            groups.expectSuccess()
            #expect(groups.json["count"] == 3)
            #expect(groups.json["resources"]?.arrayValue?.count == 1)
            let searched = try await emulator.call(
                .get, "/v2/admin/resourceGroups?%24search=rg-&top=1&%24count=true", group: nil)
            #expect(searched.json["count"] == 2)
            #expect(searched.json.resourceStrings("resourceGroupId").count == 1)
            let repositories = try await emulator.call(
                .get, "/v2/admin/repositories?top=2&skip=2&$count=true", group: nil)
            repositories.expectSuccess()
            #expect(repositories.json["count"] == 3)
            #expect(repositories.json.resourceStrings("name") == ["repo-c"])
        }
    }
}
