public import Foundation

/// A directory under the system temp folder, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    // Safe: immutable after init.
    public let path: String

    public init(_ label: String = "promote-test") {
        let base = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        // Resolve symlinks (macOS /var -> /private/var) so paths compare equal to what git reports.
        path = base.resolvingSymlinksInPath().path
    }

    /// `path/relative`.
    public func appending(_ relative: String) -> String { (path as NSString).appendingPathComponent(relative) }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
