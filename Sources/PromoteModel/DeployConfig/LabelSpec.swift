/// An AI Core label on an artifact; the key is `ext.ai.sap.com/<name>`.
public struct LabelSpec: Hashable, Sendable {
    public let key: String
    public let value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
