internal import CYaml

/// Guards the YAML parser against alias bombs and deep nesting ("billion laughs"): a few hundred bytes of nested anchors and aliases
/// that expand to billions of nodes, which hung plan, promote and deploy at 4 GB. Before Yams composes a document,
/// libyaml's events are walked once, in linear time, adding up how many nodes the document stands for once every
/// alias is expanded (an alias counts as the whole node it names). Yams's composer shares aliased nodes, but reading
/// the tree (and Yams's own duplicate-key check) visits each expansion, so that count is the work to come.
enum YAMLAliasBudget {
    /// No AI Core template comes near this; real ones have a few hundred nodes.
    static let maximumExpandedNodes = 1_000_000
    static let maximumAliases = 10_000
    /// Real templates nest a dozen levels; deeper nesting only costs stack in the readers that follow.
    static let maximumDepth = 256

    struct Exceeded: Error, Equatable {
        let line: Int
        let problem: String
    }

    /// Throws when the text's documents, expanded, exceed the limits. Syntax errors are left to Yams.
    static func check(_ text: String) throws(Exceeded) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(Exceeded) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            try walk(&parser)
        }
    }

    private static func walk(_ parser: inout yaml_parser_t) throws(Exceeded) {
        // The expanded size of each open collection, and of each anchor once its node is complete.
        var open: [(size: Int, anchor: String?)] = []
        var anchors: [String: Int] = [:]
        var expanded = 0  // nodes counted so far, every alias as its whole node
        var aliases = 0
        func count(_ nodes: Int, line: Int) throws(Exceeded) {
            expanded += nodes
            // Without aliases the work is linear in the text, however large (size limits are elsewhere).
            if expanded > maximumExpandedNodes && aliases > 0 {
                throw Exceeded(
                    line: line,
                    problem: "excessive aliasing: the document expands to more than \(maximumExpandedNodes) nodes")
            }
        }
        func nest(line: Int) throws(Exceeded) {
            guard open.count < maximumDepth else {
                throw Exceeded(line: line, problem: "nested more than \(maximumDepth) levels deep")
            }
        }
        func finished(_ size: Int, anchor: String?) {
            if let anchor { anchors[anchor] = size }
            if !open.isEmpty { open[open.count - 1].size += size }
        }
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_SCALAR_EVENT:
                try count(1, line: line)
                finished(1, anchor: string(event.data.scalar.anchor))
            case YAML_ALIAS_EVENT:
                aliases += 1
                if aliases > maximumAliases {
                    throw Exceeded(line: line, problem: "excessive aliasing: more than \(maximumAliases) aliases")
                }
                // An undefined alias is Yams's error to report.
                let size = string(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1
                try count(size, line: line)
                finished(size, anchor: nil)
            case YAML_SEQUENCE_START_EVENT:
                try count(1, line: line)
                try nest(line: line)
                open.append((1, string(event.data.sequence_start.anchor)))
            case YAML_MAPPING_START_EVENT:
                try count(1, line: line)
                try nest(line: line)
                open.append((1, string(event.data.mapping_start.anchor)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let node = open.popLast() else { return }
                finished(node.size, anchor: node.anchor)
            default:
                continue
            }
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
