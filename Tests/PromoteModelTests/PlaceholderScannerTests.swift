import Foundation
import Testing

@testable import PromoteModel

/// `{{…}}` placeholders as the regular expression `\{\{.*?\}\}` finds them, in time linear in the text.
@Suite struct PlaceholderScannerTests {
    static func found(_ text: String) -> [String] {
        PlaceholderScanner.placeholders(in: text).map(\.text)
    }

    @Test func matchesLikeTheLazyRegularExpression() {
        #expect(Self.found("a {{x}} b {{ y }}") == ["{{x}}", "{{ y }}"])
        #expect(Self.found("{{{x}}}") == ["{{{x}}"])
        #expect(Self.found("{{a\n}} {{b}}") == ["{{b}}"])
        #expect(Self.found("{{ {{x}}") == ["{{ {{x}}"])
        #expect(Self.found("{{ no close\n{{yes}}") == ["{{yes}}"])
        #expect(Self.found("}} {{") == [])
    }

    /// Found by fuzzing: `"\r\n"` is one Swift Character, so a scan by Characters did not see the line end and
    /// matched across it. Go's regexp, like the scanner now, reads scalars.
    @Test func aCRLFLineEndEndsTheLineAndCombiningMarksDoNotHideBraces() {
        #expect(Self.found("{{a\r\n}} {{b}}") == ["{{b}}"])
        #expect(Self.found("{{a\r}}") == ["{{a\r}}"])
        #expect(Self.found("{{x}}\u{301}") == ["{{x}}"])
        #expect(Self.found("{\u{301}{x}}") == [])
        #expect(Self.found("{{é}}") == ["{{é}}"])
    }

    /// The input the fuzzer found it with (Fuzz/seeds/placeholders/crash-crlf), held to the fuzz target's checks.
    @Test func theFuzzersFindingKeepsEveryPlaceholderOnOneLine() throws {
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/seeds/placeholders/crash-crlf")
        let text = String(decoding: try Data(contentsOf: seed), as: UTF8.self)
        let found = PlaceholderScanner.placeholders(in: text)
        #expect(!found.isEmpty)
        for placeholder in found {
            let scalars = Array(placeholder.text.unicodeScalars)
            #expect(scalars.prefix(2).allSatisfy { $0 == "{" } && scalars.suffix(2).allSatisfy { $0 == "}" })
            #expect(!scalars.contains("\n"), "\(placeholder.text.debugDescription)")
        }
    }

    /// A line of 400,000 unclosed `{{` used to be rescanned from each of them: 10^11 steps.
    @Test func aLongLineOfUnclosedBracesIsScannedOnce() {
        let text = String(repeating: "{", count: 400_000) + "\n{{workflow.parameters.x}}"
        #expect(Self.found(text) == ["{{workflow.parameters.x}}"])
    }
}
