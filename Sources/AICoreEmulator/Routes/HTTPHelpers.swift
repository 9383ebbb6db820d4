import Foundation
import HTTPTypes
import Hummingbird
import PromoteModel

/// The request and response plumbing every route shares: JSON in, camelCase JSON out, errors in AI Core's shape.
enum HTTPHelpers {
    static let resourceGroupHeader = HTTPField.Name("AI-Resource-Group")!
    static let maximumBody = 8 * 1024 * 1024

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let buffer = ByteBuffer(string: value.serialized())
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: buffer))
    }

    static func error(_ error: EmulatorError, headers: HTTPFields = [:]) -> Response {
        json(error.body, status: HTTPResponse.Status(code: error.status), headers: headers)
    }

    /// Runs `body` and answers its JSON with `status`, or its error. With `location`, a created object's id is
    /// appended to it for the `Location` header, as AI Core does on creation.
    static func respond(
        status: HTTPResponse.Status = .ok, location: String? = nil, _ body: () async throws(EmulatorError) -> JSONValue
    ) async -> Response {
        do {
            let value = try await body()
            var headers: HTTPFields = [:]
            if let location, let id = value["id"]?.stringValue { headers[.location] = location + id }
            return json(value, status: status, headers: headers)
        } catch {
            return self.error(error)
        }
    }

    /// Answers a `$count` endpoint: the number as `text/plain`, as the spec describes every one of them.
    static func count(_ body: () async throws(EmulatorError) -> Int) async -> Response {
        do {
            let number = try await body()
            return Response(
                status: .ok, headers: [.contentType: "text/plain"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: String(number))))
        } catch {
            return self.error(error)
        }
    }

    /// Runs `body` and answers 204 with no content, or its error.
    static func noContent(_ body: () async throws(EmulatorError) -> Void) async -> Response {
        do {
            try await body()
            return Response(status: .noContent)
        } catch {
            return self.error(error)
        }
    }

    /// The request body as JSON; an empty body reads as an empty object, as AI Core accepts.
    static func body(_ request: Request) async throws(EmulatorError) -> JSONValue {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBody)
        } catch {
            throw .badRequest("the request body could not be read or is larger than 8 MiB")
        }
        let bytes = buffer.readableBytesView
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return [:] }
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw .badRequest("the request body is not valid JSON: \(error.description)")
        }
    }

    /// The form fields of an `application/x-www-form-urlencoded` body.
    static func form(_ request: Request) async -> [String: String] {
        guard let buffer = try? await request.body.collect(upTo: 64 * 1024) else { return [:] }
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }
}

extension Request {
    var resourceGroup: String? { headers[HTTPHelpers.resourceGroupHeader] }
    var query: QueryParameters { QueryParameters(uri.query) }
}
