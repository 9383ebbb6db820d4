extension DeployConfigLoader {
    /// Applies `patch` to `target` as a JSON merge patch (RFC 7386): `null` deletes a member, objects merge
    /// recursively, anything else (arrays included) replaces the target value whole. Members keep the target's
    /// order; members the patch adds are appended in the patch's order.
    public static func mergePatch(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        var result = target.objectValue ?? JSONObject()
        for (key, value) in patchObject.members {
            if value.isNull {
                result[key] = nil
            } else {
                result[key] = mergePatch(result[key] ?? .null, value)
            }
        }
        return .object(result)
    }

    /// The JSON paths whose values (and everything under them) `patch` sets, replaces or deletes when applied to
    /// `target`; a problem under one of them comes from the overlay rather than the base file.
    static func pathsSet(byPatch patch: JSONValue, on target: JSONValue?, at path: String = "$") -> [String] {
        guard case .object(let patchObject) = patch, case .object(let targetObject) = target else { return [path] }
        return patchObject.members.flatMap { key, value in
            let child = "\(path).\(key)"
            guard case .object = value, case .object = targetObject[key] else { return [child] }
            return pathsSet(byPatch: value, on: targetObject[key], at: child)
        }
    }
}
