internal import Clibgit2
import Foundation

/// libgit2 must be initialised once per process before any other call.
enum Libgit2 {
    private static let initialised: Bool = {
        git_libgit2_init()
        return true
    }()

    static func ensureInitialised() {
        _ = initialised
    }
}

extension Array where Element == String {
    /// Calls `body` with a `git_strarray` that borrows these strings for the duration of the call.
    func withGitStrArray<Result>(_ body: (inout git_strarray) throws -> Result) rethrows -> Result {
        let cStrings = map { strdup($0) }
        defer { for pointer in cStrings { free(pointer) } }
        var pointers: [UnsafeMutablePointer<CChar>?] = cStrings
        return try pointers.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return try body(&array)
        }
    }
}
