import Foundation

/// A short-lived helper program (ssh-keygen) run to completion with its output captured.
struct CapturedProcess {
    let status: Int32
    let stdout: Data
    let stderr: String

    /// Runs `executable` with `arguments`, feeding `input` on stdin, and waits for it.
    ///
    /// Only for programs that finish on their own within moments; hooks use `HookProcess`, which has timeouts and
    /// process groups.
    static func run(_ executable: String, _ arguments: [String], input: Data = Data()) throws -> CapturedProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdinPipe = Pipe()
        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
        // Write and read on separate threads: a program that fills one pipe while we block on another would hang.
        let group = DispatchGroup()
        let errors = ByteBuffer()
        group.enter()
        DispatchQueue.global().async {
            errors.data = stderrPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            // The program may exit without reading it all (EPIPE): its status and output say what it made of it.
            try? stdinPipe.fileHandleForWriting.write(contentsOf: input)
            try? stdinPipe.fileHandleForWriting.close()
            group.leave()
        }
        let output = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CapturedProcess(
            status: process.terminationStatus, stdout: output, stderr: String(decoding: errors.data, as: UTF8.self))
    }
}

/// Bytes handed from a reader thread to the waiting caller.
private final class ByteBuffer: @unchecked Sendable {
    // Safe: written once by the reader before `group.leave()`, read only after `group.wait()`.
    var data = Data()
}
