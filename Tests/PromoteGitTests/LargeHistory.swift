import Foundation
import TestSupport

/// Builds, through `git fast-import`, a repository with more than 1,000 commits, merges, renames and binary files:
/// the history every cross-check against the git CLI runs on. Built once per test process.
enum LargeHistory {
    static let shared: Result<GitFixture, any Error> = Result { try build() }

    static func fixture() throws -> GitFixture { try shared.get() }

    /// Deterministic pseudo-random numbers, so every run builds the same history.
    struct Generator {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func build() throws -> GitFixture {
        let fixture = try GitFixture()
        var stream = Data()
        var random = Generator()
        var mark = 0
        var time = 1_600_000_000
        var files: [String: Data] = [:]
        for index in 0..<40 { files["src/file\(index).txt"] = Data("file \(index)\n".utf8) }

        func emit(_ text: String) { stream.append(Data(text.utf8)) }
        func emitData(_ data: Data) {
            emit("data \(data.count)\n")
            stream.append(data)
            emit("\n")
        }
        func header(
            _ ref: String, message: String, from: Int?, merge: Int? = nil,
            author: String = "Ada Author <ada@example.com>"
        ) -> Int {
            mark += 1
            time += 60
            emit("commit \(ref)\nmark :\(mark)\n")
            emit("author \(author) \(time) +0000\ncommitter Carl Committer <carl@example.com> \(time) +0000\n")
            emitData(Data(message.utf8))
            if let from { emit("from :\(from)\n") }
            if let merge { emit("merge :\(merge)\n") }
            return mark
        }
        func modify(_ path: String, _ data: Data) {
            emit("M 100644 inline \(path)\n")
            emitData(data)
        }

        // The root commit holds every initial file.
        var head = header("refs/heads/main", message: "initial import", from: nil)
        for path in files.keys.sorted() { modify(path, files[path] ?? Data()) }

        var marks: [Int] = [head]
        for step in 1...1_100 {
            if step % 100 == 0 {
                // A side branch of four commits, merged back with a merge commit.
                var side = head
                var sideFiles: [String: Data] = [:]
                for sideStep in 0..<4 {
                    side = header(
                        "refs/heads/side\(step)", message: "side \(step).\(sideStep)", from: side,
                        author: "Bea Branch <bea@example.com>")
                    let path = "side/s\(step)-\(sideStep % 2).txt"
                    let data = Data("side \(step) \(sideStep)\n".utf8)
                    sideFiles[path] = data
                    modify(path, data)
                }
                head = header("refs/heads/main", message: "Merge side\(step)", from: head, merge: side)
                for (path, data) in sideFiles.sorted(by: { $0.key < $1.key }) {
                    files[path] = data
                    modify(path, data)
                }
                marks.append(head)
                continue
            }
            head = header("refs/heads/main", message: "change \(step)\n\nbody of change \(step)", from: head)
            let paths = files.keys.sorted().filter { $0.hasSuffix(".txt") }
            let path = paths[random.next(paths.count)]
            if step % 37 == 0 {
                // A rename with a small edit: similar enough for rename detection.
                let renamed = "moved/\(step)-" + (path as NSString).lastPathComponent
                var data = files.removeValue(forKey: path) ?? Data()
                data.append(Data("renamed at \(step)\n".utf8))
                files[renamed] = data
                emit("D \(path)\n")
                modify(renamed, data)
            } else if step % 53 == 0 {
                let binary = Data((0..<512).map { _ in UInt8(random.next(256)) } + [0, 0, 1])
                files["assets/blob\(step % 3).bin"] = binary
                modify("assets/blob\(step % 3).bin", binary)
            } else if step % 211 == 0 {
                files.removeValue(forKey: path)
                emit("D \(path)\n")
            } else {
                var data = files[path] ?? Data()
                data.append(Data("line \(step)\n".utf8))
                files[path] = data
                modify(path, data)
            }
            marks.append(head)
        }
        // tst diverges from main at step 900 with commits of its own; prd sits at step 500.
        var tst = marks[900]
        for step in 0..<3 {
            tst = header(
                "refs/heads/tst", message: "tst hotfix \(step)", from: tst, author: "Hal Hotfix <hal@example.com>")
            modify("hotfix/\(step).txt", Data("hotfix \(step)\n".utf8))
        }
        emit("reset refs/heads/prd\nfrom :\(marks[500])\n\n")
        emit("reset refs/tags/v1\nfrom :\(marks[700])\n\n")
        emit("tag v2-annotated\nfrom :\(marks[800])\ntagger Ada Author <ada@example.com> \(time) +0000\n")
        emitData(Data("release two".utf8))
        emit("done\n")
        try fixture.git(["fast-import", "--quiet", "--done"], input: stream)
        try fixture.git(["checkout", "-q", "-f", "main"])
        return fixture
    }
}
