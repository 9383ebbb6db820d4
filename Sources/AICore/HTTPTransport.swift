import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP exchange, answered.
struct HTTPOutcome: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]

    /// `Retry-After` in seconds, when present.
    var retryAfter: TimeInterval? { headers.first(name: "Retry-After").flatMap { TimeInterval($0) } }
}

/// The HTTP client promote's API clients share: one connection pool, a deadline on every call, a request count.
final class HTTPTransport: Sendable {
    private let client: HTTPClient
    let timeout: TimeInterval
    let requests = RequestCounter()

    init(timeout: TimeInterval) {
        self.timeout = timeout
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .milliseconds(Int64(timeout * 1000)))
        // The pace decides how many calls are in flight; the pool (8 per host by default) must not cap it below.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = RequestPace.ceiling
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Sends one request; throws only when no complete answer arrived (refused, reset, timed out).
    func send(_ method: HTTPMethod, url: String, headers: HTTPHeaders, body: [UInt8]?) async throws -> HTTPOutcome {
        await requests.increment()
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        let response = try await client.execute(request, deadline: deadline)
        let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return HTTPOutcome(
            status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
    }

    func shutdown() async {
        try? await client.shutdown()
    }
}

/// Counts requests sent, for reports and benchmarks.
actor RequestCounter {
    private(set) var count = 0

    func increment() {
        count += 1
    }
}
