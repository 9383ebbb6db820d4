import Testing

@testable import PromoteModel

/// `DeployConfigLoader.mergePatch` against RFC 7386.
@Suite struct DeployConfigMergePatchTests {
    /// RFC 7386 Appendix A, every example: original, patch, result.
    static let rfcVectors: [(original: String, patch: String, result: String)] = [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, #"null"#, #"null"#),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ]

    @Test(arguments: rfcVectors.indices)
    func rfc7386AppendixA(index: Int) throws {
        let vector = Self.rfcVectors[index]
        let original = try JSONValue(parsing: Array(vector.original.utf8))
        let patch = try JSONValue(parsing: Array(vector.patch.utf8))
        let merged = DeployConfigLoader.mergePatch(original, patch)
        #expect(merged.serialized() == vector.result)
        #expect(merged == (try JSONValue(parsing: Array(vector.result.utf8))))
    }

    @Test func rfcVectorsAreAllThere() {
        #expect(Self.rfcVectors.count == 15)
    }

    /// Members keep the target's order, a replaced member keeps its place, and new members follow in the patch's
    /// order.
    @Test func keyOrder() throws {
        let target = try JSONValue(parsing: Array(#"{"z":1,"a":{"y":1,"b":2},"m":3,"c":4}"#.utf8))
        let patch = try JSONValue(
            parsing: Array(#"{"new2":0,"a":{"b":null,"x":9,"y":5},"m":null,"z":[2],"new1":0}"#.utf8))
        #expect(
            DeployConfigLoader.mergePatch(target, patch).serialized()
                == #"{"z":[2],"a":{"y":5,"x":9},"c":4,"new2":0,"new1":0}"#)
    }

    /// A key deleted and then added back by a later patch goes to the end.
    @Test func deletedKeyComesBackAtTheEnd() {
        let target: JSONValue = ["a": 1, "b": 2]
        let once = DeployConfigLoader.mergePatch(target, ["a": nil])
        #expect(DeployConfigLoader.mergePatch(once, ["a": 3]).serialized() == #"{"b":2,"a":3}"#)
    }

    /// The patch's members are not merged into a non-object target: it is replaced by the patch, nulls removed.
    @Test func objectPatchReplacesNonObject() {
        let merged = DeployConfigLoader.mergePatch(["a": [1, 2]], ["a": ["b": nil, "c": ["d": nil]]])
        #expect(merged.serialized() == #"{"a":{"c":{}}}"#)
    }
}
