import Foundation
import PromoteGit
import PromoteModel

/// Judges a stage's freeze windows (`gates.freeze`, from the rules the context read) at one moment: a window that is
/// on blocks, unless `--break-glass` was given and a listed approver signed an approval of the exact commit.
struct FreezeJudge {
    let context: GateContext
    let now: Date
    let breakGlass: BreakGlass?
    /// Judges the approvals of the commit (`GateEvaluator.judgeApprovals` with one required).
    let approvals: () throws -> GateResult

    func judge(_ windows: [FreezeWindow]) throws -> [GateResult] {
        guard !windows.isEmpty else { return [] }
        let on = windows.compactMap { window in window.end(ifOnAt: now).map { (window, $0) } }
        guard !on.isEmpty else {
            let next = windows.compactMap { window in window.nextStart(after: now).map { (window, $0) } }
                .min { $0.1 < $1.1 }
            let upcoming = next.map { "; the next, \($0.0.name), starts \(FreezeWindow.utc($0.1))" } ?? ""
            return [
                GateResult(
                    name: "freeze", kind: .freeze, verdict: .pass,
                    reason: "no freeze window of \(context.stage.name) is on\(upcoming)", approvals: nil, tests: nil,
                    deployments: nil)
            ]
        }
        let approval = breakGlass == nil ? nil : try approvals()
        return on.map { window, end in
            var reason = "frozen: \(window.name) (\(window.schedule)) is on until \(FreezeWindow.utc(end))"
            if let why = window.reason { reason += " (\(why))" }
            var freeze = JudgedFreeze(
                window: window.name, schedule: window.schedule, endsAt: FreezeWindow.utc(end), reason: window.reason,
                breakGlass: nil)
            var verdict = GateVerdict.blocked
            if let breakGlass, let approval {
                let approvers = (approval.approvals ?? []).filter { $0.verdict == .accepted && !$0.revoke }
                    .compactMap(\.approver)
                if approval.verdict == .pass {
                    verdict = .pass
                    reason +=
                        "; passed with --break-glass (\(breakGlass.reason)) on the signed approval of \(approvers.joined(separator: ", "))"
                    freeze.breakGlass = BreakGlassRecord(reason: breakGlass.reason, approvers: approvers)
                } else {
                    reason +=
                        "; --break-glass needs a listed approver's signed approval of \(context.judged.short) (\(approval.reason))"
                }
            } else {
                reason +=
                    "; wait until then, or pass --break-glass --reason TEXT with a listed approver's signed approval of \(context.judged.short) ('promote approve \(context.stage.name) --commit \(context.judged.short)')"
            }
            var result = GateResult(
                name: "freeze:\(window.name)", kind: .freeze, verdict: verdict, reason: reason, approvals: nil,
                tests: nil, deployments: nil)
            result.freeze = freeze
            return result
        }
    }
}

/// A freeze window that was on when a gate was judged.
public struct JudgedFreeze: Codable, Sendable, Equatable {
    public var window: String
    public var schedule: String
    public var endsAt: String
    public var reason: String?
    /// Set when `--break-glass` let the change through.
    public var breakGlass: BreakGlassRecord?

    enum CodingKeys: String, CodingKey {
        case window, schedule, reason
        case endsAt = "ends_at"
        case breakGlass = "break_glass"
    }
}

/// What a record keeps of a break-glass: why, and whose approvals it rested on.
public struct BreakGlassRecord: Codable, Sendable, Equatable {
    public var reason: String
    public var approvers: [String]

    public init(reason: String, approvers: [String]) {
        self.reason = reason
        self.approvers = approvers
    }
}
