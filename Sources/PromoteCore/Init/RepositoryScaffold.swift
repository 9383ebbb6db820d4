public import Foundation
public import PromoteGit
import PromoteModel

/// `promote init`: sets up promote in an existing repository. Writes only files that are missing (`--force`
/// overwrites), creates only branches that are missing, and reports every action, so running it twice is harmless.
public struct RepositoryScaffold {
    public enum Action: Equatable, Sendable {
        case wrote(String)
        case kept(String)
        case overwrote(String)
        case createdBranch(String, at: String)
        case keptBranch(String)
        /// The branch is not created yet: the dev branch's head does not have the stage files committed, and a stage
        /// branch without them could never be entered (its rules could not be read).
        case branchAfterCommit(String, devBranch: String)
    }

    public let repository: Repository
    public let force: Bool

    public init(repository: Repository, force: Bool) {
        self.repository = repository
        self.force = force
    }

    /// Writes the stage files (dev on `devBranch`, else the checked-out branch), allowed_signers, a starter deploy
    /// config, `ciSettings` as `cicd/ci.json` when given and there is none, and `extraFiles` (the CI files), then
    /// creates the stage branches that do not exist yet at the dev branch's head, once that head has the stage files
    /// committed (before, it says to commit and run init again).
    public func run(
        devBranch requested: String?, ciSettings: String? = nil, extraFiles: [(path: String, contents: String)] = []
    ) throws -> [Action] {
        guard let root = repository.workingDirectory else { throw PromoteError.bareRepository }
        let devBranch = try requested ?? detectDevBranch()
        guard let devHead = try repository.referenceTarget("refs/heads/\(devBranch)") else {
            throw PromoteError.noDevBranch(devBranch)
        }
        var actions: [Action] = []
        for (name, contents) in DefaultStageFiles.files {
            var text = contents + "\n"
            if name == "dev.json" {
                text = text.replacingOccurrences(of: #""branch": "main""#, with: #""branch": "\#(devBranch)""#)
            }
            actions.append(try write("stages/\(name)", text, root: root))
        }
        actions.append(try write("stages/allowed_signers", StarterFiles.allowedSigners, root: root))
        actions.append(try write("cicd/config.json", StarterFiles.deployConfig, root: root, neverOverwrite: true))
        if let ciSettings {
            actions.append(try write(CISettings.defaultPath, ciSettings, root: root, neverOverwrite: true))
        }
        // What the stage files name exists, so that plan and deploy do not stumble over it: an empty overlay per
        // stage (no differences yet) and a starter verify hook.
        for stage in ["dev", "tst", "prd"] {
            actions.append(try write("cicd/config.\(stage).json", "{}\n", root: root, neverOverwrite: true))
        }
        actions.append(
            try write("scripts/smoke.sh", StarterFiles.smokeScript, root: root, neverOverwrite: true, executable: true))
        for file in extraFiles { actions.append(try write(file.path, file.contents, root: root)) }
        let committed = try hasCommittedStages(at: devHead)
        for branch in ["tst", "prd"] where branch != devBranch {
            if try repository.referenceTarget("refs/heads/\(branch)") != nil {
                actions.append(.keptBranch(branch))
            } else if !committed {
                actions.append(.branchAfterCommit(branch, devBranch: devBranch))
            } else {
                try repository.updateReference(
                    "refs/heads/\(branch)", to: devHead, expecting: nil, message: "promote init")
                actions.append(.createdBranch(branch, at: devHead.short))
            }
        }
        return actions
    }

    /// Whether `commit` has stage files that define the stages init creates branches for.
    private func hasCommittedStages(at commit: OID) throws -> Bool {
        guard let stages = try? Workspace.loadStages(from: repository, at: commit) else { return false }
        return stages["tst"] != nil && stages["prd"] != nil
    }

    /// Writes more files with the same rules (missing ones only, unless `force`): the CI files, rendered once the
    /// stage files exist.
    public func write(_ files: [(path: String, contents: String)]) throws -> [Action] {
        guard let root = repository.workingDirectory else { throw PromoteError.bareRepository }
        return try files.map { try write($0.path, $0.contents, root: root) }
    }

    /// The checked-out branch, else `main` or `master` when one exists.
    private func detectDevBranch() throws -> String {
        if let head = repository.headReferenceName(), head.hasPrefix("refs/heads/"),
            try repository.referenceTarget(head) != nil
        {
            return String(head.dropFirst("refs/heads/".count))
        }
        for candidate in ["main", "master"] where try repository.referenceTarget("refs/heads/\(candidate)") != nil {
            return candidate
        }
        throw PromoteError.noCommits
    }

    /// An existing deploy config, overlay or hook script is the team's own and is never replaced, not even with
    /// `--force`.
    private func write(
        _ path: String, _ contents: String, root: String, neverOverwrite: Bool = false, executable: Bool = false
    ) throws -> Action {
        let full = (root as NSString).appendingPathComponent(path)
        let exists = FileManager.default.fileExists(atPath: full)
        if exists && (!force || neverOverwrite) { return .kept(path) }
        if exists, (try? String(contentsOfFile: full, encoding: .utf8)) == contents { return .kept(path) }
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: full, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: full) }
        return exists ? .overwrote(path) : .wrote(path)
    }
}

extension RepositoryScaffold.Action: CustomStringConvertible {
    public var description: String {
        switch self {
        case .wrote(let path): "wrote      \(path)"
        case .kept(let path): "kept       \(path) (exists)"
        case .overwrote(let path): "overwrote  \(path)"
        case .createdBranch(let branch, let commit): "created    branch \(branch) at \(commit)"
        case .keptBranch(let branch): "kept       branch \(branch) (exists)"
        case .branchAfterCommit(let branch, let devBranch):
            "not yet    branch \(branch): commit stages/ and cicd/ on \(devBranch), then run promote init again to create it"
        }
    }
}
