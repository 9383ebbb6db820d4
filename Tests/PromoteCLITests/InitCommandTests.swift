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
        #expect(
            first.stdout.contains(
                "not yet    branch tst: commit stages/ and cicd/ on develop, then run promote init again"))
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
        #expect(
            try String(contentsOfFile: repository.path + "/cicd/config.json", encoding: .utf8)
                == #"{"clean_up": false}"#)
    }

    static let sha = String(repeating: "0123456789abcdef", count: 4)

    /// With the release tarball's checksum, init writes cicd/ci.json with install "release" and CI files that download
    /// and check that tarball; `promote ci check` agrees with them.
    @Test func releaseSHA256WritesAReleaseInstall() throws {
        let repository = try GitFixture()
        try repository.commit("ML content", files: ["train.py": "print('train')\n"])
        let result = try PromoteBinary.run(["init", "--release-sha256", Self.sha], in: repository.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote      cicd/ci.json"))
        #expect(!result.stderr.contains("build promote from source"), "\(result.stderr)")
        let settings = try String(contentsOfFile: repository.path + "/cicd/ci.json", encoding: .utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(settings.utf8)) as? [String: Any])
        let promote = try #require(json["promote"] as? [String: Any])
        #expect(promote["install"] as? String == "release")
        #expect(promote["release_sha256"] as? String == Self.sha)
        let workflow = try String(contentsOfFile: repository.path + "/.github/workflows/promote.yml", encoding: .utf8)
        #expect(workflow.contains("PROMOTE_RELEASE_SHA256=\"\(Self.sha)\""))
        #expect(workflow.contains("    container: debian:bookworm-slim\n"))
        let check = try PromoteBinary.run(["ci", "check"], in: repository.path)
        #expect(check.status == 0, "\(check.stdout)")
        // The next step of init, with the same flags, goes on (the file is what they ask for).
        try repository.commit("Set up promote")
        let again = try PromoteBinary.run(["init", "--release-sha256", Self.sha], in: repository.path)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            again.stdout.contains("kept       cicd/ci.json (exists)") && again.stdout.contains("created    branch tst"))

        let mirror = try GitFixture()
        try mirror.commit("ML content", files: ["train.py": "print('train')\n"])
        let url = "https://artifacts.example.com/promote/{version}/promote-{version}-linux-{arch}.tar.gz"
        let arm = String(Self.sha.reversed())
        let both = try PromoteBinary.run(
            [
                "init", "--release-sha256", "aarch64=\(arm)", "--release-sha256", "x86_64=\(Self.sha)", "--release-url",
                url,
            ],
            in: mirror.path)
        #expect(both.status == 0, "\(both.stderr)")
        let mirrored = try String(contentsOfFile: mirror.path + "/cicd/ci.json", encoding: .utf8)
        #expect(mirrored.contains(#""release_url": "\#(url)""#))
        #expect(mirrored.contains(#""release_sha256": { "x86_64": "\#(Self.sha)", "aarch64": "\#(arm)" }"#))
        let gitlab = try String(contentsOfFile: mirror.path + "/.gitlab-ci.yml", encoding: .utf8)
        #expect(gitlab.contains("promote/0.1.0/promote-0.1.0-linux-aarch64.tar.gz\""), "the version is init's own")
    }

    /// Without a checksum, init keeps building from source and says, in one line, how to switch.
    @Test func withoutAChecksumInitSaysHowToSwitchToRelease() throws {
        let repository = try GitFixture()
        try repository.commit("ML content", files: ["train.py": "print('train')\n"])
        let result = try PromoteBinary.run(["init"], in: repository.path)
        #expect(result.status == 0)
        #expect(!FileManager.default.fileExists(atPath: repository.path + "/cicd/ci.json"))
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("--release-sha256") }
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("note: the CI jobs build promote from source") == true)
        #expect(lines.first?.contains("promote-0.1.0-linux-x86_64.tar.gz.sha256") == true)
        let help = try PromoteBinary.run(["init", "--help"], in: repository.path)
        #expect(help.stdout.contains("--release-sha256 <sha256>") && help.stdout.contains("--release-url <url>"))
        #expect(help.stdout.contains(".sha256 file published beside the tarball"))
    }

    /// Bad release flags are refused before anything is written, each naming the flag and the value.
    @Test(arguments: [
        (["--release-sha256", "xyz"], "--release-sha256 xyz: \"xyz\" is not a SHA-256"),
        (["--release-sha256", String(repeating: "AB", count: 32)], "lower-case hex"),
        (["--release-sha256", "amd64=\(sha)"], "\"amd64\" is not an architecture promote is released for"),
        (["--release-sha256", sha, "--release-sha256", "x86_64=\(sha)"], "names x86_64 twice"),
        (["--release-url", "https://example.com/p.tar.gz"], "--release-url needs --release-sha256"),
        (
            ["--release-sha256", sha, "--release-url", "http://example.com/p.tar.gz"],
            "--release-url: \"http://example.com/p.tar.gz\" is not an https:// URL"
        ),
        (["--release-sha256", sha, "--release-url", "https://example.com/\"$(id)\".tar.gz"], "is not allowed here"),
    ])
    func badReleaseFlagsChangeNothing(arguments: [String], message: String) throws {
        let repository = try GitFixture()
        try repository.commit("ML content", files: ["train.py": "print('train')\n"])
        let result = try PromoteBinary.run(["init"] + arguments, in: repository.path)
        #expect(result.status == 64, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repository.path + "/stages"))
    }

    @Test func anExistingCISettingsFileIsNeverReplaced() throws {
        let repository = try GitFixture()
        let settings = #"{ "version": 1, "targets": ["gitlab"] }"#
        try repository.commit("ML content", files: ["cicd/ci.json": settings])
        let result = try PromoteBinary.run(["init", "--release-sha256", Self.sha], in: repository.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("cicd/ci.json exists, and init never replaces it"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repository.path + "/stages"))
        #expect(try String(contentsOfFile: repository.path + "/cicd/ci.json", encoding: .utf8) == settings)
    }

    @Test func anEmptyRepositoryGetsAClearError() throws {
        let repository = try GitFixture()
        let result = try PromoteBinary.run(["init"], in: repository.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("has no commits yet"))
    }
}
