public import Foundation

/// A refusal by promote's rules (a hold, a freeze window): the command changed nothing and exits 2.
public struct StageRefusal: Error, LocalizedError, Equatable, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var errorDescription: String? { message }
}
