/// `--break-glass --reason TEXT`: pass a freeze window on the strength of a listed approver's signed approval of the
/// exact commit. Recorded with the promotion or deploy it let through.
public struct BreakGlass: Sendable, Equatable {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }
}
