/// One field that differs between two versions of a document: a value added, removed or changed.
public struct FieldChange: Hashable, Sendable, Comparable {
    /// Where the field is: a dotted path whose list elements are named by their identifying key when they have
    /// one (`spec.templates[name=train].container.image`), else by index.
    public let path: String
    /// The old value in display form (strings as they are, anything else as compact JSON); nil when added.
    public let before: String?
    /// The new value in display form; nil when removed.
    public let after: String?

    public init(path: String, before: String?, after: String?) {
        self.path = path
        self.before = before
        self.after = after
    }

    public static func < (lhs: FieldChange, rhs: FieldChange) -> Bool { lhs.path < rhs.path }
}

extension JSONValue {
    /// How a value is shown in a diff: strings without quotes, everything else as compact, key-sorted JSON.
    public var displayText: String {
        if case .string(let text) = self { return text }
        return serialized(sortedKeys: true)
    }
}
