/// The most bytes promote (and the emulator) reads from each kind of file it is given. Anyone who can push to dev can
/// write these files, so none may be large enough to stall a pipeline; each limit is far above any real file.
/// Nesting is bounded separately: 256 levels for JSON (`JSONParser`), 256 for YAML (`YAMLAliasBudget`).
public struct InputLimit: Sendable, Equatable {
    /// What the file is, for the message: "a stage file".
    public let kind: String
    public let bytes: Int

    public static let stageFile = InputLimit(kind: "a stage file", bytes: 1 << 20)
    public static let deployConfig = InputLimit(kind: "a deploy config or overlay", bytes: 8 << 20)
    public static let template = InputLimit(kind: "a template file", bytes: 4 << 20)
    public static let ciSettings = InputLimit(kind: "cicd/ci.json", bytes: 1 << 20)
    public static let allowedSigners = InputLimit(kind: "stages/allowed_signers", bytes: 1 << 20)

    /// The problem with `count` bytes, naming the limit and what to do; nil when they fit.
    public func problem(_ count: Int) -> String? {
        guard count > bytes else { return nil }
        return "\(count) bytes, more than the \(bytes >> 20) MiB promote reads for \(kind); make it smaller "
            + "(real ones are a few KiB)"
    }
}
