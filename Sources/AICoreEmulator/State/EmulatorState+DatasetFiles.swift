import Foundation
import PromoteModel

// Dataset files (`/lm/dataset/files/{path}`): upload, download and delete, per resource group, at most 8 MiB each.
// With `--state DIR` the bytes are kept in `DIR/files/<group>/<path>`, never inside `state.json`.
extension EmulatorState {
    static let maximumDatasetFileBytes = HTTPHelpers.maximumBody
    /// The spec's pattern for `path`.
    static let datasetPathPattern = #"^(([\w.-]+):([\w.-]+)|([\w.-]+))(/([\w./-]+[\w.-]+)?)?$"#

    func uploadFile(_ path: String, bytes: [UInt8], overwrite: Bool, group: String?) throws(EmulatorError)
        -> JSONValue
    {
        let group = try self.group(group ?? "default")
        let path = try Self.datasetPath(path)
        if store.datasetFiles[group]?[path] != nil && !overwrite {
            throw .conflict("The file \(path) already exists; pass overwrite=true to replace it")
        }
        try writeDatasetFile(group: group, path: path, bytes: bytes)
        store.datasetFiles[group, default: [:]][path] = DatasetFileRecord(
            path: path, size: bytes.count, createdAt: Date())
        datasetBytes[group + "/" + path] = bytes
        persist()
        return ["message": "File creation acknowledged", "url": .string(Self.datasetURL(path))]
    }

    func downloadFile(_ path: String, group: String?) throws(EmulatorError) -> [UInt8] {
        let group = try self.group(group ?? "default")
        let path = try Self.datasetPath(path)
        guard store.datasetFiles[group]?[path] != nil else { throw .notFound("File \(path) not found") }
        if let bytes = datasetBytes[group + "/" + path] { return bytes }
        guard let file = datasetFileLocation(group: group, path: path),
            let data = FileManager.default.contents(atPath: file)
        else {
            throw .notFound("File \(path) not found")
        }
        return Array(data)
    }

    func deleteFile(_ path: String, group: String?) throws(EmulatorError) {
        let group = try self.group(group ?? "default")
        let path = try Self.datasetPath(path)
        guard store.datasetFiles[group]?.removeValue(forKey: path) != nil else {
            throw .notFound("File \(path) not found")
        }
        datasetBytes[group + "/" + path] = nil
        if let file = datasetFileLocation(group: group, path: path) { try? FileManager.default.removeItem(atPath: file) }
        persist()
    }

    /// `ai://<object store>/<path>`, as AI Core names what it uploaded (the default object store is `default`).
    static func datasetURL(_ path: String) -> String {
        path.contains(":") && !path.hasPrefix("/")
            ? "ai://" + path.replacingOccurrences(of: ":", with: "/") : "ai://default/" + path
    }

    /// The spec's pattern, at most 1024 characters, and no `.`/`..` segment, so a path never leaves the files
    /// directory.
    static func datasetPath(_ path: String) throws(EmulatorError) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard path.count <= 1024, path.range(of: datasetPathPattern, options: .regularExpression) != nil,
            !segments.contains(where: { $0 == "." || $0 == ".." })
        else {
            throw .badRequest(
                "path '\(path)' must match \(datasetPathPattern) without . or .. segments, at most 1024 characters",
                target: "path")
        }
        return path
    }

    private func datasetFileLocation(group: String, path: String) -> String? {
        guard let directory = configuration.stateDirectory else { return nil }
        return ((directory as NSString).appendingPathComponent("files") as NSString)
            .appendingPathComponent(group + "/" + path.replacingOccurrences(of: ":", with: "/"))
    }

    private func writeDatasetFile(group: String, path: String, bytes: [UInt8]) throws(EmulatorError) {
        guard let file = datasetFileLocation(group: group, path: path) else { return }
        do {
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw EmulatorError(status: 500, code: "500", message: "the file could not be stored: \(error)")
        }
    }
}
