public import Foundation

/// `promote demo`: the whole product on a laptop with no AI Core tenant. In a new temporary directory it creates a
/// realistic ML repository with a bare "origin", then runs the real `promote` commands one after another, narrating
/// each: a local landscape of one emulated tenant per stage, set up from the stage files, deploy dev, change the model, plan dev → tst, a gate that blocks, the test
/// hooks, a signed approval, the promotion with its deploy and live logs, production, an incident with a rollback,
/// the hold it places and its signed release, then status and history.
public struct DemoScript {
    /// The promote executable whose commands the demo runs.
    let executable: String
    let say: @Sendable (String) -> Void
    /// The tenants' settings (`promote emulator --stages`) and the tenant declarations' variables, once the
    /// landscape runs: every command after that gets them, as a CI job gets its stage's secrets.
    private let landscape = Landscape()

    public init(executable: String, say: @escaping @Sendable (String) -> Void) {
        self.executable = executable
        self.say = say
    }

    /// The emulator serving the demo's tenants, and what commands need to reach them.
    private final class Landscape {
        var environment: [String: String] = [:]
        var process: Process?

        deinit { process?.terminate() }
    }

    /// People in the story: Dana changes the model, Rita reviews and approves it.
    static let developer = (name: "Dana Dev", email: "dana@example.com")
    static let reviewer = "rita@example.com"
    /// The second reviewer prd's two approvals need.
    static let secondReviewer = "otto@example.com"
    /// The CI's record key: it signs promote's records and may sign nothing else.
    static let recordSigner = "ci@example.com"

    static func publicKey(_ privateKeyPath: String) throws -> String {
        try String(contentsOfFile: privateKeyPath + ".pub", encoding: .utf8).split(separator: " ").prefix(2)
            .joined(separator: " ")
    }

