public import Foundation
public import PromoteGit
public import PromoteModel

/// A stage's gate definitions and signer list as they are at one commit of its branch (DESIGN.md §6).
public struct GateRules {
    public static let allowedSignersPath = "stages/allowed_signers"

    /// The commit they were read from.
    public let commit: OID
    /// The stage as its file at `commit` defines it; nil when that file is missing or invalid (`problem` says why).
    public let stage: Stage?
    /// The upstream stage's definition at `commit`, when the stage has one.
    public let upstream: Stage?
    public let allowedSigners: Data?
    public let problem: String?

    /// Reads `stageName`'s rules at `commit`. Never throws for a missing or broken stage file: that blocks the gate
    /// instead, so nothing opens because its rules could not be read.
    public static func load(_ repository: Repository, stageName: String, at commit: OID) throws -> GateRules {
        let signers = try repository.file(at: commit, path: allowedSignersPath)
        if let signers, let problem = InputLimit.allowedSigners.problem(signers.count) {
            return GateRules(
                commit: commit, stage: nil, upstream: nil, allowedSigners: nil,
                problem: "\(allowedSignersPath) at \(commit.short) is \(problem)")
        }
        let stages: StageSet
        do {
            stages = try Workspace.loadStages(from: repository, at: commit)
        } catch {
            guard let stageError = error as? StageError else { throw error }
            return GateRules(
                commit: commit, stage: nil, upstream: nil, allowedSigners: signers,
                problem: "the stage files at \(commit.short) are not usable: \(stageError.description)")
        }
        guard let stage = stages[stageName] else {
            return GateRules(
                commit: commit, stage: nil, upstream: nil, allowedSigners: signers,
                problem: "stages/\(stageName).json does not exist at \(commit.short)")
        }
        return GateRules(
            commit: commit, stage: stage, upstream: stages.upstream(of: stage), allowedSigners: signers, problem: nil)
    }
}
