import AICoreEmulator
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PromoteModel
import TestSupport
import Testing

/// The emulator reads at most 8 MiB of a JSON body (64 KiB of a token form): a larger one is a 400 that says so,
/// and creates nothing.
@Suite struct RequestBodyLimitTests {
    @Test(arguments: [TestingSetup.router, .live])
    func aBodyOverEightMiBIsABadRequestThatCreatesNothing(_ setup: TestingSetup) async throws {
        try await EmulatorHarness.withEmulator(EmulatorHarness.configuration(), setup: setup) { emulator in
            let padding = String(repeating: " ", count: 8 * 1024 * 1024)
            let body = #"{"name": "c", "scenarioId": "s", "executableId": "e"}"# + padding
            var headers: HTTPFields = [.authorization: "Bearer \(emulator.token)", .contentType: "application/json"]
            headers[EmulatorHarness.resourceGroupHeader] = "default"
            let response = try await emulator.send(
                .post, "/v2/lm/configurations", headers: headers, raw: ByteBuffer(string: body))
            response.expectError(400)
            #expect(response.errorMessage?.contains("larger than 8 MiB") == true, "\(response.text.prefix(300))")
            let listed = try await emulator.call(.get, "/v2/lm/configurations")
            #expect(listed.json["count"] == 0)
        }
    }
}
