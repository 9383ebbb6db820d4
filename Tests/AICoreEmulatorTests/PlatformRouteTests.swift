import AICoreEmulator
import Foundation
import HTTPTypes
import Hummingbird
import PromoteModel
import TestSupport
import Testing

/// Secrets, dataset files and what the tenant says about itself, in the spec's shapes; secret values never leave.
@Suite struct PlatformRouteTests {
    private static let dockerConfig = #"{"auths":{"docker.io":{"username":"robot","password":"registry-pass-4711"}}}"#
    private static let secretValues = ["generic-value-4711", "store-key-4711", "registry-pass-4711", "c2VjcmV0LTQ3MTE="]

    /// One secret of each kind; returns nothing, the names are fixed.
    private static func createSecrets(_ emulator: EmulatorClient) async throws {
        let generic = try await emulator.call(
            .post, "/v2/admin/secrets",
            ["name": "api-token", "data": ["token": "c2VjcmV0LTQ3MTE=", "plain": "generic-value-4711"]], group: nil)
        generic.expectSuccess()
        #expect(generic.json == ["message": "Secret has been created", "name": "api-token"])
        let store = try await emulator.call(
            .post, "/v2/admin/objectStoreSecrets",
            [
                "name": "training-data", "type": "S3", "bucket": "ml-bucket", "endpoint": "s3.eu-central-1.example",
                "region": "eu-central-1", "pathPrefix": "stage/dev",
                "data": ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "store-key-4711"],
            ])
        store.expectSuccess(202)
        let registry = try await emulator.call(
            .post, "/v2/admin/dockerRegistrySecrets",
            ["name": "registry-pull", "data": [".dockerconfigjson": .string(Self.dockerConfig)]], group: nil)
        registry.expectSuccess(202)
    }

    @Test func secretsAreCreatedListedChangedAndDeletedWithoutTheirData() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            try await Self.createSecrets(emulator)
            var answers: [EmulatorResponse] = []
            let generic = try await emulator.call(.get, "/v2/admin/secrets/api-token", group: nil)
            generic.expectSuccess()
            #expect(generic.json.objectValue?.keys.sorted() == ["createdAt", "name"])
            answers.append(generic)
            let store = try await emulator.call(.get, "/v2/admin/objectStoreSecrets/training-data")
            #expect(store.json["metadata"]?["storage.ai.sap.com/bucket"] == "ml-bucket")
            #expect(store.json["metadata"]?["storage.ai.sap.com/pathPrefix"] == "stage/dev")
            answers.append(store)
            answers.append(try await emulator.call(.get, "/v2/admin/dockerRegistrySecrets/registry-pull", group: nil))
            #expect(answers.last?.json == ["name": "registry-pull"])
            for path in ["/v2/admin/secrets", "/v2/admin/objectStoreSecrets", "/v2/admin/dockerRegistrySecrets"] {
                let list = try await emulator.call(.get, path, group: path.contains("objectStore") ? "default" : nil)
                list.expectSuccess()
                #expect(list.json["count"] == 1, "\(path)")
                answers.append(list)
            }
            for answer in answers {
                for value in Self.secretValues { #expect(!answer.text.contains(value), "\(answer.text)") }
            }

            let patched = try await emulator.call(
                .patch, "/v2/admin/secrets/api-token", ["data": ["token": "bmV3"]], group: nil)
            #expect(patched.json == ["message": "Secret has been updated", "name": "api-token"])
            let registry = try await emulator.call(
                .patch, "/v2/admin/dockerRegistrySecrets/registry-pull",
                ["data": [".dockerconfigjson": .string(Self.dockerConfig)]], group: nil)
            #expect(registry.status == 202)
            #expect(registry.json == ["id": "registry-pull", "message": "Secret has been modified"])

            try await emulator.call(.delete, "/v2/admin/secrets/api-token", group: nil).expectSuccess()
            try await emulator.call(.get, "/v2/admin/secrets/api-token", group: nil).expectError(404)
            let deleted = try await emulator.call(.delete, "/v2/admin/objectStoreSecrets/training-data")
            #expect(deleted.status == 202)
            #expect(deleted.json == ["id": "training-data", "message": "Secret has been deleted"])
            try await emulator.call(.delete, "/v2/admin/objectStoreSecrets/training-data").expectError(404)
        }
    }

    @Test func secretsAreScopedAsTheSpecSays() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            try await emulator.call(.post, "/v2/admin/resourceGroups", ["resourceGroupId": "team-a"], group: nil)
                .expectSuccess(202)
            try await emulator.call(
                .post, "/v2/admin/secrets", ["name": "group-token", "data": ["k": "dg=="]], group: "team-a"
            ).expectSuccess()
            #expect(try await emulator.call(.get, "/v2/admin/secrets", group: "team-a").json["count"] == 1)
            #expect(try await emulator.call(.get, "/v2/admin/secrets", group: nil).json["count"] == 0)
            // Object store secrets without a group header belong to `default`.
            try await emulator.call(
                .post, "/v2/admin/objectStoreSecrets", ["name": "store", "type": "S3", "data": [:]], group: nil
            ).expectSuccess(202)
            #expect(try await emulator.call(.get, "/v2/admin/objectStoreSecrets", group: "default").json["count"] == 1)
            #expect(try await emulator.call(.get, "/v2/admin/objectStoreSecrets", group: "team-a").json["count"] == 0)
        }
    }

    @Test func badSecretsAreRefusedAndCreateNothing() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            try await Self.createSecrets(emulator)
            let cases: [(String, JSONValue, Int, String?)] = [
                ("/v2/admin/secrets", ["name": "api-token", "data": ["k": "dg=="]], 409,
                 "Secret api-token already exists; change it with PATCH"),
                ("/v2/admin/secrets", ["name": "Upper", "data": [:]], 400, nil),
                ("/v2/admin/secrets", ["name": "no-data"], 400, "data must be an object"),
                ("/v2/admin/secrets", ["name": "number", "data": ["k": 1]], 400, "data.k must be a string"),
                ("/v2/admin/objectStoreSecrets", ["name": "no-type", "data": [:]], 400,
                 "type is required (S3, GCS, Azure, WebHDFS, …)"),
                ("/v2/admin/dockerRegistrySecrets", ["name": "not-json", "data": [".dockerconfigjson": "{"]], 400,
                 ".dockerconfigjson must be a docker config: a JSON object with an auths object"),
                ("/v2/admin/dockerRegistrySecrets", ["name": "extra-key", "data": ["other": "x"]], 400,
                 "data must hold exactly .dockerconfigjson"),
                ("/v2/admin/dockerRegistrySecrets", ["name": "ab", "data": [".dockerconfigjson": #"{"auths":{}}"#]],
                 400, "name 'ab' must be 4 to 64 characters: AI Core's answers carry it as an ID of that length"),
            ]
            for (path, body, status, message) in cases {
                try await emulator.call(.post, path, body, group: path.contains("objectStore") ? "default" : nil)
                    .expectError(status, message: message)
            }
            #expect(try await emulator.call(.get, "/v2/admin/secrets", group: nil).json["count"] == 1)
            #expect(try await emulator.call(.get, "/v2/admin/dockerRegistrySecrets", group: nil).json["count"] == 1)
        }
    }

    /// With `--state`, secrets survive a restart by name; their values are never written, so `state.json` and
    /// every file beside it hold none of them.
    @Test func secretValuesNeverReachTheStateDirectory() async throws {
        let directory = TemporaryDirectory("promote-emulator-state")
        let configuration = EmulatorHarness.configuration { $0.stateDirectory = directory.path }
        try await EmulatorHarness.withEmulator(configuration) { emulator in
            try await Self.createSecrets(emulator)
        }
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var files = 0
        while let relative = enumerator?.nextObject() as? String {
            let text = String(decoding: FileManager.default.contents(atPath: directory.appending(relative)) ?? Data(), as: UTF8.self)
            files += 1
            for value in Self.secretValues { #expect(!text.contains(value), "\(relative) holds \(value)") }
        }
        #expect(files >= 1)
        try await EmulatorHarness.withEmulator(configuration) { emulator in
            try await emulator.call(.get, "/v2/admin/secrets/api-token", group: nil).expectSuccess()
            try await emulator.call(.get, "/v2/admin/dockerRegistrySecrets/registry-pull", group: nil)
                .expectSuccess()
        }
    }

    // MARK: dataset files

    private static func upload(
        _ emulator: EmulatorClient, _ path: String, _ bytes: [UInt8], query: String = ""
    ) async throws -> EmulatorResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(emulator.token)", .contentType: "application/octet-stream"]
        headers[EmulatorHarness.resourceGroupHeader] = "default"
        return try await emulator.send(
            .put, "/v2/lm/dataset/files/\(path)\(query)", headers: headers, raw: ByteBuffer(bytes: bytes))
    }

    @Test func aDatasetFileIsUploadedDownloadedReplacedAndDeleted() async throws {
        let directory = TemporaryDirectory("promote-emulator-state")
        let configuration = EmulatorHarness.configuration { $0.stateDirectory = directory.path }
        try await EmulatorHarness.withEmulator(configuration) { emulator in
            let created = try await Self.upload(emulator, "churn/train.csv", Array("a,b\n1,2\n".utf8))
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["url"] == "ai://default/churn/train.csv")
            #expect(created.headers[.location] == "ai://default/churn/train.csv")
            let again = try await Self.upload(emulator, "churn/train.csv", Array("x".utf8))
            again.expectError(409, message: "The file churn/train.csv already exists; pass overwrite=true to replace it")
            let replaced = try await Self.upload(emulator, "churn/train.csv", Array("a,b\n3,4\n".utf8), query: "?overwrite=true")
            #expect(replaced.status == 201)
        }
        // The bytes are beside state.json, not inside it, and survive a restart.
        #expect(FileManager.default.contents(atPath: directory.appending("files/default/churn/train.csv")) == Data("a,b\n3,4\n".utf8))
        let state = String(decoding: FileManager.default.contents(atPath: directory.appending("state.json")) ?? Data(), as: UTF8.self)
        #expect(!state.contains("3,4"))
        try await EmulatorHarness.withEmulator(configuration) { emulator in
            let downloaded = try await emulator.call(.get, "/v2/lm/dataset/files/churn/train.csv")
            #expect(downloaded.status == 200)
            #expect(downloaded.text == "a,b\n3,4\n")
            #expect(downloaded.headers[.contentType] == "application/octet-stream")
            #expect(downloaded.headers[.contentDisposition] == #"attachment; filename="train.csv""#)
            #expect(downloaded.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            let deleted = try await emulator.call(.delete, "/v2/lm/dataset/files/churn/train.csv")
            #expect(deleted.status == 204)
            #expect(deleted.text.isEmpty)
            try await emulator.call(.get, "/v2/lm/dataset/files/churn/train.csv").expectError(404)
            try await emulator.call(.delete, "/v2/lm/dataset/files/churn/train.csv").expectError(404)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appending("files/default/churn/train.csv")))
    }

    @Test(arguments: ["../escape.csv", "a/../../escape.csv", "a/./b.csv", "%2e%2e/escape.csv", "a b.csv", "a/b/../../../escape.csv"])
    func aPathThatCouldLeaveTheFilesDirectoryIsRefused(_ path: String) async throws {
        let directory = TemporaryDirectory("promote-emulator-state")
        let configuration = EmulatorHarness.configuration { $0.stateDirectory = directory.path }
        try await EmulatorHarness.withEmulator(configuration) { emulator in
            let refused = try await Self.upload(emulator, path, Array("x".utf8))
            #expect(refused.status == 400 || refused.status == 404, "\(path): \(refused.text)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appending("escape.csv")))
        #expect(!FileManager.default.fileExists(atPath: (directory.path as NSString).deletingLastPathComponent + "/escape.csv"))
    }

    @Test func aFileOverEightMiBIsTooLarge() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            let large = [UInt8](repeating: 0x61, count: 8 * 1024 * 1024 + 1)
            let refused = try await Self.upload(emulator, "big.bin", large)
            refused.expectError(413)
            try await emulator.call(.get, "/v2/lm/dataset/files/big.bin").expectError(404)
        }
    }

    // MARK: what the tenant says about itself

    @Test func theTenantDescribesItself() async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration()) { emulator in
            let meta = try await emulator.call(.get, "/v2/lm/meta", group: nil)
            meta.expectSuccess()
            #expect(meta.json["aiApi"]?["version"] == "2.42.0")
            #expect(meta.json["aiApi"]?["capabilities"]?["executionSchedules"] == true)
            #expect(try await emulator.call(.get, "/v2/admin/tenantInfo", group: nil).json["status"] == "PROVISIONED")
            let services = try await emulator.call(.get, "/v2/admin/services", group: nil)
            #expect(services.json.resourceStrings("name") == ["ai-core"])
            try await emulator.call(.get, "/v2/admin/services/ai-core", group: nil).expectSuccess()
            try await emulator.call(.get, "/v2/admin/services/other", group: nil).expectError(404)
            let types = try await emulator.call(.get, "/v2/admin/resources/instanceTypes", group: nil)
            #expect(types.json["instanceTypes"]?["starter"]?["cpu"] == 1)

            let reserved = try await emulator.call(
                .patch, "/v2/admin/resources/nodes", ["resourcePlans": [["name": "infer.s", "request": 2]]], group: nil)
            reserved.expectSuccess()
            let nodes = try await emulator.call(.get, "/v2/admin/resources/nodes", group: nil)
            #expect(nodes.json == ["resourcePlans": ["infer.s": ["provisioned": 2, "requested": 2]]])
            try await emulator.call(
                .patch, "/v2/admin/resources/nodes", ["resourcePlans": [["name": "huge", "request": 2]]], group: nil
            ).expectError(400)

            let groups = try await emulator.call(.get, "/v2/admin/resourceQuota/resourceGroups", group: nil)
            #expect(groups.json == ["quota": ["maxCount": 50], "usage": ["count": 1]])
            let quotaOnly = try await emulator.call(.get, "/v2/admin/resourceQuota/resourceGroups?quotaOnly=true", group: nil)
            #expect(quotaOnly.json == ["quota": ["maxCount": 50]])

            let kpis = try await emulator.call(.get, "/v2/analytics/kpis", group: nil)
            kpis.expectSuccess()
            #expect(kpis.json["header"] == ["ResourceGroup", "Executions", "Artifacts", "Deployments"])
            try await emulator.call(.get, "/v2/analytics/kpis?$select=Nope", group: nil).expectError(400)
        }
    }
}
