import PromoteModel

extension PromotionPlan {
    /// The plan for a terminal: what moves, what changes in terms of executables and config, what the checks found.
    public func renderText() -> String {
        var out: [String] = []
        out.append("Plan: promote \(from.stage) → \(to.stage)")
        out.append("")
        let width = max(from.stage.count, to.stage.count)
        for side in [from, to] {
            out.append(
                "  \(side.stage.padding(width))  \(side.branch)  \(side.head.shortSHA)  \(side.head.subject)")
        }
        out.append("")
        out.append(branchSentence)
        if !directUpstream {
            out.append("Note: \(from.stage) is not \(to.stage)'s upstream; `promote \(from.stage) \(to.stage)` would refuse.")
        }
        if !branches.onlyOnTarget.isEmpty {
            out.append("Only on \(to.branch):")
            out += branches.onlyOnTarget.map { "  \(commitLine($0))" }
        }
        if !commits.isEmpty {
            out.append("")
            out.append("Commits to promote (\(commits.count)):")
            out += commits.map { "  \(commitLine($0))" }
        }
        out.append("")
        out += templateLines
        out.append("")
        out += configLines
        out.append("")
        out += checkLines
        out.append("")
        out.append("Gates (\(to.stage)):")
        out += gates.lines.map { "  \($0)" }
        if let patch, !patch.isEmpty {
            out.append("")
            out.append("Patch:")
            out.append(patch.hasSuffix("\n") ? String(patch.dropLast()) : patch)
        }
        return out.joined(separator: "\n") + "\n"
    }

    var branchSentence: String {
        switch branches.status {
        case .fastForward:
            let noun = branches.ahead == 1 ? "commit" : "commits"
            return "Branches: \(to.branch) can fast-forward to \(from.head.shortSHA) (\(branches.ahead) \(noun))."
        case .upToDate:
            let extra = branches.behind > 0 ? "; it has \(branches.behind) more of its own" : ""
            return "Branches: \(to.branch) already contains \(from.branch) (\(from.head.shortSHA))\(extra): nothing to promote."
        case .diverged:
            return "Branches: diverged: \(branches.reason ?? "")."
        }
    }

    private func commitLine(_ commit: CommitSummary) -> String {
        "\(commit.shortSHA)  \(commit.authorDate.prefix(10))  \(commit.authorName) <\(commit.authorEmail)>  \(commit.subject)"
    }

    private var templateLines: [String] {
        var out = ["Templates (\(templates.path)/):"]
        if templates.executables.isEmpty {
            out.append("  no executable changed")
            return out
        }
        for executable in templates.executables {
            let marker = executable.status == .added ? "+" : executable.status == .removed ? "-" : "~"
            let what = executable.status == .changed ? "" : " \(executable.status.rawValue)"
            out.append("  \(marker) \(executable.id) (\(executable.kind.rawValue), \(executable.file))\(what)")
            let partWidth = executable.changes.map { $0.part.label.count }.max() ?? 0
            for change in executable.changes {
                out.append("      \(change.part.label.padding(partWidth))  \(change.subject): \(change.summary)")
            }
        }
        return out
    }

    private var configLines: [String] {
        let overlay = config.overlay.map { " + \($0)" } ?? ""
        var out = ["Deploy config for \(to.stage) (\(config.file)\(overlay)):"]
        if let unreadable = config.unreadable { out.append("  cannot compare: \(unreadable)") }
        if config.entries.isEmpty && config.settings.isEmpty {
            out.append("  no change")
            return out
        }
        for change in config.settings {
            out.append("  ~ \(change.path): \(valueText(change))")
        }
        for entry in config.entries {
            let marker = entry.status == .added ? "+" : entry.status == .removed ? "-" : "~"
            let what = entry.status == .changed ? "" : " \(entry.status.rawValue)"
            out.append("  \(marker) \(entry.section.rawValue) \"\(entry.name)\"\(what)")
            out += entry.changes.map { "      \($0.path): \(valueText($0))" }
        }
        return out
    }

    private func valueText(_ change: ValueChange) -> String {
        switch (change.before, change.after) {
        case (nil, let after?): return "added \(after)"
        case (let before?, nil): return "removed (was \(before))"
        default: return "\(change.before ?? "") → \(change.after ?? "")"
        }
    }

    private var checkLines: [String] {
        let summary = "\(checks.errors) \(checks.errors == 1 ? "error" : "errors"), "
            + "\(checks.warnings) \(checks.warnings == 1 ? "warning" : "warnings")"
        var out = ["Checks of \(from.head.shortSHA) as \(to.stage) would deploy it: \(summary)"]
        out += checks.problems.map { "  \($0.severity.rawValue): \($0.location): \($0.message)" }
        return out
    }
}

extension TemplateChange.Part {
    /// The column label in text and markdown output.
    var label: String { rawValue.replacingUnderscores }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }

    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
