import Foundation
import Testing
import Yams

@testable import PromoteModel

/// `PlainYAMLComposer` must build exactly the nodes Yams's composition gives wherever it reads a text, and give up on
/// everything else (so that Yams reports errors and reads anchors, aliases, tags and repeated keys).
@Suite struct PlainYAMLComposerTests {
    /// Every template file of the corpus, good and bad: path and text.
    static let corpusTexts: [(path: String, text: String)] = {
        guard let corpus = Bundle.module.url(forResource: "TemplateCorpus", withExtension: nil),
            let paths = FileManager.default.enumerator(atPath: corpus.path)?.allObjects as? [String]
        else { return [] }
        return paths.filter { [".yaml", ".yml", ".json"].contains(where: $0.hasSuffix) }.sorted().compactMap { path in
            (try? Data(contentsOf: corpus.appendingPathComponent(path))).flatMap { String(data: $0, encoding: .utf8) }
                .map { (path, $0) }
        }
    }()

    /// Plain YAML with every kind of scalar YAML 1.1 resolves (and look-alikes that stay strings).
    static let plainDocuments = [
        """
        # a comment
        ints: [0, 7, -12, +3, 0b101, 0o17, 017, 0x1F, 1_000, 190:20:30, 08, 0x, 1__0]
        floats: [1.5, -0.001, 1e3, 1.5e+3, .5, 6.8523015e+5, 685.230_15e+03, 190:20:30.15, .inf, -.Inf, +.INF, .nan, .NaN]
        bools: [yes, No, ON, off, True, FALSE, y, n, Yes!, "true", 'no']
        nulls: [~, null, Null, NULL, nul, "null"]
        others: [<<, =, 2001-12-14, 2001-12-14t21:59:43.10-05:00, "<<", 1.0, "1.0", 1.2.3, v1, -, +, ., 0.0.0]
        strings: [plain text, "double \\u00e9\\n", 'single ''quoted''', émoji 🚀, a:b, key with spaces]
        empty:
        nested: {a: {b: [1, {c: d}]}, e: []}
        """,
        """
        literal: |
          line one
            indented: 1
          {{inputs.parameters.x}}
        folded: >-
          folded
          text
        keep: |+
          kept

        multi: a plain
          scalar on

          three lines
        """,
        "---\nkind: One\n---\n---\n- two\n- 3\n...\n--- plain\n",
        "",
        "# only a comment\n",
        "just a scalar",
        "{\"json\": [1, 2.5, true, null, \"s\"], \"nested\": {\"k\": \"v\"}}",
        "? plain key\n: value\n\"quoted key\": 1\n'1': one\n2: two\n",
    ]

    /// Texts the composer leaves to Yams: errors, anchors, aliases, tags, complex and repeated keys.
    static let notPlain = [
        "a: &anchor 1\nb: *anchor\n",
        "a: !!str 1\n",
        "a: !custom x\n",
        "! a: 1\n",
        "--- !!map\na: 1\n",
        "? [complex, key]\n: value\n",
        "a: 1\na: 2\n",
        "a: 1\n\"a\": 2\n",
        "a: [1, 2\n",
        "a: b: c\n",
        "\ta: 1\n",
        "a: \"\\uFEFFbom\"\n",
        String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
    ]

    @Test(arguments: plainDocuments)
    func composesPlainYAMLAsYamsDoes(_ text: String) throws {
        let plain = try #require(PlainYAMLComposer.documents(text), "the composer gave up on plain YAML")
        #expect(plain == (try TemplateParser.composedByYams(text)))
        // As embedded YAML is read: lines shifted or absent, placeholders restored.
        let restore: (String) -> String = { $0.replacingOccurrences(of: "a", with: "{{x}}") }
        #expect(
            PlainYAMLComposer.documents(text, lineOffset: 41, restore: restore)
                == (try TemplateParser.composedByYams(text, lineOffset: 41, restore: restore)))
        #expect(
            PlainYAMLComposer.documents(text, lines: false)
                == (try TemplateParser.composedByYams(text, lines: false)))
    }

    @Test(arguments: notPlain)
    func leavesEverythingElseToYams(_ text: String) {
        #expect(PlainYAMLComposer.documents(text) == nil)
    }

    @Test func givesUpBeyondTheDocumentLimit() throws {
        #expect(PlainYAMLComposer.documents("a: 1\n---\nb: 2\n", maximumDocuments: 1) == nil)
        #expect(try #require(PlainYAMLComposer.documents("a: 1\n", maximumDocuments: 1)).count == 1)
        #expect(PlainYAMLComposer.documents("", maximumDocuments: 1) == [])
    }

    /// The corpus templates, and every string in them (embedded YAML among them), read as Yams reads them.
    @Test func readsTheCorpusAsYamsDoes() throws {
        #expect(Self.corpusTexts.count >= 50)
        var plainFiles = 0
        var plainStrings = 0
        for (path, text) in Self.corpusTexts {
            guard let plain = PlainYAMLComposer.documents(text) else { continue }
            plainFiles += 1
            let yams = try TemplateParser.composedByYams(text)
            #expect(plain == yams, "\(path)")
            for string in yams.flatMap(\.strings) {
                guard let inner = PlainYAMLComposer.documents(string, lineOffset: 9) else { continue }
                plainStrings += 1
                #expect(inner == (try? TemplateParser.composedByYams(string, lineOffset: 9)), "in \(path): \(string)")
            }
        }
        // Most of the corpus is plain (its bad files have problems AI Core finds, rarely YAML errors).
        #expect(plainFiles >= 50, "plain files: \(plainFiles)")
        #expect(plainStrings >= 100, "plain strings: \(plainStrings)")
    }

    /// Random short plain scalars built from the characters the resolver's expressions look at: whenever the
    /// shortcut says "a string", Yams's resolver says so too.
    @Test func certainStringsAreStringsToYams() {
        let alphabet = Array("yesnotrufalNULLOFxb0179_:.-+eEi~<=TZ é\u{2028}\u{85}\u{0B}\t\n")
        var generator = SplitMix64(seed: 20)
        var certain = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 7)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            guard PlainYAMLComposer.isCertainlyString(text) else { continue }
            certain += 1
            #expect(Resolver.default.resolveTag(of: Node(text)) == .str, "\(text.debugDescription)")
        }
        #expect(certain > 5_000)
        for word in ["yes", "No", "ON", "null", "~", "", "0", ".inf", "<<", "=", "2001-12-14", "true\n"] {
            #expect(!PlainYAMLComposer.isCertainlyString(word))
        }
    }
}

/// A small seeded generator, so the random cases are the same on every run.
private struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension TemplateNode {
    /// Every string scalar in the tree.
    fileprivate var strings: [String] {
        switch content {
        case .scalar(let text, .string): [text]
        case .scalar: []
        case .mapping(let members): members.flatMap(\.value.strings)
        case .sequence(let elements): elements.flatMap(\.strings)
        }
    }
}
