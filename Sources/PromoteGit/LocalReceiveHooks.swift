public import Foundation

/// The receive hooks of a local remote (a path or file:// URL), run the way `git push` runs them there through
/// git-receive-pack: libgit2's local transport writes the remote's refs itself and would skip them, so a
/// `pre-receive` or `update` hook that refuses a push would not stop promote.
///
/// As in git: `pre-receive` gets `<old> <new> <ref>` on stdin and `update` gets `<ref> <old> <new>` as arguments,
/// before the ref moves, and either one exiting non-zero refuses the push; `post-receive` and `post-update` run
/// after it moved, their exit status ignored. Unlike git, the hooks get a clean environment (PATH, HOME, the
/// locale, GIT_DIR): they are code promote did not write, and promote's environment may hold a stage's secrets.
struct LocalReceiveHooks {
    let repository: Repository

    private static let zero = String(repeating: "0", count: 40)

    /// Runs `pre-receive` and `update` for moving `reference` from `old` to `new`; throws `pushRejected` with the
    /// hook's own output when one refuses.
    func allow(_ reference: String, from old: OID?, to new: OID) throws(GitError) {
        let line = "\(old?.hex ?? Self.zero) \(new.hex) \(reference)\n"
        for (hook, arguments, input) in [
            ("pre-receive", [String](), line), ("update", [reference, old?.hex ?? Self.zero, new.hex], ""),
        ] {
            guard let result = run(hook, arguments: arguments, input: input), result.status != 0 else { continue }
            let said = result.output.split(whereSeparator: \.isNewline).prefix(3).joined(separator: "; ")
            throw .pushRejected(
                reference: reference,
                reason: "the remote's \(hook) hook refused it (exit \(result.status))"
                    + (said.isEmpty ? "" : ": \(said)"))
        }
    }

    /// Runs `post-receive` and `post-update` after `reference` moved.
    func moved(_ reference: String, from old: OID?, to new: OID) {
        _ = run("post-receive", arguments: [], input: "\(old?.hex ?? Self.zero) \(new.hex) \(reference)\n")
        _ = run("post-update", arguments: [reference], input: "")
    }

    /// The hook's exit status and output (stdout and stderr together, as git relays them), or nil when the
    /// repository has no such executable hook.
    private func run(_ hook: String, arguments: [String], input: String) -> (status: Int32, output: String)? {
        let path = (hooksDirectory as NSString).appendingPathComponent(hook)
        guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repository.workingDirectory ?? repository.gitDirectory)
        let parent = ProcessInfo.processInfo.environment
        var environment = ["GIT_DIR": repository.gitDirectory, "PATH": parent["PATH"] ?? "/usr/bin:/bin"]
        for name in ["HOME", "LANG", "LC_ALL", "TZ"] { environment[name] = parent[name] }
        process.environment = environment
        // The input comes from a file, not a pipe: a hook that never reads it must not break promote's write.
        let inputFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "promote-hook-input-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: inputFile) }
        let output = Pipe()
        do {
            try Data(input.utf8).write(to: inputFile)
            process.standardInput = try FileHandle(forReadingFrom: inputFile)
            process.standardOutput = output
            process.standardError = output
            try process.run()
        } catch {
            return (126, "could not run \(hook): \(error.localizedDescription)")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// `core.hooksPath` when the repository sets it (relative to where hooks run), else `<git dir>/hooks`.
    private var hooksDirectory: String {
        guard let configured = repository.configValue("core.hooksPath"), !configured.isEmpty else {
            return (repository.gitDirectory as NSString).appendingPathComponent("hooks")
        }
        if configured.hasPrefix("/") { return configured }
        return ((repository.workingDirectory ?? repository.gitDirectory) as NSString).appendingPathComponent(configured)
    }
}
