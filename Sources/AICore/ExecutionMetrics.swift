import Foundation
import PromoteModel

/// What an execution logged through AI Core's tracking API (`/lm/metrics`, written by training code with the SDK's
/// tracking helpers): its metrics at each step, and the tags and custom info of its metric resource. Codable so that
/// deploy reports and records carry it as it was read.
public struct ExecutionMetrics: Codable, Sendable, Equatable {
    /// One logged value of a metric.
    public struct Metric: Codable, Sendable, Equatable {
        public let name: String
        public let value: Double
        /// The training step it was logged at; nil when the code logged none.
        public let step: Int?
        /// RFC 3339, as AI Core wrote it.
        public let timestamp: String?
        public let labels: [NamedValue]

        public init(name: String, value: Double, step: Int?, timestamp: String?, labels: [NamedValue] = []) {
            self.name = name
            self.value = value
            self.step = step
            self.timestamp = timestamp
            self.labels = labels
        }

        /// Reads a value without `labels` too (a record written by hand).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            value = try container.decode(Double.self, forKey: .value)
            step = try container.decodeIfPresent(Int.self, forKey: .step)
            timestamp = try container.decodeIfPresent(String.self, forKey: .timestamp)
            labels = try container.decodeIfPresent([NamedValue].self, forKey: .labels) ?? []
        }

        enum CodingKeys: String, CodingKey {
            case name, value, step, timestamp, labels
        }
    }

    /// A tag, a label or an item of custom info: a name and a text value.
    public struct NamedValue: Codable, Sendable, Equatable {
        public let name: String
        public let value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var metrics: [Metric]
    public var tags: [NamedValue]
    public var customInfo: [NamedValue]

    enum CodingKeys: String, CodingKey {
        case metrics, tags
        case customInfo = "custom_info"
    }

    public init(metrics: [Metric], tags: [NamedValue] = [], customInfo: [NamedValue] = []) {
        self.metrics = metrics
        self.tags = tags
        self.customInfo = customInfo
    }

    /// Reads records without `tags` or `custom_info` too.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metrics = try container.decode([Metric].self, forKey: .metrics)
        tags = try container.decodeIfPresent([NamedValue].self, forKey: .tags) ?? []
        customInfo = try container.decodeIfPresent([NamedValue].self, forKey: .customInfo) ?? []
    }

    /// The metrics' names, in the order they were first logged.
    public var names: [String] {
        var seen: Set<String> = []
        return metrics.map(\.name).filter { seen.insert($0).inserted }
    }

    /// The value of `name` that counts: the one at the last step (a value without a step comes before every step);
    /// among equal steps, the one logged last. Nil when the metric was never logged.
    public func last(_ name: String) -> Metric? {
        metrics.enumerated().filter { $0.element.name == name }.max { one, two in
            ((one.element.step ?? -1), one.element.timestamp ?? "", one.offset)
                < ((two.element.step ?? -1), two.element.timestamp ?? "", two.offset)
        }?.element
    }

    /// A metric resource of `GET /lm/metrics`; metrics without a name or a numeric value are left out.
    init(_ json: JSONValue) {
        let named = { (value: JSONValue?) -> [NamedValue] in
            (value?.arrayValue ?? []).compactMap { item in
                guard let name = item["name"]?.stringValue, let value = item["value"]?.stringValue else { return nil }
                return NamedValue(name: name, value: value)
            }
        }
        metrics = (json["metrics"]?.arrayValue ?? []).compactMap { metric in
            guard let name = metric["name"]?.stringValue, let value = metric["value"]?.numberValue else { return nil }
            return Metric(
                name: name, value: value, step: metric["step"]?.intValue, timestamp: metric["timestamp"]?.stringValue,
                labels: named(metric["labels"]))
        }
        tags = named(json["tags"])
        customInfo = named(json["customInfo"])
    }
}
