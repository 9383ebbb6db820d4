public import Foundation
public import PromoteModel

/// Why CI files cannot be generated or checked.
public enum CIGenError: Error, Equatable, Sendable {
    /// Stage or settings values that cannot be written into CI files, every one at once.
    case invalid([ValidationProblem])
    /// A template does not parse.
    case badTemplate(name: String, source: String, message: String)
    /// A template the generator needs is neither in `--templates` nor built in.
    case missingTemplate(name: String)
    /// `--templates` does not name a readable directory.
    case templatesNotFound(String)
    /// A generated file could not be written.
    case cannotWrite(path: String, reason: String)
    /// promote needs a working tree to read stages and write files into.
    case noWorkingTree
}

extension CIGenError: LocalizedError, CustomStringConvertible {
    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case .invalid(let problems):
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            return "cannot write CI files: \(count); fix them and run again:\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        case .badTemplate(let name, let source, let message):
            return
                "template \(name) (\(source)) does not parse: \(message); fix it or remove it to use the built-in one"
        case .missingTemplate(let name):
            return "template \(name) is neither in --templates nor built in; add \(name).mustache to the --templates folder"
        case .templatesNotFound(let directory):
            return
                "--templates \(directory) is not a readable directory; give the folder that holds github/, gitlab/ and jenkins/"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason); check that the directory exists and is writable"
        case .noWorkingTree:
            return "the repository has no working tree (it is bare); run promote ci in a clone"
        }
    }
}
