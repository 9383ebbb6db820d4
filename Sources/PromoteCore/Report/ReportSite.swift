public import Foundation

/// Writes the report's two files into a directory of their own.
public enum ReportSite {
    /// The files a report directory may hold: what an earlier report wrote.
    static let files = ["index.html", "report.json"]

    /// Writes `index.html` and `report.json` into `directory` (created when missing) and returns the page's URL.
    /// A directory holding anything else is refused before anything is written.
    public static func write(html: String, json: String, to directory: String) throws -> URL {
        let url = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw PromoteError.cannotWrite(
                    path: directory, detail: "it is a file; promote report --html needs a directory of its own")
            }
            let others = try manager.contentsOfDirectory(atPath: url.path).filter { !files.contains($0) }.sorted()
            guard others.isEmpty else {
                throw PromoteError.cannotWrite(
                    path: directory,
                    detail: "it holds other files (\(others.prefix(3).joined(separator: ", "))); the report writes "
                        + "index.html and report.json into a directory of its own: choose a new or empty one")
            }
        }
        do {
            try manager.createDirectory(at: url, withIntermediateDirectories: true)
            try Data(json.utf8).write(to: url.appendingPathComponent("report.json"), options: .atomic)
            try Data(html.utf8).write(to: url.appendingPathComponent("index.html"), options: .atomic)
        } catch {
            throw PromoteError.cannotWrite(path: directory, detail: error.localizedDescription)
        }
        return url.appendingPathComponent("index.html")
    }

    /// "3 stages, 1 pending promotion, 1 blocked": what the command prints after writing.
    public static func summary(_ report: PipelineReport) -> String {
        let blocked = report.promotions.filter { !$0.ready }.count
        var parts = [
            ReportPage.plural(report.stages.count, "stage"),
            ReportPage.plural(report.promotions.count, "pending promotion"),
        ]
        if blocked > 0 { parts.append("\(blocked) blocked") }
        return parts.joined(separator: ", ")
    }
}
