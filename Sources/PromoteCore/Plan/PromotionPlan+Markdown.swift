import PromoteModel
import Foundation

extension PromotionPlan {
    /// The plan as GitHub/GitLab-flavoured markdown, for pull-request comments and CI job summaries.
    public func renderMarkdown() -> String {
        var out: [String] = []
        out.append("## promote plan: \(from.stage) → \(to.stage)")
        out.append("")
        out.append("| stage | branch | head |")
        out.append("|---|---|---|")
        for side in [from, to] {
            out.append("| \(side.stage) | `\(side.branch)` | `\(side.head.shortSHA)` \(cell(side.head.subject)) |")
        }
        out.append("")
        out.append(branchSentence)
        if !directUpstream {
            out.append("")
            out.append("> **Note:** \(from.stage) is not \(to.stage)'s upstream; `promote \(from.stage) \(to.stage)` would refuse.")
        }
        if !branches.onlyOnTarget.isEmpty {
            out.append("")
            out.append("Only on `\(to.branch)`:")
            out += branches.onlyOnTarget.map { "- `\($0.shortSHA)` \(cell($0.subject))" }
        }
        if !commits.isEmpty {
            out.append("")
            out.append("### Commits (\(commits.count))")
            out.append("")
            out.append("| commit | date | author | subject |")
            out.append("|---|---|---|---|")
            out += commits.map {
                "| `\($0.shortSHA)` | \($0.authorDate.prefix(10)) | \(cell($0.authorName)) | \(cell($0.subject)) |"
            }
        }
        out.append("")
        out.append("### Templates (`\(templates.path)/`)")
        out.append("")
        if templates.executables.isEmpty {
            out.append("No executable changed.")
        } else {
            out.append("| executable | status | part | subject | change |")
            out.append("|---|---|---|---|---|")
            for executable in templates.executables {
                let name = "`\(executable.id)` (\(executable.kind.rawValue))"
                if executable.changes.isEmpty {
                    out.append("| \(name) | \(executable.status.rawValue) | | | `\(executable.file)` |")
                }
                for change in executable.changes {
                    out.append(
                        "| \(name) | \(executable.status.rawValue) | \(change.part.label) | \(cell(change.subject)) | "
                            + "\(cell(change.summary)) |")
                }
            }
        }
        out.append("")
        let overlay = config.overlay.map { " + `\($0)`" } ?? ""
        out.append("### Deploy config for \(to.stage) (`\(config.file)`\(overlay))")
        out.append("")
        if let unreadable = config.unreadable { out.append("Cannot compare: \(cell(unreadable))") }
        if config.entries.isEmpty && config.settings.isEmpty {
            out.append("No change.")
        } else {
            out.append("| entry | status | field | before | after |")
            out.append("|---|---|---|---|---|")
            for change in config.settings {
                out.append("| settings | changed | `\(change.path)` | \(cell(change.before)) | \(cell(change.after)) |")
            }
            for entry in config.entries {
                let name = "\(entry.section.rawValue) \"\(cell(entry.name))\""
                if entry.changes.isEmpty { out.append("| \(name) | \(entry.status.rawValue) | | | |") }
                for change in entry.changes {
                    out.append(
                        "| \(name) | \(entry.status.rawValue) | `\(cell(change.path))` | \(cell(change.before)) | "
                            + "\(cell(change.after)) |")
                }
            }
        }
        out.append("")
        let verdict = checks.errors > 0 ? "❌" : checks.warnings > 0 ? "⚠️" : "✅"
        out.append("### Checks \(verdict) \(checks.errors) errors, \(checks.warnings) warnings")
        if !checks.problems.isEmpty {
            out.append("")
            out += checks.problems.map { "- **\($0.severity.rawValue)** `\(cell($0.location))`: \(cell($0.message))" }
        }
        out.append("")
        out.append("### Gates (\(to.stage)) \(gates.evaluated ? (gates.passed ? "✅" : "⛔") : "")")
        out.append("")
        out += gates.lines.map { "- \(cell($0))" }
        if let patch, !patch.isEmpty {
            out.append("")
            out.append("<details><summary>Patch</summary>")
            out.append("")
            out.append("```diff")
            out.append(patch.hasSuffix("\n") ? String(patch.dropLast()) : patch)
            out.append("```")
            out.append("")
            out.append("</details>")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Text safe inside a table cell: pipes escaped, newlines flattened.
    private func cell(_ text: String?) -> String {
        guard let text else { return "" }
        return text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
