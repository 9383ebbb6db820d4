internal import CYaml
import Yams

/// Composes plain YAML (no anchors, aliases, explicit tags, complex or repeated keys: what templates are written
/// with) straight from libyaml's events into `TemplateNode`s, exactly as `TemplateNode(_:lineOffset:lines:restore:)`
/// converts Yams's composition of the same text. Yams resolves every plain scalar, keys included, against seven
/// regular expressions and hashes every key to find duplicates; that was most of the time a cold `promote plan`
/// spent parsing. Anything else (errors included) makes it give up, and the caller composes with Yams, so messages
/// and edge cases stay Yams's.
enum PlainYAMLComposer {
    /// The documents of `text`, or nil when it is not plain YAML or has an error. Also nil when more than
    /// `maximumDocuments` documents are there.
    static func documents(
        _ text: String, maximumDocuments: Int = .max, lineOffset: Int = 0, lines: Bool = true,
        restore: @escaping (String) -> String = { $0 }
    ) -> [TemplateNode]? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        // As Yams sets it for `Parser(yaml:encoding: .utf8)`.
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var reader = Reader(parser: &parser, lineOffset: lineOffset, lines: lines, restore: restore)
            return reader.documents(maximum: maximumDocuments)
        }
    }

    /// Whether YAML 1.1 (Yams's default resolver) resolves the plain scalar `text` to a string for certain, without
    /// running the resolver's expressions. Their matches all start with one of `-+.0-9<=~`, or are one of the
    /// words below. ICU's `$` also matches before a line terminator at the end, so text with a control character,
    /// NEL, LS or PS is left to the resolver.
    static func isCertainlyString(_ text: String) -> Bool {
        guard let first = text.utf8.first, !specialFirstBytes.contains(first) else { return false }
        if text.utf8.contains(where: { $0 < 0x20 }) { return false }
        if text.utf8.contains(where: { $0 >= 0x80 }),
            text.unicodeScalars.contains(where: { $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" })
        {
            return false
        }
        return !resolvedWords.contains(text)
    }

    private static let specialFirstBytes = Set("-+.0123456789<=~".utf8)
    /// The bool and null words of Yams's default resolver.
    private static let resolvedWords: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON",
        "off", "Off", "OFF", "null", "Null", "NULL",
    ]

    private struct Reader {
        /// What the next event starts: a node, or the end of the collection being read.
        enum Next {
            case node(TemplateNode)
            case end
        }

        /// What the next event in a mapping is: a key, or the end of the mapping.
        enum Key {
            case text(String)
            case end
        }

        let parser: UnsafeMutablePointer<yaml_parser_t>
        let lineOffset: Int
        let lines: Bool
        let restore: (String) -> String
        /// Open collections; beyond YAMLAliasBudget's limit the budget check has a message to give.
        var depth = 0

        init(
            parser: UnsafeMutablePointer<yaml_parser_t>, lineOffset: Int, lines: Bool,
            restore: @escaping (String) -> String
        ) {
            self.parser = parser
            self.lineOffset = lineOffset
            self.lines = lines
            self.restore = restore
        }

        mutating func documents(maximum: Int) -> [TemplateNode]? {
            guard eventType() == YAML_STREAM_START_EVENT else { return nil }
            var roots: [TemplateNode] = []
            while true {
                switch eventType() {
                case YAML_STREAM_END_EVENT:
                    return roots
                case YAML_DOCUMENT_START_EVENT where roots.count < maximum:
                    guard case .node(let root) = next(), eventType() == YAML_DOCUMENT_END_EVENT else { return nil }
                    roots.append(root)
                default:
                    return nil
                }
            }
        }

        /// The type of the next event, for events that hold nothing else this reader needs; nil on an error.
        private func eventType() -> yaml_event_type_t? {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            return event.type
        }

        /// nil on an error or anything but plain YAML.
        private mutating func next() -> Next? {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let line = lines ? Int(event.start_mark.line) + 1 + lineOffset : nil
            switch event.type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                guard scalar.anchor == nil, scalar.tag == nil, let text = Self.text(scalar.value, scalar.length)
                else { return nil }
                // Yams gives a quoted or block scalar the str tag and resolves a plain one.
                let kind: TemplateNode.ScalarKind =
                    scalar.quoted_implicit == 1 || PlainYAMLComposer.isCertainlyString(text)
                    ? .string : TemplateNode.kind(of: Node.scalar(Node.Scalar(text)))
                let isBlock = scalar.style == YAML_LITERAL_SCALAR_STYLE || scalar.style == YAML_FOLDED_SCALAR_STYLE
                return .node(TemplateNode(.scalar(restore(text), kind), line: line, isBlockScalar: isBlock))
            case YAML_SEQUENCE_START_EVENT:
                let start = event.data.sequence_start
                guard start.anchor == nil, start.tag == nil, start.implicit != 0, enter() else { return nil }
                defer { depth -= 1 }
                var elements: [TemplateNode] = []
                while true {
                    switch next() {
                    case .node(let element): elements.append(element)
                    case .end: return .node(TemplateNode(.sequence(elements), line: line))
                    case nil: return nil
                    }
                }
            case YAML_MAPPING_START_EVENT:
                let start = event.data.mapping_start
                guard start.anchor == nil, start.tag == nil, start.implicit != 0, enter() else { return nil }
                defer { depth -= 1 }
                var members: [TemplateNode.Member] = []
                var keys = Set<String>()
                while true {
                    switch key() {
                    case .text(let key):
                        // Yams reports a repeated key, with its own message.
                        guard keys.insert(key).inserted, case .node(let value) = next() else { return nil }
                        members.append(TemplateNode.Member(key: restore(key), value: value))
                    case .end: return .node(TemplateNode(.mapping(members), line: line))
                    case nil: return nil
                    }
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                return .end
            default:
                // An alias.
                return nil
            }
        }

        /// nil on an error or a key that is not an untagged scalar.
        private func key() -> Key? {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_MAPPING_END_EVENT { return .end }
            let scalar = event.data.scalar
            guard event.type == YAML_SCALAR_EVENT, scalar.anchor == nil, scalar.tag == nil,
                let text = Self.text(scalar.value, scalar.length)
            else { return nil }
            return .text(text)
        }

        private mutating func enter() -> Bool {
            guard depth < YAMLAliasBudget.maximumDepth else { return false }
            depth += 1
            return true
        }

        /// A scalar's text; nil when it starts with a byte order mark, which Foundation's decoding (what Yams uses)
        /// may drop.
        private static func text(_ value: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String? {
            let bytes = UnsafeBufferPointer(start: value, count: length)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