    /// Runs the demo and returns the directory it leaves behind.
    public func run() throws -> String {
        let started = Date()
        let root = try Self.makeDirectory()
        let repo = root + "/churn-model"
        let origin = root + "/origin.git"
        let key = root + "/keys/rita"
        let secondKey = root + "/keys/otto"
        let recordKey = root + "/keys/ci"
        try FileManager.default.createDirectory(atPath: root + "/keys", withIntermediateDirectories: true)

        chapter(
            "Setting the scene",
            "A team's ML repository: training and serving code, AI Core templates, a deploy "
                + "config and three stages (dev on main → tst → prd). Dana develops; Rita reviews. Everything runs "
                + "locally: each stage deploys to its own emulated AI Core tenant on this machine.")
        try shell(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", Self.reviewer, "-f", key], in: root)
        try shell(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", Self.secondReviewer, "-f", secondKey], in: root)
        try shell(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", Self.recordSigner, "-f", recordKey], in: root)
        let files = DemoRepositoryFiles.files(
            reviewerSignersLine: "\(Self.reviewer) \(try Self.publicKey(key))\n"
                + "\(Self.secondReviewer) \(try Self.publicKey(secondKey))",
            recordSignersLine:
                #"\#(Self.recordSigner) namespaces="promote-record-*@promote.dev" \#(try Self.publicKey(recordKey))"#,
            repository: repo)
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"], in: repo)
        try write(files, to: repo)
        try git(["add", "-A"], in: repo)
        try git(["commit", "-q", "-m", "Churn model: training, serving, templates and stages"], in: repo)
        try git(["branch", "tst"], in: repo)
        try git(["branch", "prd"], in: repo)
        try git(["init", "-q", "--bare", origin], in: root)
        try git(["remote", "add", "origin", origin], in: repo)
        try git(["push", "-q", "origin", "main", "tst", "prd"], in: repo)
        wrapped(
            "Created \(repo) (with a bare origin at \(origin)), demo SSH keys for Rita and Otto and a record key for CI "
                + "(promote signs its promotion, deploy and test records with it: PROMOTE_RECORD_KEY_FILE), both "
                + "listed in stages/allowed_signers."
        ).forEach(say)

        try promote(["status"], in: repo)

        chapter(
            "0. Three tenants",
            "Each stage has its own AI Core tenant, as in a real landscape. `promote emulator --stages` serves one "
                + "empty tenant per stage; `promote setup` makes each hold what its stage file declares (aicore.tenant: "
                + "the repository and the object store secret the training data lives on; secret values come from "
                + "variables, never from the repository).")
        try startLandscape(in: repo)
        for stage in ["dev", "tst", "prd"] { try promote(["setup", stage], in: repo) }

        chapter(
            "1. Deploy dev (and production, as it runs today)",
            "On every push to main, CI runs `promote deploy dev`. It syncs the templates, "
                + "checks the config against them, creates what is missing and follows every run at once.")
        try promote(["deploy", "dev"], in: repo)
        try promote(["deploy", "prd"], in: repo)
        try promote(["doctor", "dev", "prd"], in: repo)

        chapter(
            "2. Dana changes the model",
            "A new training image and more epochs, committed on main and deployed "
                + "to dev again. The deploy records what the training logged: its AUC.")
        try write(
            [
                "templates/train.yaml": DemoRepositoryFiles.training(imageTag: "1.1.0", epochs: "5", auc: "0.78"),
                "cicd/config.json": DemoRepositoryFiles.deployConfig.replacingOccurrences(
                    of: #""key": "epochs", "value": "3""#, with: #""key": "epochs", "value": "5""#),
            ], to: repo)
        try git(["commit", "-q", "-am", "Train with image 1.1.0 for 5 epochs"], in: repo)
        try git(["push", "-q", "origin", "main"], in: repo)
        try promote(["deploy", "dev"], in: repo)

        chapter(
            "3. What would reach tst?",
            "`promote plan` shows the change the way an ML engineer thinks about "
                + "it: images, parameters, config, whether it will work, and whether the model is any good.")
        try promote(["plan", "dev", "tst"], in: repo)

        chapter(
            "4. The gate of tst",
            "tst needs one approval from someone who did not write the change, passing "
                + "tests on that exact commit, a successful deploy to dev, and a model at least as good as the one tst "
                + "runs (AUC at least 0.80, and no worse than tst's current model as measured in dev). The new model's "
                + "AUC fell to 0.78: even with an approval and green tests, it would not pass.")
        try promote(["gate", "tst"], in: repo, expecting: 2)

        chapter(
            "5. Dana retrains",
            "She fixes a feature and trains again; dev's deploy records an AUC of 0.86. "
                + "`promote metrics` shows each deploy's numbers and the change from the one before.")
        try write(
            ["templates/train.yaml": DemoRepositoryFiles.training(imageTag: "1.1.1", epochs: "5", auc: "0.86")],
            to: repo)
        try git(["commit", "-q", "-am", "Fix the tenure feature; image 1.1.1"], in: repo)
        try git(["push", "-q", "origin", "main"], in: repo)
        try promote(["deploy", "dev"], in: repo)
        try promote(["metrics", "dev"], in: repo)

        chapter(
            "6. An approval, then the tests",
            "Rita reviews the plan and signs her approval with her SSH key. "
                + "Only then do the test hooks run, in a clean export of the commit with a clean environment: "
                + "unreviewed code does not run where secrets (here CI's record key) are. Both are recorded in git "
                + "notes, signed, and pushed.")
        try promote(["approve", "tst", "--key", key, "--comment", "Checked the new image and the metrics"], in: repo)
        try promote(["test", "tst"], in: repo)
        try promote(["gate", "tst"], in: repo)

        chapter(
            "7. Promote dev → tst",
            "promote moves tst with compare-and-swap, pushes it, records the promotion "
                + "and deploys tst, following the runs with their logs.")
        try promote(["dev", "tst", "--yes"], in: repo)

        chapter(
            "8. Into production",
            "prd needs two approvals of the same commit, from people who did not write it. Otto and Rita sign; "
                + "prd's tests run; promote moves prd and deploys it.")
        try promote(["approve", "prd", "--key", key, "--comment", "tst looks healthy"], in: repo)
        try promote(["approve", "prd", "--key", secondKey, "--comment", "Agreed"], in: repo)
        try promote(["test", "prd"], in: repo)
        try promote(["tst", "prd", "--yes"], in: repo)

        chapter(
            "9. An incident",
            "An hour later support reports churn scores that make no sense. The on-call engineer rolls prd back "
                + "to what it ran before: no branch is rewritten, the tenant gets the earlier commit's content, "
                + "and prd is held there, so no automatic promotion or deploy can undo the rollback.")
        try promote(
            ["rollback", "prd", "--reason", "INC-1: churn scores make no sense"], in: repo)
        try promote(["status"], in: repo)
        try promote(["deploy", "prd"], in: repo, expecting: 2)

        chapter(
            "10. Fixed, released",
            "Dana finds the bug. A person who may approve prd lifts the hold with a signed release; a hold cannot "
                + "be lifted by whoever can push notes. The next promotion moves prd forward again.")
        try promote(["release", "prd", "--key", key, "--comment", "INC-1 understood; fix on its way"], in: repo)
        say("")
        say("Dana's fix lands on main and dev; it waits for tst's gate like every change.")
        try write(
            ["templates/train.yaml": DemoRepositoryFiles.training(imageTag: "1.1.2", epochs: "5", auc: "0.87")],
            to: repo)
        try git(["commit", "-q", "-am", "Clamp churn scores to [0, 1]; image 1.1.2"], in: repo)
        try git(["push", "-q", "origin", "main"], in: repo)
        try promote(["deploy", "dev"], in: repo)

        chapter("11. Where things stand", "")
        try promote(["status"], in: repo)
        try promote(["history", "prd"], in: repo)

        chapter(
            "12. The picture",
            "promote report draws all of it as one static page: the stage graph, what waits and why, and each "
                + "stage's history and metrics. CI jobs publish the same page.")
        try promote(["report", "--html", root + "/report"], in: repo)

        landscape.process?.terminate()
        let seconds = Int(Date().timeIntervalSince(started).rounded())
        say("")
        say("Done in \(seconds) s. The demo repository is left for you to explore:")
        say("  cd \(repo)")
        say("  promote plan tst prd        # what production would receive (prd needs two approvals)")
        say("  git log --oneline --all --graph; git notes --ref promote/approvals list")
        say("The report: file://\(root)/report/index.html")
        return root
    }

    // MARK: steps

    private func chapter(_ title: String, _ text: String) {
        say("")
        say("━━ \(title) " + String(repeating: "━", count: max(4, 72 - title.count)))
        if !text.isEmpty { wrapped(text).forEach(say) }
    }

    /// Narration wrapped at 100 columns, so it reads well in a terminal and in a CI log.
    private func wrapped(_ text: String, width: Int = 100) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// A command as a user would type it: arguments with spaces quoted.
    private func typed(_ arguments: [String]) -> String {
        arguments.map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: " ")
    }

    private func promote(_ arguments: [String], in directory: String, expecting status: Int32 = 0) throws {
        say("")
        say("$ promote \(typed(arguments))")
        let result = try launch(executable, arguments, in: directory, quiet: false)
        guard result == status else {
            throw PromoteError.demoStepFailed(command: "promote " + arguments.joined(separator: " "), status: result)
        }
        if status == 2 { say("(exit 2: blocked, as expected)") }
    }

    private func git(_ arguments: [String], in directory: String) throws {
        try shell(["git"] + arguments, in: directory)
    }

    private func shell(_ command: [String], in directory: String) throws {
        let status = try launch("/usr/bin/env", command, in: directory, quiet: true)
        guard status == 0 else {
            throw PromoteError.demoStepFailed(command: command.joined(separator: " "), status: status)
        }
    }

    private func launch(_ path: String, _ arguments: [String], in directory: String, quiet: Bool) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("AICORE_") { environment[key] = nil }
        environment.merge(landscape.environment) { _, tenant in tenant }
        environment["GIT_AUTHOR_NAME"] = Self.developer.name
        environment["GIT_AUTHOR_EMAIL"] = Self.developer.email
        environment["GIT_COMMITTER_NAME"] = Self.developer.name
        environment["GIT_COMMITTER_EMAIL"] = Self.developer.email
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        // The demo plays CI too: its record key (keys/ci, beside the repository) signs promote's records.
        let recordKey = ((directory as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
            "keys/ci")
        if FileManager.default.fileExists(atPath: recordKey) { environment[RecordSigner.keyFileVariable] = recordKey }
        process.environment = environment
        if quiet {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Starts `promote emulator --stages` in the repository and keeps the settings it prints for every later command.
    private func startLandscape(in repository: String) throws {
        say("")
        say("$ promote emulator --stages > landscape.env &")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["emulator", "--stages"]
        process.currentDirectoryURL = URL(fileURLWithPath: repository)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        landscape.process = process
        var text = ""
        while !text.contains("# promote emulator listening") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else {
                throw PromoteError.demoStepFailed(
                    command: "promote emulator --stages", status: process.terminationStatus)
            }
            text += String(decoding: chunk, as: UTF8.self)
        }
        var environment = DemoRepositoryFiles.tenantVariables
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") { say(String(line)) }
            guard line.hasPrefix("export "), let equals = line.firstIndex(of: "=") else { continue }
            environment[String(line[line.index(line.startIndex, offsetBy: 7)..<equals])] = String(
                line[line.index(after: equals)...])
        }
        landscape.environment = environment
    }

    private func write(_ files: [String: String], to directory: String) throws {
        for (path, contents) in files {
            let full = directory + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try contents.write(toFile: full, atomically: true, encoding: .utf8)
        }
    }

    private static func makeDirectory() throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        let path = "\(base)/promote-demo-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
