public import Foundation
public import Hummingbird
import Logging
import NIOCore
public import PromoteModel
import ServiceLifecycle
import UnixSignals

/// The local AI Core: builds the Hummingbird application, and runs it in-process for commands and tests.
public enum EmulatorServer {
    /// The application serving every emulated route. `onListening` receives the bound port (useful with port 0).
    public static func buildApplication(
        _ configuration: EmulatorConfiguration, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        try buildApplication(configuration, traffic: TrafficCounter(), onListening: onListening)
    }

    static func buildApplication(
        _ configuration: EmulatorConfiguration, traffic: TrafficCounter,
        onListening: @escaping @Sendable (Int) async -> Void
    ) throws -> some ApplicationProtocol {
        let state = try EmulatorState(configuration: configuration)
        let tokens = TokenIssuer(configuration: configuration)
        let router = Router(context: BasicRequestContext.self)
        let faults =
            configuration.faults.isEmpty ? nil : FaultInjector(plan: configuration.faults, seed: configuration.seed)
        router.add(
            middleware: GatewayMiddleware(
                tokens: tokens, faults: faults, traffic: traffic, pageSize: configuration.pageSize))
        EmulatorRoutes.register(on: router, state: state, tokens: tokens)
        var logger = Logger(label: "promote-emulator")
        logger.logLevel =
            ProcessInfo.processInfo.environment["PROMOTE_EMULATOR_LOG"].flatMap { Logger.Level(rawValue: $0) }
            ?? .critical
        let host = configuration.host
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "promote-emulator"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                await state.setPublicBaseURL("http://\(Self.urlHost(host)):\(port)")
                await onListening(port)
            },
            logger: logger)
    }

    /// Starts the emulator on a background task and returns once it listens.
    public static func start(_ configuration: EmulatorConfiguration) async throws -> RunningEmulator {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let traffic = TrafficCounter()
        let application = try buildApplication(configuration, traffic: traffic) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let task = Task {
            do {
                try await application.runService(gracefulShutdownSignals: [])
            } catch {
                continuation.finish()
            }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            task.cancel()
            throw EmulatorStartError.couldNotListen(host: configuration.host, port: configuration.port)
        }
        return RunningEmulator(configuration: configuration, port: port, task: task, traffic: traffic)
    }

    static func urlHost(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }
}

/// A running in-process emulator: its URLs and credentials, and how to stop it.
public final class RunningEmulator: Sendable {
    public let configuration: EmulatorConfiguration
    public let port: Int
    private let task: Task<Void, Never>
    private let traffic: TrafficCounter

    init(configuration: EmulatorConfiguration, port: Int, task: Task<Void, Never>, traffic: TrafficCounter) {
        self.configuration = configuration
        self.port = port
        self.task = task
        self.traffic = traffic
    }

    /// What `GET /emulator/stats` answers, read in-process.
    public func stats() async -> JSONValue {
        await traffic.snapshot()
    }

    /// `http://127.0.0.1:PORT`.
    public var rootURL: String { "http://\(EmulatorServer.urlHost(configuration.host)):\(port)" }
    /// What `AICORE_BASE_URL` should be: the root with `/v2`.
    public var baseURL: String { rootURL + "/v2" }
    /// What `AICORE_AUTH_URL` should be: the full token URL.
    public var authURL: String { rootURL + "/oauth/token" }

    /// Stops serving and waits until the server has shut down.
    public func stop() async {
        task.cancel()
        await task.value
    }
}

extension EmulatorServer {
    /// Serves in the foreground until SIGINT or SIGTERM, then shuts down cleanly (`promote emulator`): a sync in
    /// progress stops at its next file, so the requests waiting for it end; a second signal exits at once.
    public static func runUntilSignalled(
        _ configuration: EmulatorConfiguration, onListening: @escaping @Sendable (Int) async -> Void
    ) async throws {
        try await runUntilSignalled(tenants: [configuration]) { _, port in await onListening(port) }
    }

    /// Serves several isolated tenants at once (one listener and one state each), until SIGINT or SIGTERM;
    /// `onListening` gets each tenant's index and port.
    public static func runUntilSignalled(
        tenants configurations: [EmulatorConfiguration],
        onListening: @escaping @Sendable (_ tenant: Int, _ port: Int) async -> Void
    ) async throws {
        let applications = try configurations.enumerated().map { index, configuration in
            try buildApplication(configuration) { port in await onListening(index, port) }
        }
        let watchers = [SIGINT, SIGTERM].map { signal in
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler {
                guard !EmulatorShutdown.request() else {
                    FileHandle.standardError.write(Data("promote emulator: stopping now\n".utf8))
                    _exit(128 + signal)
                }
            }
            source.resume()
            return source
        }
        defer { watchers.forEach { $0.cancel() } }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: applications.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "promote-emulator")))
        try await group.run()
    }
}
