public import Foundation
import NIOHTTP1
public import PromoteModel

/// Where the BTP destination service is and its own OAuth client (templates.md §6.1).
public struct DestinationCredentials: Sendable, Equatable {
    /// The REST API base (`uri` of the service key).
    public let url: String
    public let authURL: String
    public let clientID: String
    public let clientSecret: String

    public init(url: String, authURL: String, clientID: String, clientSecret: String) {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        self.url = base
        self.authURL = AICoreCredentials.tokenURL(authURL)
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    /// `<prefix>DESTINATION_URL`, `_AUTH_URL`, `_CLIENT_ID`, `_CLIENT_SECRET`; every missing one is named.
    public static func fromEnvironment(_ environment: [String: String], prefix: String, stage: String?)
        throws(AICoreError)
        -> DestinationCredentials
    {
        func value(_ name: String) throws(AICoreError) -> String {
            guard let value = environment[prefix + name], !value.isEmpty else {
                throw .missingVariable(prefix + name, stage: stage)
            }
            return value
        }
        return DestinationCredentials(
            url: try value("DESTINATION_URL"), authURL: try value("DESTINATION_AUTH_URL"),
            clientID: try value("DESTINATION_CLIENT_ID"), clientSecret: try value("DESTINATION_CLIENT_SECRET"))
    }
}

/// Creates or updates subaccount destinations (templates.md §6.2).
public final class DestinationClient: Sendable {
    private let credentials: DestinationCredentials
    private let transport: HTTPTransport
    private let tokens: TokenProvider

    public init(credentials: DestinationCredentials, timeout: TimeInterval = 60, retry: RetryPolicy = .standard) {
        self.credentials = credentials
        transport = HTTPTransport(timeout: timeout)
        tokens = TokenProvider(
            service: Self.service, authURL: credentials.authURL, clientID: credentials.clientID, clientSecret: credentials.clientSecret,
            transport: transport, retry: retry)
    }

    public func shutdown() async {
        await transport.shutdown()
    }

    /// How errors name this client's service.
    public static let service = "the destination service"

    /// Fetches a token, so that credentials the service refuses stop a deploy before it creates anything.
    public func checkCredentials() async throws(AICoreError) {
        _ = try await tokens.authorization()
    }

    public enum Action: String, Sendable, Codable {
        case created, updated
    }

    /// POSTs the destination, or PUTs it when the name exists (409). A POST whose outcome is unknown is resolved
    /// by reading the destination back.
    public func upsert(_ properties: [String: String]) async throws(AICoreError) -> Action {
        let name = properties["Name"] ?? ""
        var body = JSONObject()
        for key in properties.keys.sorted() { body[key] = .string(properties[key] ?? "") }
        let path = "/destination-configuration/v1/subaccountDestinations"
        var refusedToken = false  // every answer so far a 401: the service does not accept its credentials
        for attempt in 0..<6 {
            let post = try await exchange(.POST, path, body: .object(body))
            refusedToken = post?.status == 401 && (attempt == 0 || refusedToken)
            switch post?.status {
            case let status? where (200..<300).contains(status): return .created
            case 409?:
                guard let put = try await exchange(.PUT, path, body: .object(body)), (200..<300).contains(put.status)
                else {
                    continue
                }
                return .updated
            case let status? where status == 429 || status >= 500 || status == 401:
                try? await Task.sleep(nanoseconds: UInt64(0.2 * Double(attempt + 1) * 1e9))
            case let status?:
                throw .api(
                    method: "POST", path: path, status: status, code: nil,
                    message: "the destination \(name) was refused")
            case nil:
                // Unknown outcome: if it is there now, the POST took effect.
                if let read = try await exchange(.GET, path + "/\(name)", body: nil), read.status == 200 {
                    return .created
                }
            }
        }
        if refusedToken {
            throw .authenticationFailed(service: Self.service, url: credentials.url + path, status: 401)
        }
        throw .unreachable(method: "POST", path: path, reason: "no definite answer after retrying")
    }

    /// One request; nil when no answer arrived.
    private func exchange(_ method: HTTPMethod, _ path: String, body: JSONValue?) async throws(AICoreError)
        -> HTTPOutcome?
    {
        let authorization = try await tokens.authorization()
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: authorization)
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        do {
            let outcome = try await transport.send(
                method, url: credentials.url + path, headers: headers, body: body.map { Array($0.serialized().utf8) })
            if outcome.status == 401 { await tokens.invalidate(authorization) }
            return outcome
        } catch {
            return nil
        }
    }
}
