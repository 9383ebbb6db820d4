import Foundation

/// A request's query parameters with percent-decoded keys, answering both spellings AI Core clients use: the
/// spec's `$top`/`$skip`/`$order` and the Python SDK's `top`/`skip`/`order` (ai-api.md §4).
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[key] = value
        }
    }

    private static func decode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }

    /// The value of `name`, or of `$name`, whichever the client sent; empty values count as absent.
    subscript(_ name: String) -> String? {
        let value = values[name] ?? values["$" + name]
        return value?.isEmpty == true ? nil : value
    }

    /// An integer parameter within the spec's bounds; anything else is a 400 naming the bounds.
    func integer(_ name: String, minimum: Int = 0, maximum: Int? = nil) throws(EmulatorError) -> Int? {
        guard let text = self[name] else { return nil }
        guard let number = Int(text), number >= minimum, maximum.map({ number <= $0 }) ?? true else {
            let bounds = maximum.map { "from \(minimum) to \($0)" } ?? "of at least \(minimum)"
            throw .badRequest("query parameter $\(name) must be an integer \(bounds), got '\(text)'", target: name)
        }
        return number
    }

    /// A parameter that must be one of the spec's enum values when given.
    func oneOf(_ name: String, _ allowed: [String]) throws(EmulatorError) -> String? {
        guard let value = self[name] else { return nil }
        guard allowed.contains(value) else {
            throw .badRequest(
                "query parameter \(name) must be one of \(allowed.joined(separator: ", ")), got '\(value)'",
                target: name)
        }
        return value
    }

    /// `True`/`true`/`1`, as Python and other clients send booleans.
    func flag(_ name: String) -> Bool {
        guard let text = self[name]?.lowercased() else { return false }
        return text == "true" || text == "1"
    }

    /// A comma-separated list (`executableIds=a,b`).
    func list(_ name: String) -> [String]? {
        self[name].map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
    }

    /// Applies `$top`/`$skip` after filtering; the count stays the filtered total (ai-api.md §7). `maximumTop` is
    /// the spec's maximum for the operation (100000 on `/lm`, none on `/admin`).
    func page<T>(_ items: [T], defaultTop: Int = 10_000, maximumTop: Int? = 100_000) throws(EmulatorError) -> [T] {
        let skip = try integer("skip") ?? 0
        let asked = try integer("top", maximum: maximumTop) ?? defaultTop
        let top = Self.pageLimit.map { min($0, asked) } ?? asked
        guard skip < items.count else { return [] }
        return Array(items[skip..<min(items.count, skip + top)])
    }

    /// The most items one answer holds (`--page-size`), whatever `$top` asks: set per request by the gateway, so
    /// tests can make clients page.
    @TaskLocal static var pageLimit: Int?

    /// The spec's `$select` on `/lm` lists and objects: only `status` is defined.
    func selectsStatus() throws(EmulatorError) -> Bool {
        try oneOf("select", ["status"]) != nil
    }
}
