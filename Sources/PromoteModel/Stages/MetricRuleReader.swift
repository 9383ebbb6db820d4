/// Reads `gates.metrics` and `gates.verify_metrics` strictly: every problem is recorded with its JSON path.
enum MetricRuleReader {
    static let keys = ["execution", "metric", "min", "max", "compare", "better", "max_regression"]
    static let boundKeys = ["execution", "metric", "min", "max"]

    /// The rules under `key`; `comparisons` allows `compare` (a deploy's own verification has nothing to compare
    /// with).
    static func rules(_ gates: JSONObjectReader, key: String, comparisons: Bool) -> [MetricRule] {
        (gates.objects(key) ?? []).compactMap { rule($0, comparisons: comparisons) }
    }

    private static func rule(_ reader: JSONObjectReader, comparisons: Bool) -> MetricRule? {
        reader.rejectUnknownKeys(comparisons ? keys : boundKeys)
        let execution = reader.string("execution", required: true)
        let metric = reader.string("metric", required: true)
        let min = reader.number("min")
        let max = reader.number("max")
        var compares = false
        if comparisons, let compare = reader.string("compare") {
            if compare == "current" {
                compares = true
            } else {
                reader.problem(
                    "compare",
                    "\(compare.debugDescription) is not a comparison; use \"current\" (the model the stage runs now)")
            }
        }
        var better = MetricRule.Better.higher
        if comparisons, let text = reader.string("better") {
            if let parsed = MetricRule.Better(rawValue: text) {
                better = parsed
            } else {
                reader.problem("better", "\(text.debugDescription) is not a direction; use \"higher\" or \"lower\"")
            }
        }
        var maxRegression = 0.0
        if comparisons, let regression = reader.number("max_regression") {
            if regression < 0 {
                reader.problem(
                    "max_regression",
                    "must be 0 or more, got \(MetricRule.format(regression)) (how much worse than current may pass)")
            } else {
                maxRegression = regression
            }
        }
        let compareGiven = comparisons && reader.object["compare"] != nil
        if comparisons && !compareGiven {
            for key in ["better", "max_regression"] where reader.object[key] != nil {
                reader.problem(key, "only means something with \"compare\": \"current\"; add it or remove \(key)")
            }
        }
        if let min, let max, min > max {
            reader.problem(
                "min", "min \(MetricRule.format(min)) is greater than max \(MetricRule.format(max)): no value can pass")
        }
        if reader.object["min"] == nil && reader.object["max"] == nil && !compareGiven {
            reader.problem(
                nil,
                comparisons
                    ? "a metric rule needs \"min\", \"max\" or \"compare\": \"current\""
                    : "a metric rule needs \"min\" or \"max\"")
        }
        guard let execution, let metric else { return nil }
        return MetricRule(
            execution: execution, metric: metric, min: min, max: max, comparesWithCurrent: compares, better: better,
            maxRegression: maxRegression)
    }
}
