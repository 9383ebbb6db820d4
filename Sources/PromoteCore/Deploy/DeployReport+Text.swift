public import DeployCore

extension DeployReport {
    /// The table printed after a deploy: every object, its id, status, what was wanted and the result.
    public func renderSummary() -> String {
        var rows = [["OBJECT", "NAME", "ID", "STATUS", "WANTED", "RESULT"]]
        for artifact in artifacts {
            rows.append(["artifact", artifact.name, artifact.id, "-", "-", artifact.reused ? "reused" : "created"])
        }
        for configuration in configurations {
            rows.append([
                "configuration", configuration.name, configuration.id, "-", "-",
                configuration.reused ? "reused" : "created",
            ])
        }
        for (kind, runs) in [("execution", executions), ("deployment", deployments)] {
            for run in runs {
                var result = run.reached ? "ok" : "FAILED"
                if !run.reached, let message = run.message { result += ": \(message)" }
                if let seconds = run.seconds { result += " (\(seconds)s)" }
                if let url = run.url, kind == "deployment" { result += " \(url)" }
                if let back = run.rolledBackTo { result += ", rolled back to \(back)" }
                rows.append([kind, run.configuration, run.id, run.status, run.wanted ?? "-", result])
            }
        }
        for destination in destinations {
            rows.append(["destination", destination.name, "-", "-", "-", "\(destination.action) -> \(destination.url)"])
        }
        for schedule in schedules {
            rows.append(["schedule", schedule.name, schedule.id, schedule.status, "-", schedule.resultText])
        }
        var lines = [""] + TextTable.render(rows)
        lines.append("")
        if let error {
            lines.append("deploy of \(stage) at \(commit.prefix(7)) FAILED: \(error) (\(requests) requests)")
        } else {
            lines.append(
                outcome == "succeeded"
                    ? "deployed \(stage) at \(commit.prefix(7)): every object reached its status (\(requests) requests)"
                    : "deploy of \(stage) at \(commit.prefix(7)) FAILED: not every object reached its status (\(requests) requests)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ScheduleReport {
    /// What the deploy did, with the cron: `created (0 3 * * 1)`, `updated cron, status (0 4 * * 1)`, `removed`.
    var resultText: String {
        switch action {
        case .updated: "updated \((changes ?? []).joined(separator: ", ")) (\(cron))"
        case .removed: "removed (was \(cron))"
        default: "\(action.rawValue) (\(cron))"
        }
    }
}
