import Foundation
import TestSupport

/// A three-stage repository (dev on main, tst, prd) with real templates and a deploy config, pushed to a bare
/// "origin" on disk, as a team's repository looks when promote takes over.
struct PromotionFixture {
    let repository: GitFixture
    let origin: String
    let directory: TemporaryDirectory

    init() throws {
        repository = try DeployFixtures.repository(files: [
            "stages/prd.json": DeployFixtures.stage("prd", branch: "prd", from: "tst")
        ])
        try repository.git(["branch", "prd"])
        directory = TemporaryDirectory("promote-origin")
        origin = directory.appending("origin.git")
        try Shell.run("git", ["init", "-q", "--bare", origin])
        try Shell.run("git", ["-C", origin, "config", "core.logAllRefUpdates", "always"])
        try repository.git(["remote", "add", "origin", origin])
        try repository.git(["push", "-q", "origin", "main", "tst", "prd"])
        try repository.git(["fetch", "-q", "origin"])
        // Promotions move tst and prd, so the working tree stays on main (dev).
    }

    /// The commit a ref points at in the origin repository ("" when absent).
    func originHead(_ branch: String) throws -> String {
        try Shell.run("git", ["-C", origin, "rev-parse", "-q", "--verify", "refs/heads/\(branch)"]).output
    }

    /// Pushes `branches` to origin, as a team member would before promoting.
    func push(_ branches: String...) throws {
        try repository.git(["push", "-q", "origin"] + branches)
    }

    func localHead(_ branch: String) throws -> String {
        try repository.git(["rev-parse", "refs/heads/\(branch)"])
    }

    /// A new commit on main (dev) that bumps the training image, pushed to origin (promote promotes what the
    /// remote has) unless `push` is false.
    @discardableResult
    func commitOnDev(
        _ message: String = "Bump the training image to 1.1.0", image: String = "1.1.0", push: Bool = true
    ) throws -> String {
        let train = DeployFixtures.training.replacingOccurrences(of: "cicd-train:1.0.0", with: "cicd-train:\(image)")
        let commit = try repository.commit(message, files: ["templates/train.yaml": train])
        if push { try repository.git(["push", "-q", "origin", "main"]) }
        return commit
    }

    @discardableResult
    func promote(_ arguments: [String], environment: [String: String?] = [:]) throws -> ProcessResult {
        try PromoteBinary.run(arguments, in: repository.path, environment: environment)
    }
}
