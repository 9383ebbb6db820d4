import Foundation
import PromoteModel

extension ReportPage {
    /// Each pending promotion: what stops it and the command for each, its gates, commits and semantic changes.
    func promotionsSection() -> String {
        var out = [##"<section id="promotions" aria-labelledby="promotions-heading">"##]
        out.append(##"<h2 id="promotions-heading">Pending promotions</h2>"##)
        if report.promotions.isEmpty {
            out.append("<p>Every stage has all of its upstream's commits: nothing is waiting.</p>")
        }
        out += report.promotions.map(promotion)
        out.append("</section>")
        return out.joined(separator: "\n")
    }

    private func promotion(_ pending: PendingPromotion) -> String {
        let plan = pending.plan
        let id = Self.anchor("promotion", pending.from, pending.to)
        let tone = pending.ready ? "ok" : "bad"
        let verdict = pending.ready ? "✓ ready" : "✕ blocked"
        var out = ["<article class=\"card \(tone)\" id=\"\(id)\" aria-labelledby=\"\(id)-heading\">"]
        out.append(
            "<h3 id=\"\(id)-heading\">\(Self.text(pending.from)) → \(Self.text(pending.to)) "
                + "<span class=\"badge \(tone)\">\(verdict)</span></h3>")
        out.append("<p>\(Self.text(Self.relation(plan)))</p>")
        out.append("<h4>\(pending.ready ? "Next step" : "What would unblock it")</h4>")
        out.append("<ol class=\"steps\">")
        for step in pending.steps {
            var item = "<li><strong>\(Self.text(step.gate))</strong>: \(Self.text(step.action))"
            if let command = step.command { item += "<pre><code>\(Self.text(command))</code></pre>" }
            out.append(item + "</li>")
        }
        out.append("</ol>")
        out.append(gates(plan))
        out.append(commits(plan))
        out.append(templates(plan))
        out.append(config(plan))
        out.append(checks(plan))
        out.append("</article>")
        return out.joined(separator: "\n")
    }

    static func relation(_ plan: PromotionPlan) -> String {
        let commits = plural(plan.branches.ahead, "commit")
        switch plan.branches.status {
        case .fastForward:
            return "\(plan.to.stage) (\(plan.to.head.shortSHA)) would fast-forward to \(plan.from.stage)'s head "
                + "\(plan.from.head.shortSHA): \(commits)."
        case .diverged:
            return "\(plan.to.stage) has diverged from \(plan.from.stage): \(commits) to bring, "
                + "\(plural(plan.branches.behind, "commit")) only on \(plan.to.branch). "
                + (plan.branches.reason ?? "")
        case .upToDate:
            return "\(plan.to.stage) already has \(plan.from.stage)'s head."
        }
    }

    private func gates(_ plan: PromotionPlan) -> String {
        guard let results = plan.gates.results else {
            return "<h4>Gates</h4><ul>"
                + plan.gates.lines.map { "<li>\(Self.text($0))</li>" }.joined() + "</ul>"
        }
        guard !results.isEmpty else {
            return "<h4>Gates</h4><p>\(Self.text(plan.to.stage)) defines no gates: every commit may enter.</p>"
        }
        let rows = results.map { gate in
            let verdict =
                gate.verdict == .pass ? "<span class=\"ok\">✓ pass</span>" : "<span class=\"bad\">✕ blocked</span>"
            return "<tr><th scope=\"row\"><code>\(Self.text(gate.name))</code></th><td class=\"nowrap\">\(verdict)</td>"
                + "<td>\(Self.text(gate.reason))</td></tr>"
        }
        return """
            <h4>Gates of \(Self.text(plan.to.stage)) for \(Self.text(plan.from.head.shortSHA))</h4>
            <div class="scroll" tabindex="0" role="region" aria-label="Gates of \(Self.text(plan.to.stage))">
            <table><thead><tr><th scope="col">Gate</th><th scope="col">Verdict</th><th scope="col">Reason</th></tr>\
            </thead><tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>
            </div>
            """
    }

    private func commits(_ plan: PromotionPlan) -> String {
        let items = plan.commits.map { commit in
            "<li>\(Self.commit(commit.sha)) \(Self.text(commit.subject)) <span class=\"muted\">— "
                + "\(Self.text(commit.authorName)), \(Self.text(Self.when(commit.authorDate)))</span></li>"
        }
        return "<details><summary>Commits (\(plan.commits.count))</summary><ul>\(items.joined())</ul></details>"
    }

    private func templates(_ plan: PromotionPlan) -> String {
        let executables = plan.templates.executables
        guard !executables.isEmpty else {
            return "<p class=\"muted\">No template in <code>\(Self.text(plan.templates.path))</code> changes.</p>"
        }
        var items: [String] = []
        for executable in executables {
            var item =
                "<li><code>\(Self.text(executable.id))</code> (\(Self.text(executable.kind.rawValue)), "
                + "\(Self.text(executable.file))): <strong>\(Self.text(executable.status.rawValue))</strong>"
            if !executable.changes.isEmpty {
                item += "<ul>"
                for change in executable.changes {
                    item += "<li>\(Self.text(change.summary))\(Self.beforeAfter(change.before, change.after))</li>"
                }
                item += "</ul>"
            }
            items.append(item + "</li>")
        }
        return "<details open=\"open\"><summary>Template changes (\(executables.count))</summary><ul>"
            + items.joined() + "</ul></details>"
    }

    private func config(_ plan: PromotionPlan) -> String {
        let section = plan.config
        if let unreadable = section.unreadable {
            return "<p class=\"bad\">The deploy config could not be compared: \(Self.text(unreadable))</p>"
        }
        let count = section.settings.count + section.entries.count
        guard count > 0 else {
            return "<p class=\"muted\">The deploy config (<code>\(Self.text(section.file))</code>) does not change "
                + "for \(Self.text(plan.to.stage)).</p>"
        }
        var items = section.settings.map { change in
            "<li><code>\(Self.text(change.path))</code>\(Self.beforeAfter(change.before, change.after))</li>"
        }
        for entry in section.entries {
            var item =
                "<li>\(Self.text(entry.section.rawValue)) <code>\(Self.text(entry.name))</code>: "
                + "<strong>\(Self.text(entry.status.rawValue))</strong>"
            if !entry.changes.isEmpty {
                item +=
                    "<ul>"
                    + entry.changes.map {
                        "<li><code>\(Self.text($0.path))</code>\(Self.beforeAfter($0.before, $0.after))</li>"
                    }.joined() + "</ul>"
            }
            items.append(item + "</li>")
        }
        return "<details open=\"open\"><summary>Deploy config changes (\(count))</summary><ul>" + items.joined()
            + "</ul></details>"
    }

    private func checks(_ plan: PromotionPlan) -> String {
        let checks = plan.checks
        let title = "Checks: \(Self.plural(checks.errors, "error")), \(Self.plural(checks.warnings, "warning"))"
        guard !checks.problems.isEmpty else { return "<p class=\"muted\">\(title).</p>" }
        let items = checks.problems.map { problem in
            let tone = problem.severity.rawValue == "error" ? "bad" : "warn"
            return "<li><span class=\"\(tone)\">\(Self.text(problem.severity.rawValue))</span> "
                + "<code>\(Self.text(problem.location))</code>: \(Self.text(problem.message))</li>"
        }
        return
            "<details\(checks.errors > 0 ? " open=\"open\"" : "")><summary>\(title)</summary><ul>\(items.joined())</ul></details>"
    }

    /// `: before → after`, with absent sides left out.
    static func beforeAfter(_ before: String?, _ after: String?) -> String {
        switch (before, after) {
        case (nil, nil): return ""
        case (let before?, nil): return ": <del><code>\(text(before))</code></del> → removed"
        case (nil, let after?): return ": added <ins><code>\(text(after))</code></ins>"
        case (let before?, let after?):
            return ": <del><code>\(text(before))</code></del> → <ins><code>\(text(after))</code></ins>"
        }
    }
}
