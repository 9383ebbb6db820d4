import Foundation

/// Writes generated files into a working tree, touching only those whose content changed, or compares them with
/// what is there (`promote ci check`).
public enum CIFileWriter {
    public enum Outcome: String, Sendable, Equatable {
        case written, unchanged
    }

    /// A committed file that does not match what the stages generate now.
    public struct Drift: Sendable, Equatable {
        public let path: String
        /// Unified diff from the file on disk to the generated content (against /dev/null when it is missing).
        public let diff: String
    }

    /// Writes every file whose content differs from disk, creating directories as needed.
    public static func write(_ files: [GeneratedFile], root: String) throws(CIGenError) -> [(
        path: String, outcome: Outcome
    )] {
        var results: [(path: String, outcome: Outcome)] = []
        for file in files {
            let full = (root as NSString).appendingPathComponent(file.path)
            if current(full) == file.contents {
                results.append((file.path, .unchanged))
                continue
            }
            do {
                try FileManager.default.createDirectory(
                    atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: full), options: .atomic)
            } catch {
                throw .cannotWrite(path: file.path, reason: error.localizedDescription)
            }
            results.append((file.path, .written))
        }
        return results
    }

    /// The files whose content on disk differs from the generated one, with their diffs.
    public static func check(_ files: [GeneratedFile], root: String) -> [Drift] {
        files.compactMap { file in
            let existing = current((root as NSString).appendingPathComponent(file.path))
            guard existing != file.contents else { return nil }
            let diff = UnifiedDiff.make(
                old: existing ?? "", new: file.contents, oldName: existing == nil ? "/dev/null" : "a/\(file.path)",
                newName: "b/\(file.path)")
            return Drift(path: file.path, diff: diff)
        }
    }

    private static func current(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }
}
