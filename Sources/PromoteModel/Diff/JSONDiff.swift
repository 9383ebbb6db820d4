/// A structural comparison of two JSON trees: what a semantic diff reports once formatting, key order and comments
/// are gone.
public enum JSONDiff {
    /// The keys that name a list element, tried in this order; a list whose elements all carry one of them, with
    /// distinct values, is compared element by element by that name rather than by position.
    static let identifyingKeys = ["name", "key"]

    /// Every leaf-level difference between `old` and `new`, sorted by path. Objects are compared key by key; a list
    /// of named elements by name; other lists by position; a value whose type changed is one change.
    public static func changes(from old: JSONValue?, to new: JSONValue?, at path: String = "") -> [FieldChange] {
        valueChanges(from: old, to: new, at: path).map {
            FieldChange(path: $0.path, before: $0.before?.displayText, after: $0.after?.displayText)
        }
    }

    /// A difference with the values themselves rather than their display form.
    struct ValueChange {
        let path: String
        /// Nil when added.
        let before: JSONValue?
        /// Nil when removed.
        let after: JSONValue?
    }

    /// `changes(from:to:at:)` with the values, sorted by path.
    static func valueChanges(from old: JSONValue?, to new: JSONValue?, at path: String = "") -> [ValueChange] {
        var changes: [ValueChange] = []
        collect(old, new, path, into: &changes)
        return changes.sorted { $0.path < $1.path }
    }

    private static func collect(
        _ old: JSONValue?, _ new: JSONValue?, _ path: String, into changes: inout [ValueChange]
    ) {
        if old == new { return }
        switch (old, new) {
        case (.object(let before)?, .object(let after)?):
            let keys = Set(before.keys).union(after.keys).sorted()
            for key in keys {
                collect(before[key], after[key], join(path, key), into: &changes)
            }
        case (.array(let before)?, .array(let after)?):
            if let key = sharedIdentifyingKey(before, after) {
                let oldByName = Dictionary(before.map { ($0[key]?.displayText ?? "", $0) }, uniquingKeysWith: { a, _ in a })
                let newByName = Dictionary(after.map { ($0[key]?.displayText ?? "", $0) }, uniquingKeysWith: { a, _ in a })
                for name in Set(oldByName.keys).union(newByName.keys).sorted() {
                    collect(oldByName[name], newByName[name], "\(path)[\(key)=\(name)]", into: &changes)
                }
            } else {
                for index in 0..<max(before.count, after.count) {
                    // `.none`, not `nil`: JSONValue is ExpressibleByNilLiteral, so a bare `nil` in these
                    // conditionals is `.null`, and an element removed from (or added to) the end would read as
                    // changed to (or from) null, or not at all when it was null.
                    let one = before.indices.contains(index) ? Optional.some(before[index]) : Optional.none
                    let two = after.indices.contains(index) ? Optional.some(after[index]) : Optional.none
                    collect(one, two, "\(path)[\(index)]", into: &changes)
                }
            }
        default:
            changes.append(ValueChange(path: path.isEmpty ? "$" : path, before: old, after: new))
        }
    }

    /// The paths `collect` gives the elements of `list` at `path`: by name when they all have a distinct one, else
    /// by index.
    static func elementPaths(_ list: [JSONValue], at path: String) -> [String] {
        guard let key = sharedIdentifyingKey(list, list) else { return list.indices.map { "\(path)[\($0)]" } }
        return list.map { "\(path)[\(key)=\($0[key]?.displayText ?? "")]" }
    }

    /// The identifying key every element of both lists has, with no name used twice in either list.
    private static func sharedIdentifyingKey(_ one: [JSONValue], _ two: [JSONValue]) -> String? {
        let all = one + two
        guard !all.isEmpty else { return nil }
        return identifyingKeys.first { key in
            let unique: ([JSONValue]) -> Bool = { list in
                let names = list.compactMap { $0[key]?.stringValue }
                return names.count == list.count && Set(names).count == names.count
            }
            return unique(one) && unique(two)
        }
    }

    static func join(_ path: String, _ key: String) -> String {
        let simple = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        let component = simple ? key : "[\"\(key)\"]"
        if path.isEmpty { return simple ? key : component }
        return simple ? "\(path).\(key)" : "\(path)\(component)"
    }
}
