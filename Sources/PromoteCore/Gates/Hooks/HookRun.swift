public import Foundation
public import PromoteModel

/// One finished run of a test or verify hook.
public struct HookRun: Sendable, Equatable {
    public let hook: Hook
    public let startedAt: Date
    public let finishedAt: Date
    /// The exit status; 128 + signal when a signal ended it.
    public let exitCode: Int
    public let timedOut: Bool
    public let seconds: Double
    /// The last part of the output (stdout and stderr interleaved).
    public let outputTail: String

    public var outcome: TestRecord.Outcome { timedOut ? .timedOut : exitCode == 0 ? .passed : .failed }

    /// "passed (0.4s)", "failed (exit 1, 0.4s)", "timed out after 600s".
    public var summary: String {
        switch outcome {
        case .passed: return "passed (\(TestJudge.seconds(seconds)))"
        case .failed: return "failed (exit \(exitCode), \(TestJudge.seconds(seconds)))"
        case .timedOut: return "timed out after \(hook.timeoutSeconds)s (killed)"
        }
    }
}
