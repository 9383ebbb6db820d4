import Foundation
import Testing

@testable import PromoteModel

@Suite struct JSONParserTests {
    func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }

    func syntaxError(_ text: String) -> JSONSyntaxError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func objectsKeepKeyOrder() throws {
        let value = try parse(#"{"zeta": 1, "alpha": {"y": true, "x": null}, "mid": [3, 2, 1]}"#)
        guard case .object(let object) = value else {
            Issue.record("expected an object, got \(value)")
            return
        }
        #expect(object.keys == ["zeta", "alpha", "mid"])
        #expect(object.members.map(\.key) == ["zeta", "alpha", "mid"])
        guard case .object(let nested) = object["alpha"] else {
            Issue.record("expected a nested object")
            return
        }
        #expect(nested.keys == ["y", "x"])
        #expect(object["mid"] == .array([.number(3), .number(2), .number(1)]))
    }

    @Test func unicodeEscapesAndSurrogatePairs() throws {
        #expect(try parse(#""caf\u00e9 \u4E2D \ud83d\ude00 \"q\" \\ \/ \n\t""#) == .string("café 中 😀 \"q\" \\ / \n\t"))
        #expect(try parse(#""raw ünïcödé 🚀""#) == .string("raw ünïcödé 🚀"))
        #expect(syntaxError(#""\ud83d""#) == JSONSyntaxError(message: "unpaired surrogate", line: 1, column: 8))
        #expect(
            syntaxError(#""\ud83d\u0041""#) == JSONSyntaxError(message: "invalid low surrogate", line: 1, column: 14))
        #expect(
            syntaxError(#""\u12G4""#)
                == JSONSyntaxError(message: "invalid \\u escape, expected four hex digits", line: 1, column: 4))
        #expect(syntaxError(#""\x""#) == JSONSyntaxError(message: "invalid escape sequence", line: 1, column: 4))
    }

    @Test func duplicateKeyReportsThePositionOfTheSecondKey() {
        let text = "{\n  \"name\": \"dev\",\n  \"branch\": \"main\",\n    \"name\": \"tst\"\n}\n"
        let error = syntaxError(text)
        #expect(error == JSONSyntaxError(message: "duplicate key \"name\"", line: 4, column: 5))
        #expect(error?.description == "line 4, column 5: duplicate key \"name\"")
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(
            syntaxError("{\"é😀\": 1 x}")
                == JSONSyntaxError(message: "unexpected 'x', expected ',' or '}'", line: 1, column: 10))
    }

    @Test func trailingGarbageIsRejected() {
        #expect(
            syntaxError("{}\n  x")
                == JSONSyntaxError(message: "unexpected 'x' after the end of the document", line: 2, column: 3))
        #expect(
            syntaxError("[1] [2]")
                == JSONSyntaxError(message: "unexpected '[' after the end of the document", line: 1, column: 5))
        #expect(throws: Never.self) { try parse(" {} \n\t ") }
    }

    @Test func strictSyntaxIsEnforced() {
        #expect(
            syntaxError(#"{"a": 1,}"#)
                == JSONSyntaxError(message: "trailing comma before '}'; remove it", line: 1, column: 8))
        #expect(
            syntaxError("[1,]") == JSONSyntaxError(message: "trailing comma before ']'; remove it", line: 1, column: 3))
        #expect(
            syntaxError("{\"a\": 1,\n  \"b\"}")
                == JSONSyntaxError(message: "unexpected '}', expected ':'", line: 2, column: 6))
        #expect(
            syntaxError("") == JSONSyntaxError(message: "unexpected end of file, expected a value", line: 1, column: 1))
        #expect(syntaxError(#""abc"#) == JSONSyntaxError(message: "unterminated string", line: 1, column: 5))
        #expect(
            syntaxError("\"a\tb\"")
                == JSONSyntaxError(
                    message: "control character in a string; escape it (\\n, \\t, \\u00XX)", line: 1, column: 3))
        #expect(syntaxError("nul") == JSONSyntaxError(message: "unexpected 'n', expected a value", line: 1, column: 1))
        let deep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        #expect(syntaxError(deep) == JSONSyntaxError(message: "nested more than 256 levels deep", line: 1, column: 257))
        #expect(throws: Never.self) {
            try parse(String(repeating: "[", count: 256) + String(repeating: "]", count: 256))
        }
    }

    @Test func numbers() throws {
        let value = try parse("[0, -0, 7, -12, 1.5, 1e3, -2.5E-2, 1E+2, 123456789012]")
        #expect(
            value
                == .array([
                    .number(0), .number(0), .number(7), .number(-12), .number(1.5), .number(1000), .number(-0.025),
                    .number(100), .number(123_456_789_012),
                ]))
        #expect(JSONValue.number(3).typeDescription == "an integer")
        #expect(JSONValue.number(3.25).typeDescription == "a number")
        #expect(
            syntaxError("01")
                == JSONSyntaxError(message: "unexpected '1' after the end of the document", line: 1, column: 2))
        #expect(
            syntaxError("1.")
                == JSONSyntaxError(message: "invalid number: digits expected after '.'", line: 1, column: 3))
        #expect(
            syntaxError("1e")
                == JSONSyntaxError(message: "invalid number: digits expected in exponent", line: 1, column: 3))
        #expect(syntaxError("-") == JSONSyntaxError(message: "invalid number", line: 1, column: 2))
        #expect(syntaxError("+1") == JSONSyntaxError(message: "unexpected '+', expected a value", line: 1, column: 1))
        #expect(syntaxError(".5") == JSONSyntaxError(message: "unexpected '.', expected a value", line: 1, column: 1))
        #expect(syntaxError("1e400") == JSONSyntaxError(message: "number out of range", line: 1, column: 6))
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try JSONValue(parsing: [0xEF, 0xBB, 0xBF] + Array(#"{"a": true}"#.utf8)) == parse(#"{"a": true}"#))
    }
}
