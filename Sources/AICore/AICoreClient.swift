public import Foundation
import NIOHTTP1
public import PromoteModel

/// A client for the AI API (ai-api.md): one token per client, the resource-group header, a deadline on every call,
/// retries where they are safe, and look-ups instead of blind repeats where they are not.
public final class AICoreClient: Sendable {
    public let credentials: AICoreCredentials
    let transport: HTTPTransport
    let tokens: TokenProvider
    let retry: RetryPolicy
    let pace = RequestPace()

    public init(credentials: AICoreCredentials, timeout: TimeInterval = 60, retry: RetryPolicy = .standard) {
        self.credentials = credentials
        self.retry = retry
        transport = HTTPTransport(timeout: timeout)
        tokens = TokenProvider(
            service: "AI Core", authURL: credentials.authURL, clientID: credentials.clientID,
            clientSecret: credentials.clientSecret,
            transport: transport, retry: retry)
    }

    /// Closes the connection pool; call once when done.
    public func shutdown() async {
        await transport.shutdown()
    }

    /// Asks the token endpoint for a token: whether the credentials are accepted, before anything depends on them.
    public func checkCredentials() async throws(AICoreError) {
        _ = try await tokens.authorization()
    }

    /// At most this many API calls at once (halved on 429s, regrown on successes); token requests are not counted.
    public func limitConcurrency(_ maximum: Int) async {
        await pace.setMaximum(maximum)
    }

    /// How many HTTP requests this client sent (token requests included).
    public var requestCount: Int {
        get async { await transport.requests.count }
    }

