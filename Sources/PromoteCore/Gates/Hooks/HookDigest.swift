public import PromoteModel

extension Hook {
    /// `sha256:<hex>` of the hook's canonical definition (`{"name":…,"run":…,"timeout_seconds":…}`, compact, sorted
    /// keys): a recorded result counts only for the exact definition that produced it.
    public var digest: String {
        let definition: JSONValue = [
            "name": .string(name), "run": .string(run), "timeout_seconds": .int(timeoutSeconds),
        ]
        return "sha256:" + SHA256.hex(Array(definition.serialized(sortedKeys: true).utf8))
    }
}
