public import DeployCore
import Foundation

/// What `promote deploy` shows a CI beyond its plain output: the deploy's progress in a collapsible group, an
/// annotation for each object that missed its status (or for the error that stopped the deploy), and the summary
/// table in GitHub's job summary.
public struct DeployCIReport: Sendable {
    public let ci: CIEnvironment
    private let group: CIEnvironment.Group
    /// Print before the deploy's progress; nil when the CI needs nothing.
    public let openingLine: String?

    public init(ci: CIEnvironment, stage: String) {
        self.ci = ci
        (group, openingLine) = ci.beginGroup("promote deploy \(stage)")
    }

    /// Print after the deploy's progress, before the summary; nil when the CI needs nothing.
    public var closingLine: String? { ci.endGroup(group) }

    /// Annotations for the objects that did not reach their status, on GitHub (elsewhere the summary table says
    /// it already); empty when the deploy succeeded.
    public func failureLines(_ report: DeployReport) -> [String] {
        guard ci.provider == .githubActions else { return [] }
        return (report.executions.map { ("execution", $0) } + report.deployments.map { ("deployment", $0) })
            .filter { !$0.1.reached }
            .map { kind, run in
                let wanted = run.wanted.map { " did not reach \($0)" } ?? " failed"
                let detail = run.message.map { ": \($0)" } ?? ""
                return ci.errorLine(
                    "\(kind) \(run.configuration) (\(run.id)) is \(run.status)\(wanted)\(detail)",
                    title: "promote deploy \(report.stage)")
            }
    }

    /// An annotation for an error that stopped the deploy, on GitHub; elsewhere the error message is enough.
    public func errorLine(_ error: any Error, stage: String) -> String? {
        guard ci.provider == .githubActions else { return nil }
        return ci.errorLine(error.localizedDescription, title: "promote deploy \(stage)")
    }

    /// Adds the report to GitHub's job summary; does nothing elsewhere.
    public func writeSummary(_ report: DeployReport) throws {
        try ci.appendStepSummary(report.renderMarkdown())
    }
}
