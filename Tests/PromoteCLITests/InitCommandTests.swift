import Foundation
import TestSupport
import Testing

/// `promote init` in an existing repository: writes what is missing, keeps what exists, and is idempotent.
@Suite struct InitCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func scaffoldsAnExistingRepositoryAndIsIdempotent() throws {
        let repository = try GitFixture(initialBranch: "develop")
        try repository.commit("ML content", files: ["train.py": "print('train')\n"])
        let first = try PromoteBinary.run(["init"], in: repository.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("wrote      stages/dev.json"))
        // The stage files are not committed yet: a tst branch made now could never be entered.
        #expect(first.stdout.contains("not yet    branch tst: commit stages/ and cicd/ on develop, then run promote init again"))
        #expect(try repository.git(["branch", "--list", "tst", "prd"]).isEmpty)
        for ciFile in [".github/workflows/promote.yml", ".gitlab-ci.yml", "Jenkinsfile"] {
            #expect(first.stdout.contains("wrote      \(ciFile)"))
        }
        let check = try PromoteBinary.run(["ci", "check"], in: repository.path)
        #expect(check.status == 0, "the CI files init writes are what ci generate writes: \(check.stdout)")
        // Adjusting the stage files (step 1) makes the CI files stale; the next steps say what to run.
        #expect(first.stdout.contains("run\n     promote ci generate: the CI files follow the stage files"))
        #expect(first.stdout.contains("The test hooks run\n     python -m pytest -q: point them at your own tests"))
        // Every file the stage files name exists: each stage's overlay and the verify hook.
        for stage in try Self.stageFiles(repository) {
            if let overlay = stage.overlay {
                #expect(FileManager.default.fileExists(atPath: repository.path + "/" + overlay), "\(overlay)")
            }
            for hook in stage.verify {
                #expect(FileManager.default.isExecutableFile(atPath: repository.path + "/" + hook), "\(hook)")
                let smoke = try Shell.run(
                    repository.path + "/" + hook, [], environment: ["PROMOTE_DEPLOYMENT_URLS": "http://127.0.0.1:1/d"])
                #expect(smoke.status == 0 && smoke.stdout.contains("deployed at http://127.0.0.1:1/d"))
            }
        }
        let dev = try String(contentsOfFile: repository.path + "/stages/dev.json", encoding: .utf8)
        #expect(dev.contains(#""branch": "develop""#))
        let setUp = try repository.commit("Set up promote")
        let branches = try PromoteBinary.run(["init"], in: repository.path)
        #expect(branches.stdout.contains("created    branch tst at \(setUp.prefix(7))"), "\(branches.stdout)")
        #expect(try repository.git(["show", "tst:stages/tst.json"]).contains(#""name": "tst""#))
        // The written stage files are valid: status reads them.
        let status = try PromoteBinary.run(["status"], in: repository.path)
        #expect(status.status == 0, "\(status.stderr)")
        for name in ["tst.json", "prd.json"] {
            let written = try String(contentsOfFile: repository.path + "/stages/\(name)", encoding: .utf8)
            let shipped = try String(contentsOfFile: Self.packageRoot + "/stages/\(name)", encoding: .utf8)
            #expect(written == shipped, "the built-in \(name) differs from stages/\(name)")
        }
        let second = try PromoteBinary.run(["init"], in: repository.path)
        #expect(second.status == 0)
        #expect(!second.stdout.contains("wrote"))
        #expect(second.stdout.contains("kept       branch tst (exists)"))
    }

    /// The overlay and the verify hook scripts (`./path`) each written stage file names.
    static func stageFiles(_ repository: GitFixture) throws -> [(overlay: String?, verify: [String])] {
        try ["dev", "tst", "prd"].map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: repository.path + "/stages/\(name).json"))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let overlay = (json["deploy"] as? [String: Any])?["overlay"] as? String
            let verify = ((json["gates"] as? [String: Any])?["verify"] as? [[String: Any]] ?? []).compactMap {
                ($0["run"] as? String).map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 }
            }
            return (overlay, verify)
        }
    }

    @Test func keepsAnExistingDeployConfigEvenWithForce() throws {
        let repository = try GitFixture()
        try repository.commit("content", files: ["cicd/config.json": #"{"clean_up": false}"#])
        let result = try PromoteBinary.run(["init", "--force"], in: repository.path)
        #expect(result.status == 0)
        #expect(result.stdout.contains("kept       cicd/config.json (exists)"))
        #expect(try String(contentsOfFile: repository.path + "/cicd/config.json", encoding: .utf8) == #"{"clean_up": false}"#)
    }

    @Test func anEmptyRepositoryGetsAClearError() throws {
        let repository = try GitFixture()
        let result = try PromoteBinary.run(["init"], in: repository.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("has no commits yet"))
    }
}
