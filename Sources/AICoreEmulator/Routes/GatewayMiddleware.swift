import Foundation
import Hummingbird

/// In front of every route: injects the configured faults, then checks the bearer token of API calls.
struct GatewayMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let tokens: TokenIssuer
    let faults: FaultInjector?
    let traffic: TrafficCounter
    /// `EmulatorConfiguration.pageSize`.
    var pageSize: Int? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        if path == "/emulator/stats" { return HTTPHelpers.json(await traffic.snapshot()) }
        let routeClass = FaultPlan.RouteClass.of(path: path)
        await traffic.begin(routeClass)
        let response: Response
        do {
            response = try await answer(request, context: context, routeClass: routeClass, next: next)
        } catch {
            await traffic.end(routeClass)
            throw error
        }
        await traffic.end(routeClass)
        await traffic.record(
            method: request.method.rawValue, path: path, routeClass: routeClass, status: Int(response.status.code))
        return response
    }

    private func answer(
        _ request: Request, context: Context, routeClass: FaultPlan.RouteClass,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let faults {
            let (latency, action) = await faults.decide(for: routeClass)
            if latency > 0 { try await Task.sleep(nanoseconds: UInt64(latency * 1_000_000_000)) }
            switch action {
            case .none: break
            case .serverError:
                return HTTPHelpers.error(
                    EmulatorError(status: 503, code: "503", message: "injected fault: service unavailable"))
            case .tooManyRequests(let retryAfter):
                return HTTPHelpers.error(
                    EmulatorError(status: 429, code: "429", message: "injected fault: too many requests"),
                    headers: [.retryAfter: String(retryAfter)])
            case .drop:
                // Headers go out, then the body fails: the client sees the connection close mid-response.
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: ResponseBody { _ in
                        throw DroppedConnection()
                    })
            case .expireToken where routeClass != .oauth:
                return HTTPHelpers.error(.unauthorized("Access token expired (injected fault)"))
            case .expireToken: break
            }
        }
        if let audience = Self.audience(of: routeClass) {
            do {
                try tokens.validate(request.headers[.authorization], for: audience)
            } catch {
                return HTTPHelpers.error(error)
            }
        }
        do {
            return try await QueryParameters.$pageLimit.withValue(pageSize) { try await next(request, context) }
        } catch let error as HTTPError {
            // The router's own answers (no such route, wrong method) in AI Core's error shape too.
            let message =
                error.status == .notFound
                ? "no such resource: \(request.method.rawValue) \(request.uri.path)" : (error.body ?? "\(error.status)")
            return HTTPHelpers.error(
                EmulatorError(status: Int(error.status.code), code: String(error.status.code), message: message))
        }
    }

    static func audience(of routeClass: FaultPlan.RouteClass) -> TokenIssuer.Audience? {
        switch routeClass {
        case .oauth: nil
        case .destination: .destination
        default: .aicore
        }
    }
}

struct DroppedConnection: Error {}
