import AICore
import PromoteModel

/// An execution's metrics as the deploy record in git notes keeps them: every value with its step, timestamp and
/// labels, plus the tags and custom info. A note version larger than 8 MiB is not read at all, so a training that
/// logged a long series keeps the last `valuesPerMetric` values of each metric (the last step, the one gates judge,
/// is always among them) and says how many it left out.
enum MetricsRecord {
    static let valuesPerMetric = 100

    static func value(_ metrics: ExecutionMetrics) -> JSONValue {
        var kept: [ExecutionMetrics.Metric] = []
        var omitted = 0
        for name in metrics.names {
            let series = metrics.metrics.enumerated().filter { $0.element.name == name }
                .sorted { ($0.element.step ?? -1, $0.offset) < ($1.element.step ?? -1, $1.offset) }.map(\.element)
            omitted += max(0, series.count - valuesPerMetric)
            kept += series.suffix(valuesPerMetric)
        }
        var object: JSONObject = [
            "metrics": .array(kept.map(metricValue)), "tags": namedValues(metrics.tags),
            "custom_info": namedValues(metrics.customInfo),
        ]
        if omitted > 0 { object["omitted_values"] = .int(omitted) }
        return .object(object)
    }

    private static func metricValue(_ metric: ExecutionMetrics.Metric) -> JSONValue {
        var object: JSONObject = [
            "name": .string(metric.name), "value": .number(metric.value), "labels": namedValues(metric.labels),
        ]
        if let step = metric.step { object["step"] = .int(step) }
        if let timestamp = metric.timestamp { object["timestamp"] = .string(timestamp) }
        return .object(object)
    }

    private static func namedValues(_ values: [ExecutionMetrics.NamedValue]) -> JSONValue {
        .array(values.map { ["name": .string($0.name), "value": .string($0.value)] })
    }
}
