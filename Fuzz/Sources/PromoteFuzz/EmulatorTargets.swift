import Foundation
import PromoteModel

@testable import AICoreEmulator

/// What the emulator decodes from a request: query parameters, the bearer header, and JSON bodies handed to the
/// handler a route would call. An input is a selector byte, a query string, a zero byte, then the body.
enum EmulatorTargets {
    /// One emulator for the run, replaced now and then so that what the inputs create does not pile up.
    nonisolated(unsafe) private static var state: EmulatorState?
    nonisolated(unsafe) private static var inputs = 0
    private static let issuer = TokenIssuer(configuration: EmulatorConfiguration())

    static func requests(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let (queryBytes, bodyBytes) = Array(bytes.dropFirst()).splitAtFirstZero()
        let queryText = String(decoding: queryBytes, as: UTF8.self)
        let query = QueryParameters(queryText)
        _ = try? query.integer("top")
        _ = query.flag("expand")
        try? issuer.validate(queryText, for: .aicore)
        guard let bodyBytes else { return }
        let body: JSONValue
        do {
            body = try JSONValue(parsing: bodyBytes)
        } catch {
            return  // a 400 before any handler runs
        }
        if inputs % 1000 == 0 { state = try? EmulatorState(configuration: EmulatorConfiguration()) }
        inputs += 1
        guard let state else { preconditionFailure("the emulator state must start") }
        let group: String? = "default"
        wait {
            switch selector % 12 {
            case 0: _ = try? await state.createResourceGroup(body)
            case 1: _ = try? await state.modifyResourceGroup("default", body)
            case 2: _ = try? await state.createRepository(body)
            case 3: _ = try? await state.createArtifact(body, group: group)
            case 4: _ = try? await state.createConfiguration(body, group: group)
            case 5: _ = try? await state.createExecution(body, group: group)
            case 6: _ = try? await state.createDeployment(body, group: group)
            case 7: _ = try? await state.bulkModify(.execution, body, group: group)
            case 8: _ = try? await state.modifyRun(.deployment, queryText, body, group: group)
            case 9: _ = try? await state.createDestination(body)
            case 10: _ = try? await state.runs(.deployment, group: group, query: query)
            default: _ = try? await state.configurations(group: group, query: query)
            }
        }
    }

    /// Runs `work` to completion from libFuzzer's synchronous callback.
    private static func wait(_ work: @escaping @Sendable () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await work()
            done.signal()
        }
        done.wait()
    }
}
