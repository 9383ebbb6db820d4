import AICoreEmulator
import DeployCore
import Foundation
import NIOHTTP1
import PromoteModel
import TestSupport
import Testing

@testable import AICore

/// An emulator that requires secrets (`promote emulator --stages`, `--require-secrets`) ends a run the way AI Core
/// does when the object store secret its input artifact lives on does not exist; once it exists, the same deploy
/// runs through.
@Suite struct MissingSecretTests {
    @Test func anExecutionOnAMissingObjectStoreSecretEndsDeadAndRunsOnceItExists() async throws {
        let harness = try await DeployHarness(repository: try DeployFixtures.repository()) {
            $0.requireSecrets = true
        }
        let failed = try await harness.deploy()
        #expect(failed.outcome == "failed")
        let execution = try #require(failed.executions.first)
        #expect(execution.status == "DEAD")
        #expect(
            execution.message?.contains(
                "Input artifact 'example-dataset' (ai://default/cicd/example.txt) could not be downloaded: object store secret 'default' not found in resource group rg-dev"
            ) == true, "\(execution.message ?? "no message")")

        let client = harness.makeClient()
        _ = try await client.call(
            .POST, "/admin/objectStoreSecrets",
            body: [
                "name": "default", "type": "S3", "bucket": "acme-dev",
                "data": ["AWS_ACCESS_KEY_ID": "key", "AWS_SECRET_ACCESS_KEY": "secret"],
            ])
        await client.shutdown()
        let succeeded = try await harness.deploy()
        #expect(succeeded.outcome == "succeeded", "\(succeeded.error ?? "")")
        #expect(succeeded.executions.first?.status == "COMPLETED")
    }
}
