import Foundation
import Mustache

/// The templates the generators render: the built-in copy of `ci-templates/`, with any file of a `--templates`
/// directory replacing the built-in one of the same name.
public struct TemplateSet: Sendable {
    /// Template texts by name: the path under `ci-templates/` without `.mustache` (`github/promote.yml`).
    public let texts: [String: String]
    /// Where each template came from, for error messages.
    public let sources: [String: String]

    public static let fileExtension = "mustache"

    /// The templates compiled into promote (`BuiltInTemplates.swift`, made by `scripts/embed-ci-templates`).
    public static let builtIn = TemplateSet(
        texts: BuiltInTemplates.files, sources: BuiltInTemplates.files.mapValues { _ in "built in" })

    /// The built-in templates, with every `*.mustache` file under `directory` replacing or adding to them.
    public static func overridden(by directory: String) throws(CIGenError) -> TemplateSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
            let enumerator = FileManager.default.enumerator(atPath: directory)
        else { throw .templatesNotFound(directory) }
        var texts = builtIn.texts
        var sources = builtIn.sources
        for case let relative as String in enumerator where relative.hasSuffix(".\(fileExtension)") {
            let path = (directory as NSString).appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .badTemplate(name: relative, source: path, message: "cannot be read")
            }
            let name = String(relative.dropLast(fileExtension.count + 1))
            texts[name] = String(decoding: data, as: UTF8.self)
            sources[name] = path
        }
        return TemplateSet(texts: texts, sources: sources)
    }

    /// Every template parsed into one library, so that templates can include each other as partials.
    func library() throws(CIGenError) -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(Self.preamble + text, named: name)
            } catch {
                throw .badTemplate(name: name, source: sources[name] ?? "built in", message: "\(error)")
            }
        }
        return library
    }

    /// Put before every template: values are inserted as they are (no HTML escaping), and tags are `<% %>` so that
    /// GitHub's `${{ }}` stays literal text.
    static let preamble = "{{%CONTENT_TYPE:TEXT}}\n{{=<% %>=}}\n"
}
