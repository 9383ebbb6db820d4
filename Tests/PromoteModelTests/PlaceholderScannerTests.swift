import Testing

@testable import PromoteModel

/// `{{…}}` placeholders as the regular expression `\{\{.*?\}\}` finds them, in time linear in the text.
@Suite struct PlaceholderScannerTests {
    static func found(_ text: String) -> [String] {
        PlaceholderScanner.ranges(in: text).map { String(text[$0]) }
    }

    @Test func matchesLikeTheLazyRegularExpression() {
        #expect(Self.found("a {{x}} b {{ y }}") == ["{{x}}", "{{ y }}"])
        #expect(Self.found("{{{x}}}") == ["{{{x}}"])
        #expect(Self.found("{{a\n}} {{b}}") == ["{{b}}"])
        #expect(Self.found("{{ {{x}}") == ["{{ {{x}}"])
        #expect(Self.found("{{ no close\n{{yes}}") == ["{{yes}}"])
        #expect(Self.found("}} {{") == [])
    }

    /// A line of 400,000 unclosed `{{` used to be rescanned from each of them: 10^11 steps.
    @Test func aLongLineOfUnclosedBracesIsScannedOnce() {
        let text = String(repeating: "{", count: 400_000) + "\n{{workflow.parameters.x}}"
        #expect(Self.found(text) == ["{{workflow.parameters.x}}"])
    }
}