    /// Sends one API call and returns its JSON.
    ///
    /// GET and DELETE are retried on 429, 5xx and connection errors. POST and PATCH are retried only when the
    /// server surely did not act (429, 401 before a fresh token); when their outcome is unknown (5xx, dropped
    /// connection, timeout) this throws `OutcomeUnknown` so the caller can look the object up instead of repeating.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        resourceGroup: Bool = true, idempotent: Bool? = nil, tenantScope: Bool? = nil
    ) async throws(AICoreFailure) -> JSONValue {
        let idempotent = idempotent ?? (method == .GET || method == .DELETE)
        var url = credentials.baseURL + path
        if !query.isEmpty {
            url += "?" + query.map { "\(Self.queryEncode($0.0))=\(Self.queryEncode($0.1))" }.joined(separator: "&")
        }
        let payload = body.map { Array($0.serialized().utf8) }
        // A rejected token is replaced; a fresh one rejected twice more means the credentials are wrong.
        var tokenRefreshes = 0
        var attempt = 0
        while true {
            if Task.isCancelled { throw .error(.unreachable(method: method.rawValue, path: path, reason: "cancelled")) }
            let authorization: String
            do {
                authorization = try await tokens.authorization()
            } catch {
                throw .error(error)
            }
            var headers = HTTPHeaders()
            headers.add(name: "Authorization", value: authorization)
            headers.add(name: "Accept", value: "application/json")
            if resourceGroup { headers.add(name: "AI-Resource-Group", value: credentials.resourceGroup) }
            if let tenantScope { headers.add(name: "AI-Tenant-Scope", value: tenantScope ? "true" : "false") }
            if payload != nil { headers.add(name: "Content-Type", value: "application/json") }
            let outcome: HTTPOutcome
            await pace.enter()
            do {
                outcome = try await transport.send(method, url: url, headers: headers, body: payload)
                await pace.leave(status: outcome.status, retryAfter: outcome.retryAfter)
            } catch {
                await pace.leave(status: nil, retryAfter: nil)
                let reason = TokenProvider.describe(error)
                guard idempotent else { throw .outcomeUnknown(reason: reason) }
                attempt += 1
                guard attempt < retry.maxAttempts else {
                    throw .error(.unreachable(method: method.rawValue, path: path, reason: reason))
                }
                await pause(attempt, retryAfter: nil)
                continue
            }
            switch outcome.status {
            case 200..<300:
                if outcome.body.isEmpty { return .null }
                guard let json = try? JSONValue(parsing: outcome.body) else {
                    throw .error(
                        .unexpectedResponse(method: method.rawValue, path: path, detail: "the body is not JSON"))
                }
                return json
            case 401 where tokenRefreshes < 2:
                // A token that expired early or was revoked: a fresh token, then the same call again (a 401 means
                // the server did not act, so even a POST may be repeated).
                tokenRefreshes += 1
                await tokens.invalidate(authorization)
            case 429, 500..<600:
                guard idempotent || outcome.status == 429 else {
                    throw .outcomeUnknown(reason: "HTTP \(outcome.status)")
                }
                attempt += 1
                guard attempt < retry.maxAttempts else { throw .error(Self.apiError(method, path, outcome)) }
                await pause(attempt, retryAfter: outcome.retryAfter)
            default:
                throw .error(Self.apiError(method, path, outcome))
            }
        }
    }

    /// Sends a POST or PATCH whose repetition could duplicate work: when its outcome is unknown, `lookUp` decides
    /// whether it took effect (returning the result) before it is sent again.
    func sendOnce(
        _ method: HTTPMethod, _ path: String, body: JSONValue, resourceGroup: Bool = true, tenantScope: Bool? = nil,
        lookUp: () async throws(AICoreError) -> JSONValue?
    ) async throws(AICoreError) -> JSONValue {
        var lastReason = ""
        for attempt in 0..<retry.maxAttempts {
            do {
                return try await send(
                    method, path, body: body, resourceGroup: resourceGroup, tenantScope: tenantScope)
            } catch {
                switch error {
                case .error(let error): throw error
                case .outcomeUnknown(let reason):
                    lastReason = reason
                    if let existing = try await lookUp() { return existing }
                    await pause(attempt + 1, retryAfter: nil)
                }
            }
        }
        throw .unreachable(method: method.rawValue, path: path, reason: lastReason)
    }

    /// `send` for callers that only want `AICoreError` (every GET and DELETE).
    func call(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        resourceGroup: Bool = true, idempotent: Bool? = nil, tenantScope: Bool? = nil
    ) async throws(AICoreError) -> JSONValue {
        do {
            return try await send(
                method, path, query: query, body: body, resourceGroup: resourceGroup, idempotent: idempotent,
                tenantScope: tenantScope)
        } catch {
            switch error {
            case .error(let error): throw error
            case .outcomeUnknown(let reason): throw .unreachable(method: method.rawValue, path: path, reason: reason)
            }
        }
    }

    /// Every page of a list: `$top`/`$skip` until `count` items have arrived. The first answer says how many there
    /// are and how many a page holds; the other pages are then asked for at once (the pace bounds them).
    func list(_ path: String, query: [(String, String)] = [], pageSize: Int = 1000) async throws(AICoreError)
        -> [JSONValue]
    {
        func page(_ skip: Int) async throws(AICoreError) -> (resources: [JSONValue], total: Int?) {
            let page = try await call(.GET, path, query: query + [("$top", String(pageSize)), ("$skip", String(skip))])
            return (page["resources"]?.arrayValue ?? [], page["count"]?.intValue)
        }
        let first = try await page(0)
        var items = first.resources
        var total = first.total ?? items.count
        if !items.isEmpty && items.count < total {
            let offsets = Array(stride(from: items.count, to: total, by: items.count))
            let pages: [[JSONValue]]
            do {
                pages = try await withThrowingTaskGroup(of: (Int, [JSONValue]).self) { group in
                    for (index, offset) in offsets.enumerated() {
                        group.addTask { (index, try await page(offset).resources) }
                    }
                    var pages = [[JSONValue]](repeating: [], count: offsets.count)
                    for try await (index, resources) in group { pages[index] = resources }
                    return pages
                }
            } catch let error as AICoreError {
                throw error
            } catch {
                throw .unreachable(method: "GET", path: path, reason: "\(error)")
            }
            for resources in pages { items += resources }
        }
        // Objects created or deleted while paging: read on from where the pages ended.
        while items.count < total {
            let next = try await page(items.count)
            items += next.resources
            total = next.total ?? items.count
            if next.resources.isEmpty { break }
        }
        return items
    }

    private func pause(_ attempt: Int, retryAfter: TimeInterval?) async {
        let seconds = retry.delay(afterAttempt: attempt - 1, retryAfter: retryAfter)
        try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }

    static func apiError(_ method: HTTPMethod, _ path: String, _ outcome: HTTPOutcome) -> AICoreError {
        let json = try? JSONValue(parsing: outcome.body)
        let message =
            json?["error"]?["message"]?.stringValue
            ?? String(decoding: outcome.body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return .api(
            method: method.rawValue, path: path, status: outcome.status, code: json?["error"]?["code"]?.stringValue,
            message: message.isEmpty ? "no details" : message)
    }

    static func queryEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~,:")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Why `send` failed: a definite error, or a write whose effect is unknown.
enum AICoreFailure: Error {
    case error(AICoreError)
    case outcomeUnknown(reason: String)
}
