public import Foundation

/// Which requests fail and how: per route class, rates of 5xx, of 429 with `Retry-After`, of dropped connections
/// and of early token expiry, plus added latency. Parsed from `--faults`, e.g.
/// `lm:5xx=0.2,429=0.1,retry-after=1;oauth:latency=200ms;*:drop=0.05`.
public struct FaultPlan: Sendable, Equatable {
    /// The kinds of route a rule applies to.
    public enum RouteClass: String, Sendable, CaseIterable {
        case oauth, admin, lm, logs, inference, destination

        /// The class of a request path.
        static func of(path: String) -> RouteClass {
            if path.hasPrefix("/oauth") { return .oauth }
            if path.hasPrefix("/v2/admin") { return .admin }
            if path.hasPrefix("/v2/inference") { return .inference }
            if path.hasPrefix("/destination-configuration") { return .destination }
            if path.hasSuffix("/logs") { return .logs }
            return .lm
        }
    }

    public struct Rule: Sendable, Equatable {
        public var serverErrorRate = 0.0
        public var tooManyRequestsRate = 0.0
        public var retryAfterSeconds = 1
        public var latency: TimeInterval = 0
        public var dropRate = 0.0
        public var expiryRate = 0.0

        public init() {}

        var isEmpty: Bool { self == Rule() }
    }

    public var rules: [RouteClass: Rule]

    public init(rules: [RouteClass: Rule] = [:]) {
        self.rules = rules
    }

    public static let none = FaultPlan()

    public var isEmpty: Bool { rules.values.allSatisfy(\.isEmpty) }

    /// Parses `CLASS:KEY=VALUE,...;CLASS:...`; CLASS is a route class or `*` (every class), and may be left out.
    public static func parse(_ spec: String) throws(EmulatorStartError) -> FaultPlan {
        var plan = FaultPlan()
        for section in spec.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !section.isEmpty {
            var classes = RouteClass.allCases
            var settings = Substring(section)
            if let colon = section.firstIndex(of: ":"), !section[..<colon].contains("=") {
                let name = section[..<colon].trimmingCharacters(in: .whitespaces)
                if name != "*" && name != "all" {
                    guard let routeClass = RouteClass(rawValue: name) else {
                        throw .invalidFaults(
                            "unknown route class '\(name)'; use one of \(RouteClass.allCases.map(\.rawValue).joined(separator: ", ")) or *"
                        )
                    }
                    classes = [routeClass]
                }
                settings = section[section.index(after: colon)...]
            }
            for routeClass in classes {
                var rule = plan.rules[routeClass] ?? Rule()
                for setting in settings.split(separator: ",") {
                    try apply(setting.trimmingCharacters(in: .whitespaces), to: &rule)
                }
                plan.rules[routeClass] = rule
            }
        }
        return plan
    }

    private static func apply(_ setting: String, to rule: inout Rule) throws(EmulatorStartError) {
        let parts = setting.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { throw .invalidFaults("'\(setting)' is not KEY=VALUE") }
        let (key, value) = (parts[0], parts[1])
        func rate() throws(EmulatorStartError) -> Double {
            guard let rate = Double(value), (0...1).contains(rate) else {
                throw .invalidFaults("\(key)=\(value): a rate must be a number from 0 to 1")
            }
            return rate
        }
        switch key {
        case "5xx": rule.serverErrorRate = try rate()
        case "429": rule.tooManyRequestsRate = try rate()
        case "drop": rule.dropRate = try rate()
        case "expire": rule.expiryRate = try rate()
        case "retry-after":
            guard let seconds = Int(value), seconds >= 0 else {
                throw .invalidFaults("retry-after=\(value): whole seconds")
            }
            rule.retryAfterSeconds = seconds
        case "latency":
            guard let seconds = duration(value) else { throw .invalidFaults("latency=\(value): use e.g. 50ms or 0.2s") }
            rule.latency = seconds
        default:
            throw .invalidFaults("unknown key '\(key)'; use 5xx, 429, retry-after, latency, drop or expire")
        }
    }

    private static func duration(_ text: String) -> TimeInterval? {
        if text.hasSuffix("ms"), let value = Double(text.dropLast(2)), value >= 0 { return value / 1000 }
        if text.hasSuffix("s"), let value = Double(text.dropLast()), value >= 0 { return value }
        return Double(text).flatMap { $0 >= 0 ? $0 / 1000 : nil }
    }
}

/// Draws fault decisions from a seeded generator, so the same seed and request order give the same faults.
actor FaultInjector {
    enum Action: Equatable {
        case none, serverError
        case tooManyRequests(retryAfter: Int)
        case drop, expireToken
    }

    private let plan: FaultPlan
    private var state: UInt64

    init(plan: FaultPlan, seed: UInt64) {
        self.plan = plan
        state = seed
    }

    func decide(for routeClass: FaultPlan.RouteClass) -> (latency: TimeInterval, action: Action) {
        guard let rule = plan.rules[routeClass], !rule.isEmpty else { return (0, .none) }
        let roll = next()
        var threshold = rule.serverErrorRate
        if roll < threshold { return (rule.latency, .serverError) }
        threshold += rule.tooManyRequestsRate
        if roll < threshold { return (rule.latency, .tooManyRequests(retryAfter: rule.retryAfterSeconds)) }
        threshold += rule.dropRate
        if roll < threshold { return (rule.latency, .drop) }
        threshold += rule.expiryRate
        if roll < threshold { return (rule.latency, .expireToken) }
        return (rule.latency, .none)
    }

    /// SplitMix64, as a number in [0, 1).
    private func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        value ^= value >> 31
        return Double(value >> 11) / Double(1 << 53)
    }
}
