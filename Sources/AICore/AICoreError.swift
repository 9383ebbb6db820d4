public import Foundation

/// What can go wrong talking to AI Core, each case one actionable line. Never carries a secret.
public enum AICoreError: Error, Equatable, Sendable {
    /// A credential variable the stage names is not set.
    case missingVariable(String, stage: String?)
    /// `service` ("AI Core", "the destination service") refused the client: its token endpoint, or its API every
    /// token it was given.
    case authenticationFailed(service: String, url: String, status: Int)
    /// AI Core answered with an error.
    case api(method: String, path: String, status: Int, code: String?, message: String)
    /// No answer (connection refused, reset, timeout) after every retry.
    case unreachable(method: String, path: String, reason: String)
    /// A 2xx answer that is not the JSON promote expects.
    case unexpectedResponse(method: String, path: String, detail: String)

    /// The HTTP status, when AI Core answered.
    public var status: Int? {
        switch self {
        case .api(_, _, let status, _, _): status
        case .authenticationFailed(_, _, let status): status
        default: nil
        }
    }
}

extension AICoreError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .missingVariable(let name, let stage):
            let owner = stage.map { "stage '\($0)' needs" } ?? "promote needs"
            return
                "\(owner) the environment variable \(name); set it from the AI Core service key (or the CI secret store)"
        case .authenticationFailed(let service, let url, let status):
            return "\(service) refused its client credentials (HTTP \(status) from \(url)); check \(service)'s "
                + "client id and secret"
        case .api(let method, let path, let status, let code, let message):
            let detail = code.map { " [\($0)]" } ?? ""
            return "AI Core answered \(method) \(path) with HTTP \(status)\(detail): \(message)"
        case .unreachable(let method, let path, let reason):
            return
                "AI Core did not answer \(method) \(path) (\(reason)) after retrying; check the base URL and the network"
        case .unexpectedResponse(let method, let path, let detail):
            return "AI Core's answer to \(method) \(path) was not understood: \(detail)"
        }
    }
}
