import Foundation
import PromoteModel

extension ReportPage {
    /// One section per stage: its facts, its metrics over its deploys, and its history, newest first.
    func stagesSection() -> String {
        var out = [##"<section id="stage-details" aria-labelledby="stage-details-heading">"##]
        out.append(##"<h2 id="stage-details-heading">Each stage</h2>"##)
        for (status, overview) in zip(report.status.stages, report.stages) {
            out.append(stage(status, overview))
        }
        out.append("</section>")
        return out.joined(separator: "\n")
    }

    private func stage(_ status: StageStatus, _ overview: StageOverview) -> String {
        let id = Self.anchor("stage", status.name)
        let tone = Self.tone(overview.marks)
        var facts: [(String, String)] = [
            ("State", "<span class=\"\(tone)\">\(Self.text(Self.marksText(overview.marks)))</span>"),
            ("Branch", "<code>\(Self.text(status.branch))</code>"),
            ("Head", "\(Self.commit(status.head.sha)) \(Self.text(status.head.subject))"),
            ("Upstream", Self.text(Self.upstreamText(status))),
            ("Deployed", Self.text(Self.deployedText(status, overview))),
        ]
        if let last = overview.lastDeploy {
            var text =
                "\(Self.commit(last.commit)) <span class=\"\(last.outcome == "succeeded" ? "ok" : "bad")\">"
                + "\(Self.text(last.outcome))</span> at \(Self.text(Self.when(last.finishedAt)))"
            if last.run != nil { text += " (\(Self.link(last.run, label: "CI run")))" }
            facts.append(("Last deploy", text))
        }
        if !status.remote.exists {
            facts.append(("Remote", "no remote-tracking branch"))
        } else if !status.remote.inSync {
            facts.append(
                ("Remote", "local is \(status.remote.ahead ?? 0) ahead, \(status.remote.behind ?? 0) behind"))
        }
        if let hold = status.hold { facts.append(("Hold", Self.text(hold.summary))) }
        if !overview.frozenWindows.isEmpty {
            facts.append(("Frozen", Self.text(overview.frozenWindows.joined(separator: "; "))))
        }
        let list = facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined()
        return """
            <article class="card \(tone)" id="\(id)" aria-labelledby="\(id)-heading">
            <h3 id="\(id)-heading">\(Self.text(status.name))</h3>
            <dl class="facts">\(list)</dl>
            \(metrics(overview))
            \(history(overview))
            </article>
            """
    }

    // MARK: history

    private func history(_ overview: StageOverview) -> String {
        let events = overview.history.events
        guard !events.isEmpty else {
            return "<h4>History</h4><p>No promotion, deploy, approval, test run or hold of "
                + "\(Self.text(overview.name)) is recorded yet.</p>"
        }
        let rows = events.map { event in
            "<tr><td><time datetime=\"\(Self.text(event.at))\">\(Self.text(Self.when(event.at)))</time></td>"
                + "<td>\(Self.text(Self.eventName(event)))</td><td>\(Self.commit(event.commit))</td>"
                + "<td>\(Self.text(Self.eventDetails(event)))</td><td>\(Self.text(event.by ?? ""))</td>"
                + "<td>\(Self.link(event.run, label: "run"))</td></tr>"
        }
        return """
            <h4>History</h4>
            <p class="muted">Newest first, as recorded in git notes. Approvals and test runs are listed as written; \
            whether they count is what the gates above judge.</p>
            <div class="scroll" tabindex="0" role="region" aria-label="History of \(Self.text(overview.name))">
            <table><thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Commit</th>\
            <th scope="col">Details</th><th scope="col">By</th><th scope="col">CI</th></tr></thead><tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>
            </div>
            """
    }

    static func eventName(_ event: StageHistory.Event) -> String {
        switch event.kind {
        case "promotion": return "promoted"
        case "deployment": return "deployed"
        case "approval": return event.outcome == "revoked" ? "approval revoked" : "approved"
        case "test": return "tested"
        case "hold": return "held"
        case "rollback": return "rolled back"
        case "release": return "released"
        default: return event.kind
        }
    }

    static func eventDetails(_ event: StageHistory.Event) -> String {
        let reason = event.reason.flatMap { $0.isEmpty ? nil : $0 }
        switch event.kind {
        case "promotion":
            return "from \(event.from ?? "?")" + (event.old.map { ", was \($0.prefix(7))" } ?? ", branch created")
        case "deployment":
            let objects = (event.executions?.count ?? 0) + (event.deployments?.count ?? 0)
            return "\(event.outcome ?? "?"), \(plural(objects, "object"))"
        case "test":
            return "\(event.id ?? "?"): \(event.outcome ?? "?")"
        case "approval":
            return reason.map { "“\($0)”" } ?? ""
        case "rollback":
            return "back from \(event.old.map { String($0.prefix(7)) } ?? "?"); hold \(event.outcome ?? "?")"
                + (reason.map { ": \($0)" } ?? "")
        default:
            return [event.outcome, reason].compactMap { $0 }.joined(separator: ": ")
        }
    }

    // MARK: metrics

    /// A small line chart per metric of each configuration, over the stage's deploys that count, oldest to newest;
    /// the values are also in a table for reading.
    private func metrics(_ overview: StageOverview) -> String {
        let series = Self.metricSeries(overview.metrics)
        guard !series.isEmpty else { return "" }
        var charts: [String] = []
        for (index, entry) in series.enumerated() {
            charts.append(chart(entry, id: Self.anchor("chart", overview.name, String(index))))
        }
        return "<h4>Metrics over its deploys</h4><div class=\"charts\">\(charts.joined(separator: "\n"))</div>"
    }

    struct MetricSeries {
        let title: String
        let points: [(commit: String, at: String, value: Double)]
    }

    /// The values of each (configuration, metric) in deploys that count and succeeded, oldest first.
    static func metricSeries(_ metrics: StageMetrics?) -> [MetricSeries] {
        guard let metrics else { return [] }
        var order: [String] = []
        var points: [String: [(commit: String, at: String, value: Double)]] = [:]
        for deploy in metrics.deploys.reversed() where deploy.counts && deploy.outcome == "succeeded" {
            for execution in deploy.executions {
                let source = execution.configuration ?? execution.executable ?? execution.id
                for value in execution.metrics {
                    let key = "\(value.name) of \(source)"
                    if points[key] == nil { order.append(key) }
                    points[key, default: []].append((deploy.commit, deploy.finishedAt, value.value))
                }
            }
        }
        return order.map { MetricSeries(title: $0, points: points[$0] ?? []) }
    }

    private func chart(_ series: MetricSeries, id: String) -> String {
        let (width, height, left, right, top, bottom) = (320.0, 140.0, 52.0, 12.0, 12.0, 24.0)
        let values = series.points.map(\.value)
        let low = values.min() ?? 0
        let high = values.max() ?? 0
        let span = high - low == 0 ? 1 : high - low
        let step = series.points.count > 1 ? (width - left - right) / Double(series.points.count - 1) : 0
        let coordinates = series.points.enumerated().map { index, point in
            (
                left + (series.points.count > 1 ? Double(index) * step : (width - left - right) / 2),
                top + (high - point.value) / span * (height - top - bottom)
            )
        }
        let described = series.points.map { "\(MetricRule.format($0.value)) (\($0.commit.prefix(7)))" }
            .joined(separator: ", ")
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"\(id)-title\" "
            + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" width=\"100%\">"
            + "<title id=\"\(id)-title\">\(Self.text(series.title)) over \(Self.plural(values.count, "deploy")), "
            + "oldest first: \(Self.text(described))</title>"
        svg +=
            "<line class=\"axis\" x1=\"\(Self.number(left))\" y1=\"\(Self.number(top))\" x2=\"\(Self.number(left))\" "
            + "y2=\"\(Self.number(height - bottom))\"/><line class=\"axis\" x1=\"\(Self.number(left))\" "
            + "y1=\"\(Self.number(height - bottom))\" x2=\"\(Self.number(width - right))\" "
            + "y2=\"\(Self.number(height - bottom))\"/>"
        svg +=
            "<text class=\"muted\" x=\"4\" y=\"\(Self.number(top + 10))\">\(Self.text(MetricRule.format(high)))</text>"
            + "<text class=\"muted\" x=\"4\" y=\"\(Self.number(height - bottom))\">\(Self.text(MetricRule.format(low)))"
            + "</text><text class=\"muted\" x=\"\(Self.number(left))\" y=\"\(Self.number(height - 6))\">oldest</text>"
            + "<text class=\"muted\" x=\"\(Self.number(width - right))\" y=\"\(Self.number(height - 6))\" "
            + "text-anchor=\"end\">newest</text>"
        if coordinates.count > 1 {
            let path = coordinates.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
            svg += "<polyline class=\"line\" points=\"\(path)\"/>"
        }
        for (x, y) in coordinates {
            svg += "<circle class=\"point\" cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"4\"/>"
        }
        svg += "</svg>"
        let rows = series.points.reversed().map { point in
            "<tr><td>\(Self.text(Self.when(point.at)))</td><td>\(Self.commit(point.commit))</td>"
                + "<td>\(Self.text(MetricRule.format(point.value)))</td></tr>"
        }
        return """
            <figure class="chart">
            <figcaption><strong>\(Self.text(series.title))</strong></figcaption>
            \(svg)
            <details><summary>Values of \(Self.text(series.title))</summary>
            <table><thead><tr><th scope="col">Deployed</th><th scope="col">Commit</th><th scope="col">Value</th></tr>\
            </thead><tbody>\(rows.joined())</tbody></table></details>
            </figure>
            """
    }
}
