public import DeployCore
import Foundation

extension DeployReport {
    /// The deploy as GitHub-flavoured Markdown, for CI job summaries: outcome, then one row per object.
    public func renderMarkdown() -> String {
        let verdict =
            outcome == "succeeded"
            ? "every object reached its status"
            : "**FAILED**: " + (error.map { "the deploy stopped: \(Self.cell($0))" } ?? "not every object reached its status")
        var lines = [
            "### promote deploy \(stage) at `\(commit.prefix(7))`", "",
            "Resource group `\(resourceGroup)`: \(verdict).", "", "| object | name | id | status | result |",
            "|---|---|---|---|---|",
        ]
        for artifact in artifacts {
            lines.append(row(["artifact", artifact.name, artifact.id, "-", artifact.reused ? "reused" : "created"]))
        }
        for configuration in configurations {
            lines.append(
                row([
                    "configuration", configuration.name, configuration.id, "-",
                    configuration.reused ? "reused" : "created",
                ]))
        }
        for (kind, runs) in [("execution", executions), ("deployment", deployments)] {
            for run in runs {
                var result = run.reached ? "ok" : "FAILED"
                if let wanted = run.wanted { result += " (wanted \(wanted))" }
                if !run.reached, let message = run.message { result += ": \(message)" }
                if let url = run.url { result += " \(url)" }
                lines.append(row([kind, run.configuration, run.id, run.status, result]))
            }
        }
        for destination in destinations {
            lines.append(
                row(["destination", destination.name, "-", "-", "\(destination.action) → \(destination.url)"]))
        }
        for schedule in schedules {
            lines.append(row(["schedule", schedule.name, schedule.id, schedule.status, schedule.resultText]))
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    private func row(_ cells: [String]) -> String {
        "| " + cells.map(Self.cell).joined(separator: " | ") + " |"
    }

    /// Text that stays inside one table cell or line.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
