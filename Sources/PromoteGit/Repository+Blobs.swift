internal import Clibgit2
public import Foundation

extension Repository {
    /// The ID `data` has as a blob, as `git hash-object` computes it; nothing is written.
    public static func blobID(of data: Data) throws(GitError) -> OID {
        var oid = git_oid()
        let result = data.withUnsafeBytes { bytes in
            git_odb_hash(&oid, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB)
        }
        try check(result, "git_odb_hash")
        return OID(oid)
    }

    /// The content of the blob `oid`: one object lookup, for callers that already listed the tree.
    public func blob(_ oid: OID) throws(GitError) -> Data {
        var raw = oid.raw
        var blob: OpaquePointer?
        let result = git_blob_lookup(&blob, pointer, &raw)
        if result == GitCode.notFound { throw .revisionNotFound(oid.hex) }
        try check(result, "git_blob_lookup")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: content, count: size)
    }

    /// Stores `data` as a blob (a no-op when it exists) and returns its ID.
    @discardableResult
    public func writeBlob(_ data: Data) throws(GitError) -> OID {
        var oid = git_oid()
        let result = data.withUnsafeBytes { bytes in
            git_blob_create_from_buffer(&oid, pointer, bytes.baseAddress, bytes.count)
        }
        try check(result, "git_blob_create_from_buffer")
        return OID(oid)
    }
}
