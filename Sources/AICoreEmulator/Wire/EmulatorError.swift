import Foundation
import PromoteModel

/// An error answered in AI Core's shape: `{"error":{"code","message","requestId","target"}}` with an HTTP status
/// the SDK maps to its own exception (400 invalid request, 404 not found, 412 precondition failed).
struct EmulatorError: Error {
    let status: Int
    let code: String
    let message: String
    var target: String?

    static func badRequest(_ message: String, target: String? = nil) -> EmulatorError {
        EmulatorError(status: 400, code: "01000000", message: message, target: target)
    }

    static func notFound(_ message: String) -> EmulatorError {
        EmulatorError(status: 404, code: "01000004", message: message)
    }

    static func preconditionFailed(_ message: String) -> EmulatorError {
        EmulatorError(status: 412, code: "01010076", message: message)
    }

    static func conflict(_ message: String) -> EmulatorError {
        EmulatorError(status: 409, code: "01000009", message: message)
    }

    static func unauthorized(_ message: String) -> EmulatorError {
        EmulatorError(status: 401, code: "401", message: message)
    }

    var body: JSONValue {
        var error: JSONObject = [
            "code": .string(code), "message": .string(message), "requestId": .string(UUID().uuidString.lowercased()),
        ]
        if let target { error["target"] = .string(target) }
        return ["error": .object(error)]
    }
}
