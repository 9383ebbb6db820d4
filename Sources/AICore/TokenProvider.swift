import Foundation
import NIOHTTP1
import PromoteModel

/// One OAuth client-credentials token per client, fetched lazily, reused, and fetched again shortly before it
/// expires or after the API rejected it.
actor TokenProvider {
    /// Whose token this is, for errors: "AI Core", "the destination service".
    private let service: String
    private let authURL: String
    private let clientID: String
    private let clientSecret: String
    private let transport: HTTPTransport
    private let retry: RetryPolicy
    private var token: String?
    private var expiry = Date.distantPast
    /// The fetch in flight: calls that arrive meanwhile wait for it instead of asking for a token of their own.
    private var fetching: Task<String, any Error>?

    init(
        service: String, authURL: String, clientID: String, clientSecret: String, transport: HTTPTransport,
        retry: RetryPolicy
    ) {
        self.service = service
        self.authURL = authURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.transport = transport
        self.retry = retry
    }

    /// `Bearer <token>`, fetched when there is none or it has less than a tenth of its life (at most 5 min) left.
    func authorization() async throws(AICoreError) -> String {
        if let token, Date() < expiry { return "Bearer \(token)" }
        let task: Task<String, any Error>
        if let fetching {
            task = fetching
        } else {
            task = Task { () async throws -> String in try await self.fetch() }
            fetching = task
        }
        defer { if fetching == task { fetching = nil } }
        do {
            return "Bearer \(try await task.value)"
        } catch let error as AICoreError {
            throw error
        } catch {
            throw .unreachable(method: "POST", path: authURL, reason: Self.describe(error))
        }
    }

    /// Forgets `header`'s token after a 401, unless a newer one was fetched meanwhile.
    func invalidate(_ header: String) {
        if header == "Bearer \(token ?? "")" { token = nil }
    }

    private func fetch() async throws(AICoreError) -> String {
        let body =
            "grant_type=client_credentials&client_id=\(Self.formEncode(clientID))&client_secret=\(Self.formEncode(clientSecret))"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        headers.add(name: "Accept", value: "application/json")
        var lastReason = "no answer"
        for attempt in 0..<retry.maxAttempts {
            let outcome: HTTPOutcome
            do {
                outcome = try await transport.send(.POST, url: authURL, headers: headers, body: Array(body.utf8))
            } catch {
                lastReason = Self.describe(error)
                try? await Task.sleep(nanoseconds: UInt64(retry.delay(afterAttempt: attempt, retryAfter: nil) * 1e9))
                continue
            }
            switch outcome.status {
            case 200..<300:
                guard let json = try? JSONValue(parsing: outcome.body), let token = json["access_token"]?.stringValue
                else {
                    throw .unexpectedResponse(
                        method: "POST", path: authURL, detail: "no access_token in the token response")
                }
                let lifetime =
                    json["expires_in"]?.numberValue ?? json["expires_in"]?.stringValue.flatMap(Double.init) ?? 3600
                expiry = Date().addingTimeInterval(lifetime - min(300, lifetime / 10))
                self.token = token
                return token
            case 429, 500..<600:
                lastReason = "HTTP \(outcome.status)"
                try? await Task.sleep(
                    nanoseconds: UInt64(retry.delay(afterAttempt: attempt, retryAfter: outcome.retryAfter) * 1e9))
            default:
                throw .authenticationFailed(service: service, url: authURL, status: outcome.status)
            }
        }
        throw .unreachable(method: "POST", path: authURL, reason: lastReason)
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}
