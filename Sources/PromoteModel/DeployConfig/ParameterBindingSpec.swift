/// A value for one of the executable's input parameters. AI Core takes every parameter value as a string.
public struct ParameterBindingSpec: Hashable, Sendable {
    /// The template's parameter name.
    public let key: String
    public let value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
