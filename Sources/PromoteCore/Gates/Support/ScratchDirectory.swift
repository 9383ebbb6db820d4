import Foundation

/// A private temporary directory that is removed when released.
final class ScratchDirectory {
    let path: String

    init(_ label: String) throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("promote-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(
            at: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        path = base.path
    }

    /// `path/name`.
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes `data` to `path/name` and returns that path.
    func write(_ data: Data, to name: String) throws -> String {
        let target = file(name)
        try data.write(to: URL(fileURLWithPath: target))
        return target
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
