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
