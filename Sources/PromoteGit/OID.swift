internal import Clibgit2

/// A git object id, kept as its 40-digit hex form so no C type leaves this module.
public struct OID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let hex: String

    /// Accepts a full 40-digit hex id (libgit2 1.5 to 1.7 use SHA-1 object ids).
    public init?(hex: String) {
        guard hex.count == 40, hex.allSatisfy(\.isHexDigit) else { return nil }
        self.hex = hex.lowercased()
    }

    init(_ oid: git_oid) {
        var copy = oid
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, buffer.count, &copy)
        hex = String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    /// The 7-digit abbreviation git prints by default.
    public var short: String { String(hex.prefix(7)) }
    public var description: String { hex }

    public static func < (lhs: OID, rhs: OID) -> Bool { lhs.hex < rhs.hex }

    var raw: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstr(&oid, hex)
        return oid
    }
}
