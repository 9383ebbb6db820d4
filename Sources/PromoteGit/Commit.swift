internal import Clibgit2
public import Foundation

/// A person and a moment, copied out of a libgit2 signature.
public struct Signature: Hashable, Sendable {
    public let name: String
    public let email: String
    public let time: Date
    /// Offset from UTC in minutes, as recorded in the commit.
    public let timeZoneOffsetMinutes: Int

    public init(name: String, email: String, time: Date = Date(), timeZoneOffsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
    }

    init(_ signature: UnsafePointer<git_signature>) {
        let value = signature.pointee
        name = value.name.map { String(cString: $0) } ?? ""
        email = value.email.map { String(cString: $0) } ?? ""
        time = Date(timeIntervalSince1970: TimeInterval(value.when.time))
        timeZoneOffsetMinutes = Int(value.when.offset)
    }

    /// "Name <email>", the form git prints.
    public var identity: String { "\(name) <\(email)>" }
}

/// Commit metadata, copied out of libgit2.
public struct Commit: Hashable, Sendable {
    public let oid: OID
    public let parents: [OID]
    public let author: Signature
    public let committer: Signature
    public let message: String

    /// The first line of the message.
    public var summary: String {
        String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    public var isMerge: Bool { parents.count > 1 }

    init(_ commit: OpaquePointer) {
        oid = OID(git_commit_id(commit))
        parents = (0..<git_commit_parentcount(commit)).compactMap { index in
            git_commit_parent_id(commit, index).map(OID.init)
        }
        author = Signature(git_commit_author(commit))
        committer = Signature(git_commit_committer(commit))
        message = git_commit_message(commit).map { String(cString: $0) } ?? ""
    }
}
