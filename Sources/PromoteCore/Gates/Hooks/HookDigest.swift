public import PromoteModel

extension Hook {
    /// `sha256:<hex>` of the hook's canonical definition (`{"name":…,"run":…,"timeout_seconds":…}`, plus `env`
    /// when it lists variables; compact, sorted keys): a recorded result counts only for the exact definition that
    /// produced it.
    public var digest: String {
        var definition: JSONValue = [
            "name": .string(name), "run": .string(run), "timeout_seconds": .int(timeoutSeconds),
        ]
        if !env.isEmpty, case .object(var fields) = definition {
            fields["env"] = .array(env.map(JSONValue.string))
            definition = .object(fields)
        }
        return "sha256:" + SHA256.hex(Array(definition.serialized(sortedKeys: true).utf8))
    }
}
