import Foundation
import PromoteGit
import TestSupport
import Testing

/// Fetch and push over ssh, authenticated by a key held in a real ssh-agent, against a real sshd on 127.0.0.1:
/// what CI runners with an ssh deploy key (Jenkins `sshagent`, GitLab deploy keys) do.
@Suite(.serialized) struct SSHRemoteTests {
    /// An sshd on a free loopback port that accepts one generated key, and an ssh-agent holding that key.
    final class SSHServer {
        let directory = TemporaryDirectory("sshd")
        let port: Int
        let agentSocket: String
        private var daemons: [pid_t] = []

        init() throws {
            let dir = directory.path
            try Shell.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", "\(dir)/host_key"])
            try Shell.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", "\(dir)/client_key"])
            try FileManager.default.copyItem(atPath: "\(dir)/client_key.pub", toPath: "\(dir)/authorized_keys")
            port = try Self.freePort()
            let user = ProcessInfo.processInfo.environment["USER"] ?? "root"
            let config = """
                Port \(port)
                ListenAddress 127.0.0.1
                HostKey \(dir)/host_key
                AuthorizedKeysFile \(dir)/authorized_keys
                AllowUsers \(user)
                StrictModes no
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PubkeyAuthentication yes
                PermitRootLogin prohibit-password
                UsePAM no
                PidFile \(dir)/sshd.pid
                """
            try config.write(toFile: "\(dir)/sshd_config", atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
            daemons.append(
                try Shell.startDaemon(["/usr/sbin/sshd", "-D", "-f", "\(dir)/sshd_config", "-E", "\(dir)/sshd.log"]))
            agentSocket = "\(dir)/agent.sock"
            daemons.append(try Shell.startDaemon(["ssh-agent", "-D", "-a", agentSocket]))
            try Self.waitFor { FileManager.default.fileExists(atPath: self.agentSocket) }
            let added = try Shell.run(
                "ssh-add", ["-q", "\(dir)/client_key"], environment: ["SSH_AUTH_SOCK": agentSocket])
            guard added.status == 0 else { throw FixtureError.gitFailed(arguments: ["ssh-add"], stderr: added.stderr) }
            try Self.waitFor { (try? Self.connect(port: self.port)) == true }
        }

        /// A known_hosts file holding this server's host key.
        var knownHosts: String {
            let path = directory.appending("known_hosts")
            let key = (try? String(contentsOfFile: directory.appending("host_key.pub"), encoding: .utf8)) ?? ""
            try? "[127.0.0.1]:\(port) \(key)".write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        func url(_ path: String) -> String {
            "ssh://\(ProcessInfo.processInfo.environment["USER"] ?? "root")@127.0.0.1:\(port)\(path)"
        }

        static func freePort() throws -> Int {
            let result = try Shell.run(
                "python3",
                ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
            return Int(result.output) ?? 0
        }

        static func connect(port: Int) throws -> Bool {
            let probe = "import socket; socket.create_connection(('127.0.0.1', \(port)), timeout=1)"
            return try Shell.run("python3", ["-c", probe]).status == 0
        }

        static func waitFor(_ condition: () -> Bool) throws {
            for _ in 0..<100 {
                if condition() { return }
                usleep(50_000)
            }
            throw FixtureError.gitFailed(arguments: ["wait for sshd/ssh-agent"], stderr: "timed out")
        }

        deinit {
            for pid in daemons { kill(pid, SIGKILL) }
        }
    }

    @Test func fetchesAndPushesWithAKeyFromTheAgent() throws {
        let server = try SSHServer()
        let origin = try GitFixture(bare: true)
        let seed = try GitFixture()
        let first = try seed.commit("first", files: ["a.txt": "1"])
        try seed.git(["push", "-q", origin.path, "main"])

        setenv("SSH_AUTH_SOCK", server.agentSocket, 1)
        defer { unsetenv("SSH_AUTH_SOCK") }
        let work = try GitFixture()
        let repository = try Repository(discoveringFrom: work.path)
        let url = server.url(origin.path)
        #expect(throws: GitError.unknownHostKey(url: url)) {
            try repository.fetch(url, refspecs: ["+refs/heads/*:refs/remotes/origin/*"], credentials: GitCredentials())
        }
        let credentials = GitCredentials(knownHostsFile: server.knownHosts)
        try repository.fetch(url, refspecs: ["+refs/heads/*:refs/remotes/origin/*"], credentials: credentials)
        #expect(try repository.referenceTarget("refs/remotes/origin/main")?.hex == first)

        try work.git(["reset", "-q", "--hard", "origin/main"])
        let second = try work.commit("second", files: ["a.txt": "2"])
        try repository.push(url, updates: [PushUpdate(source: "refs/heads/main")], credentials: credentials)
        #expect(try origin.git(["rev-parse", "main"]) == second)
    }

    @Test func withoutTheAgentTheFailureSaysAuthentication() throws {
        let server = try SSHServer()
        let origin = try GitFixture(bare: true)
        let work = try GitFixture()
        let repository = try Repository(discoveringFrom: work.path)
        let url = server.url(origin.path)
        #expect(throws: GitError.authenticationFailed(url: url)) {
            let credentials = GitCredentials(useSSHAgent: false, knownHostsFile: server.knownHosts)
            try repository.fetch(url, refspecs: ["+refs/heads/*:refs/remotes/origin/*"], credentials: credentials)
        }
    }
}
