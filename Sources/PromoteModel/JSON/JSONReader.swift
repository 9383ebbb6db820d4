/// One problem found while validating a JSON document: the file, the JSON path, and what is wrong.
public struct ValidationProblem: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let file: String
    /// A JSON path such as `$.gates.tests[1].name`; `$` is the whole document.
    public let path: String
    public let message: String

    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { "\(file): \(path): \(message)" }

    public static func < (lhs: ValidationProblem, rhs: ValidationProblem) -> Bool {
        (lhs.file, lhs.path, lhs.message) < (rhs.file, rhs.path, rhs.message)
    }
}

/// Collects problems while a document is read, so that every problem is reported at once.
final class ProblemCollector {
    private(set) var problems: [ValidationProblem] = []

    /// Grouped by file (sorted), each file's problems in the order they were found: document order, then the
    /// checks across files.
    var inFileOrder: [ValidationProblem] {
        problems.enumerated().sorted { ($0.element.file, $0.offset) < ($1.element.file, $1.offset) }.map(\.element)
    }

    func add(_ file: String, _ path: String, _ message: String) {
        problems.append(ValidationProblem(file: file, path: path, message: message))
    }
}

/// Reads typed fields out of one JSON object, recording a problem (with its JSON path) for every wrong type,
/// missing required key and unknown key instead of stopping at the first.
struct JSONObjectReader {
    let file: String
    let path: String
    let object: JSONObject
    let problems: ProblemCollector

    /// Reads `value` as an object, or records that it is not one.
    init?(_ value: JSONValue, file: String, path: String, problems: ProblemCollector) {
        guard case .object(let object) = value else {
            problems.add(file, path, "expected an object, got \(value.typeDescription)")
            return nil
        }
        self.file = file
        self.path = path
        self.object = object
        self.problems = problems
    }

    func childPath(_ key: String) -> String { "\(path).\(key)" }

    func problem(_ key: String?, _ message: String) {
        problems.add(file, key.map(childPath) ?? path, message)
    }

    /// Records every key that is not in `known`, suggesting the closest known key when one is close: at most half
    /// of the longer name's letters differ (never more than 3), and fewer than the key has, so that a key sharing
    /// nothing with any known one gets no suggestion.
    func rejectUnknownKeys(_ known: [String]) {
        for key in object.keys where !known.contains(key) {
            let hint =
                known.min { editDistance($0, key) < editDistance($1, key) }
                .flatMap { candidate in
                    let distance = editDistance(candidate, key)
                    let allowed = min(3, max(1, max(key.count, candidate.count) / 2))
                    return distance <= allowed && distance < key.count ? " (did you mean \"\(candidate)\"?)" : nil
                } ?? ""
            problem(key, "unknown key\(hint); allowed keys: \(known.joined(separator: ", "))")
        }
    }

    private func value(_ key: String, required: Bool) -> JSONValue? {
        guard let value = object[key] else {
            if required { problem(key, "required key is missing") }
            return nil
        }
        return value
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key, required: required) else { return nil }
        guard case .string(let text) = value else {
            problem(key, "expected a string, got \(value.typeDescription)")
            return nil
        }
        if text.trimmingWhitespace().isEmpty {
            problem(key, "must not be empty")
            return nil
        }
        return text
    }

    func bool(_ key: String) -> Bool? {
        guard let value = value(key, required: false) else { return nil }
        guard case .bool(let flag) = value else {
            problem(key, "expected true or false, got \(value.typeDescription)")
            return nil
        }
        return flag
    }

    /// An integer in `range`; `1.0` counts as an integer, `1.5` and `"1"` do not.
    func integer(_ key: String, required: Bool = false, in range: ClosedRange<Int>) -> Int? {
        guard let value = value(key, required: required) else { return nil }
        guard case .number(let number) = value, number.rounded() == number else {
            problem(key, "expected an integer, got \(value.typeDescription)")
            return nil
        }
        guard abs(number) < 1e15 else {
            problem(key, "\(formatNumber(number)) is out of range; use \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        let integer = Int(number)
        guard range.contains(integer) else {
            problem(key, "\(integer) is out of range; use \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return integer
    }

    /// Any finite number.
    func number(_ key: String) -> Double? {
        guard let value = value(key, required: false) else { return nil }
        guard case .number(let number) = value, number.isFinite else {
            problem(key, "expected a number, got \(value.typeDescription)")
            return nil
        }
        return number
    }

    /// A number greater than zero.
    func positiveNumber(_ key: String) -> Double? {
        guard let value = value(key, required: false) else { return nil }
        guard case .number(let number) = value else {
            problem(key, "expected a number, got \(value.typeDescription)")
            return nil
        }
        guard number > 0 else {
            problem(key, "must be greater than 0, got \(formatNumber(number))")
            return nil
        }
        return number
    }

    func object(_ key: String, required: Bool = false) -> JSONObjectReader? {
        guard let value = value(key, required: required) else { return nil }
        return JSONObjectReader(value, file: file, path: childPath(key), problems: problems)
    }

    /// The elements of an array of strings with their positions; elements that are not strings are recorded and
    /// skipped.
    func strings(_ key: String) -> [(index: Int, value: String)]? {
        guard let value = value(key, required: false) else { return nil }
        guard case .array(let elements) = value else {
            problem(key, "expected an array of strings, got \(value.typeDescription)")
            return nil
        }
        return elements.enumerated().compactMap { offset, element in
            guard case .string(let text) = element else {
                problem("\(key)[\(offset)]", "expected a string, got \(element.typeDescription)")
                return nil
            }
            return (offset, text)
        }
    }

    /// The elements of an array of objects; elements that are not objects are recorded and skipped.
    func objects(_ key: String) -> [JSONObjectReader]? {
        guard let value = value(key, required: false) else { return nil }
        guard case .array(let elements) = value else {
            problem(key, "expected an array, got \(value.typeDescription)")
            return nil
        }
        return elements.enumerated().compactMap { offset, element in
            JSONObjectReader(element, file: file, path: "\(childPath(key))[\(offset)]", problems: problems)
        }
    }
}

/// The known key a misspelt `key` most likely meant: a few edits away (fewer for short keys), or a prefix of it
/// ("timeout" for "timeout_seconds").
func suggestion(for key: String, among known: [String]) -> String? {
    let allowedEdits = max(1, min(3, key.count / 3))
    if let close = known.min(by: { editDistance($0, key) < editDistance($1, key) }),
        editDistance(close, key) <= allowedEdits
    {
        return close
    }
    guard key.count >= 4 else { return nil }
    return known.first { $0.hasPrefix(key) || key.hasPrefix($0) }
}

func formatNumber(_ number: Double) -> String {
    number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}

/// Levenshtein distance, for "did you mean" hints on unknown keys.
func editDistance(_ one: String, _ two: String) -> Int {
    let first = Array(one)
    let second = Array(two)
    var previous = Array(0...second.count)
    for (row, left) in first.enumerated() {
        var current = [row + 1]
        for (column, right) in second.enumerated() {
            current.append(
                min(previous[column + 1] + 1, current[column] + 1, previous[column] + (left == right ? 0 : 1)))
        }
        previous = current
    }
    return previous[second.count]
}
