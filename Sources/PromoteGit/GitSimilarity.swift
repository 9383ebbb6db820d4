internal import Clibgit2
import Foundation

/// git's own rename similarity (diffcore-delta.c), plugged into libgit2 as its similarity metric.
///
/// libgit2's default metric scores small text files differently from git, so `promote plan` would report renames
/// that `git diff -M` does not (and the other way round). Content is cut into spans that end at a newline or after
/// 64 bytes; each span is hashed; the score is the bytes of spans both sides share over the larger size.
final class SpanSignature {
    let size: Int
    let spans: [UInt32: Int]

    init(_ bytes: UnsafeRawBufferPointer) {
        size = bytes.count
        let isText = !bytes.prefix(8000).contains(0)
        var spans: [UInt32: Int] = [:]
        var accum1: UInt32 = 0
        var accum2: UInt32 = 0
        var length = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            // A CR before LF does not count in text, so CRLF and LF files compare equal.
            if isText && byte == 0x0D && index < bytes.count && bytes[index] == 0x0A { continue }
            let old1 = accum1
            accum1 = (accum1 << 7) ^ (accum2 >> 25)
            accum2 = (accum2 << 7) ^ (old1 >> 25)
            accum1 &+= UInt32(byte)
            length += 1
            if length < 64 && byte != 0x0A { continue }
            spans[(accum1 &+ accum2 &* 0x61) % 107_927, default: 0] += length
            length = 0
            accum1 = 0
            accum2 = 0
        }
        if length > 0 { spans[(accum1 &+ accum2 &* 0x61) % 107_927, default: 0] += length }
        self.spans = spans
    }

    /// Percent similarity, floored, exactly as `git diff -M` prints it.
    func similarity(to other: SpanSignature) -> Int32 {
        let largest = max(size, other.size)
        guard largest > 0, other.size > 0, size > 0 else { return 0 }
        var copied = 0
        for (hash, count) in spans { if let otherCount = other.spans[hash] { copied += min(count, otherCount) } }
        return Int32(copied * 100 / largest)
    }
}

/// The libgit2 metric callbacks. The signature objects are retained while libgit2 holds them and released in
/// `free_signature`.
nonisolated(unsafe) var gitSimilarityMetric: git_diff_similarity_metric = {
    var metric = git_diff_similarity_metric()
    metric.file_signature = { out, _, path, _ in
        guard let out, let path, let data = FileManager.default.contents(atPath: String(cString: path)) else {
            return -1
        }
        let signature = data.withUnsafeBytes { SpanSignature($0) }
        out.pointee = Unmanaged.passRetained(signature).toOpaque()
        return 0
    }
    metric.buffer_signature = { out, _, buffer, length, _ in
        guard let out else { return -1 }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: buffer == nil ? 0 : length)
        out.pointee = Unmanaged.passRetained(SpanSignature(bytes)).toOpaque()
        return 0
    }
    metric.free_signature = { signature, _ in
        guard let signature else { return }
        Unmanaged<SpanSignature>.fromOpaque(signature).release()
    }
    metric.similarity = { score, one, two, _ in
        guard let score, let one, let two else { return -1 }
        let first = Unmanaged<SpanSignature>.fromOpaque(one).takeUnretainedValue()
        let second = Unmanaged<SpanSignature>.fromOpaque(two).takeUnretainedValue()
        score.pointee = first.similarity(to: second)
        return 0
    }
    return metric
}()
