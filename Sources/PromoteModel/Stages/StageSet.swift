public import Foundation

/// The stages of a repository, validated as a whole: names, branches and the `from` graph.
public struct StageSet: Hashable, Sendable {
    /// Stages in graph order: every stage after its upstream, ties broken by name.
    public let stages: [Stage]

    public subscript(name: String) -> Stage? { stages.first { $0.name == name } }

    /// The stages promoted directly from `name`.
    public func downstream(of name: String) -> [Stage] { stages.filter { $0.from == name } }

    /// The upstream stage of `stage`, if any.
    public func upstream(of stage: Stage) -> Stage? { stage.from.flatMap { self[$0] } }

    /// The stage a name refers to, or an error listing the known stages.
    public func stage(named name: String) throws(StageError) -> Stage {
        guard let stage = self[name] else { throw .unknownStage(name, known: stages.map(\.name)) }
        return stage
    }
}

/// Problems with the stage files as a whole.
public enum StageError: Error, Equatable, Sendable {
    /// Every problem found in the stage files, sorted by file and path.
    case invalid([ValidationProblem])
    case noStageFiles(directory: String)
    case unknownStage(String, known: [String])
}

extension StageError: LocalizedError, CustomStringConvertible {
    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case .invalid(let problems):
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            return "the stage files have \(count); fix them and run again:\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        case .noStageFiles(let directory):
            return "no stage files in \(directory); run 'promote init' to create stages/dev.json, tst.json and prd.json"
        case .unknownStage(let name, let known):
            return "unknown stage '\(name)'; the stages are: \(known.joined(separator: ", "))"
        }
    }
}
