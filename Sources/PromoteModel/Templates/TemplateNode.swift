import Yams

/// A parsed YAML (or JSON) tree with the line of every node: what the template readers work on. It keeps Yams out
/// of everything but the parsing, and its scalars keep their YAML text, so that a default written `0.01` stays
/// `"0.01"` and a label written `1.0` can be told apart from one written `"1.0"`.
struct TemplateNode: Sendable, Equatable {
    /// What YAML resolved a scalar to. Kubernetes converts YAML to JSON before applying it, so this is the type
    /// the API server sees.
    enum ScalarKind: Sendable, Equatable {
        case string
        case number(Double)
        case bool(Bool)
        case null
    }

    struct Member: Sendable, Equatable {
        let key: String
        let value: TemplateNode
    }

    enum Content: Sendable, Equatable {
        case scalar(String, ScalarKind)
        case mapping([Member])
        case sequence([TemplateNode])
    }

    var content: Content
    /// 1-based line where the node starts, when known.
    var line: Int?
    /// A literal (`|`) or folded (`>`) scalar, whose text starts on the line after `line`.
    var isBlockScalar = false

    init(_ content: Content, line: Int?, isBlockScalar: Bool = false) {
        self.content = content
        self.line = line
        self.isBlockScalar = isBlockScalar
    }

    // MARK: Reading

    /// The members of a mapping; nil for any other node.
    var members: [Member]? {
        if case .mapping(let members) = content { members } else { nil }
    }

    /// The elements of a sequence; nil for any other node.
    var elements: [TemplateNode]? {
        if case .sequence(let elements) = content { elements } else { nil }
    }

    /// The value of `key` in a mapping.
    subscript(key: String) -> TemplateNode? {
        members?.first { $0.key == key }?.value
    }

    /// The text of a scalar YAML resolved to a string.
    var string: String? {
        if case .scalar(let text, .string) = content { text } else { nil }
    }

    /// The text of any scalar as written (quotes and escapes removed); nil for `null` and for collections.
    var scalarText: String? {
        switch content {
        case .scalar(_, .null): nil
        case .scalar(let text, _): text
        case .mapping, .sequence: nil
        }
    }

    /// Whether this is an explicit or implicit YAML null (`~`, `null`, or nothing at all).
    var isNull: Bool {
        if case .scalar(_, .null) = content { true } else { false }
    }

    /// The YAML type, as error messages name it.
    var typeDescription: String {
        switch content {
        case .scalar(_, .string): "a string"
        case .scalar(_, .number): "a number"
        case .scalar(_, .bool): "a boolean"
        case .scalar(_, .null): "null"
        case .mapping: "a map"
        case .sequence: "a list"
        }
    }

    /// The node with the value at `keys` replaced; unchanged when a key on the way is missing.
    func replacing(at keys: ArraySlice<String>, with replacement: TemplateNode) -> TemplateNode {
        guard let key = keys.first else { return replacement }
        guard let members else { return self }
        let replaced = members.map { member in
            member.key == key
                ? Member(key: key, value: member.value.replacing(at: keys.dropFirst(), with: replacement)) : member
        }
        return TemplateNode(.mapping(replaced), line: line, isBlockScalar: isBlockScalar)
    }

    // MARK: JSON

    /// The tree as Kubernetes sees it after converting the YAML to JSON, with map keys sorted so that key order is
    /// not a difference.
    var json: JSONValue {
        switch content {
        case .scalar(let text, .string): .string(text)
        case .scalar(_, .number(let value)): .number(value)
        case .scalar(_, .bool(let value)): .bool(value)
        case .scalar(_, .null): .null
        case .sequence(let elements): .array(elements.map(\.json))
        case .mapping(let members):
            .object(
                members.sorted { $0.key < $1.key }.reduce(into: JSONObject()) { object, member in
                    object[member.key] = member.value.json
                })
        }
    }
}

// MARK: - Building from Yams and JSON

extension TemplateNode {
    /// Converts a Yams node. `lineOffset` is added to every line (for YAML embedded in a string); `lines` false
    /// drops the lines when they cannot be mapped back to the file; `restore` rewrites every scalar and key text
    /// (to put back placeholders that were replaced before parsing).
    init(_ node: Node, lineOffset: Int = 0, lines: Bool = true, restore: (String) -> String = { $0 }) {
        let line = lines ? node.mark.map { $0.line + lineOffset } : nil
        switch node {
        case .scalar(let scalar):
            let text = restore(scalar.string)
            let isBlock = scalar.style == .literal || scalar.style == .folded
            self.init(.scalar(text, Self.kind(of: node)), line: line, isBlockScalar: isBlock)
        case .mapping(let mapping):
            let members = mapping.map { pair in
                Member(
                    key: restore(pair.key.scalar?.string ?? "\(pair.key)"),
                    value: TemplateNode(pair.value, lineOffset: lineOffset, lines: lines, restore: restore))
            }
            self.init(.mapping(members), line: line)
        case .sequence(let sequence):
            let elements = sequence.map { TemplateNode($0, lineOffset: lineOffset, lines: lines, restore: restore) }
            self.init(.sequence(elements), line: line)
        case .alias(let alias):
            // Yams resolves aliases while composing; an unresolved one can only be kept as its anchor's name.
            self.init(.scalar("*" + alias.anchor.rawValue, .string), line: line)
        }
    }

    /// Resolves a scalar's type the way YAML 1.1 (go-yaml, which Kubernetes uses) does for the common cases.
    /// Timestamps, binary data and other tags stay strings: Kubernetes converts them to JSON strings too.
    static func kind(of node: Node) -> ScalarKind {
        switch node.tag.rawValue {
        case Tag.Name.int.rawValue:
            if let value = node.int { return .number(Double(value)) }
        case Tag.Name.float.rawValue:
            if let value = node.float, value.isFinite { return .number(value) }
        case Tag.Name.bool.rawValue:
            if let value = node.bool { return .bool(value) }
        case Tag.Name.null.rawValue:
            return .null
        default:
            break
        }
        return .string
    }

    /// Converts a JSON value, which carries no lines; used only for JSON that Yams cannot read.
    init(_ value: JSONValue) {
        switch value {
        case .null: self.init(.scalar("null", .null), line: nil)
        case .bool(let flag): self.init(.scalar(flag ? "true" : "false", .bool(flag)), line: nil)
        case .number(let number):
            let text = number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
            self.init(.scalar(text, .number(number)), line: nil)
        case .string(let text): self.init(.scalar(text, .string), line: nil)
        case .array(let elements): self.init(.sequence(elements.map(TemplateNode.init)), line: nil)
        case .object(let object):
            self.init(.mapping(object.members.map { Member(key: $0.key, value: TemplateNode($0.value)) }), line: nil)
        }
    }
}
