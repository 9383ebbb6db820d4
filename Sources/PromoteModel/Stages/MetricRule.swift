/// A model-quality rule of a stage's `gates.metrics` (or `gates.verify_metrics`): bounds on one metric of one
/// execution, or a comparison with the model the stage runs now (champion/challenger).
public struct MetricRule: Hashable, Sendable {
    /// Which way a metric improves.
    public enum Better: String, Hashable, Sendable, CaseIterable {
        case higher, lower
    }

    /// The execution whose metric counts: its configuration's `name` or its `executable_id` in the deploy config.
    public let execution: String
    public let metric: String
    /// The candidate's value must be at least this.
    public let min: Double?
    /// The candidate's value must be at most this.
    public let max: Double?
    /// `compare: "current"`: the candidate must be no worse than the value recorded for the stage's current head.
    public let comparesWithCurrent: Bool
    public let better: Better
    /// How much worse than the current value the candidate may be (0: not at all).
    public let maxRegression: Double

    public init(
        execution: String, metric: String, min: Double? = nil, max: Double? = nil, comparesWithCurrent: Bool = false,
        better: Better = .higher, maxRegression: Double = 0
    ) {
        self.execution = execution
        self.metric = metric
        self.min = min
        self.max = max
        self.comparesWithCurrent = comparesWithCurrent
        self.better = better
        self.maxRegression = maxRegression
    }

    /// The rule in words: `auc >= 0.8`, `0.1 <= loss <= 2`, `auc no worse than current`,
    /// `loss (lower is better) no worse than current by more than 0.01`.
    public var bound: String {
        var parts: [String] = []
        switch (min, max) {
        case (let low?, let high?): parts.append("\(Self.format(low)) <= \(metric) <= \(Self.format(high))")
        case (let low?, nil): parts.append("\(metric) >= \(Self.format(low))")
        case (nil, let high?): parts.append("\(metric) <= \(Self.format(high))")
        case (nil, nil): break
        }
        if comparesWithCurrent {
            var text = parts.isEmpty ? metric : "and"
            if better == .lower { text += " (lower is better)" }
            text += " no worse than current"
            if maxRegression > 0 { text += " by more than \(Self.format(maxRegression))" }
            parts.append(text)
        }
        return parts.joined(separator: " ")
    }

    /// How `value` misses the rule's `min` and `max`: `below the floor 0.8`, `above the ceiling 2`; empty when it
    /// is within them.
    public func boundProblems(_ value: Double) -> [String] {
        var problems: [String] = []
        if let min, value < min { problems.append("below the floor \(Self.format(min))") }
        if let max, value > max { problems.append("above the ceiling \(Self.format(max))") }
        return problems
    }

    /// A metric's value as gates and checks quote it: `auc 0.84 at step 5`, `auc 0.84` without a step.
    public static func describe(_ metric: String, value: Double, step: Int?) -> String {
        "\(metric) \(format(value))" + (step.map { " at step \($0)" } ?? "")
    }

    /// A number as a person writes it: `0.8`, `2`, `0.005`.
    public static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
