import Foundation

extension StageLoader {
    /// Loads the `*.json` files directly inside `directory`; `displayPrefix` is how their paths are reported
    /// (e.g. `stages/`), so messages name files the way the user sees them in the repository.
    public static func load(directory: String, displayPrefix: String = "stages/") throws(StageError) -> StageSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .noStageFiles(directory: displayPrefix)
        }
        var sources: [StageFileSource] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .invalid([
                    ValidationProblem(
                        file: displayPrefix + name, path: "$", message: "cannot be read; check its permissions")
                ])
            }
            sources.append(StageFileSource(path: displayPrefix + name, contents: Array(data)))
        }
        return try load(sources, directory: displayPrefix)
    }
}
