import Foundation

extension GateReport {
    /// The same judgement as Markdown, for `promote plan` and CI summaries: a table of gates, then the evidence.
    public func renderMarkdown() -> String {
        var lines = [
            "#### Gates of `\(stage)` for `\(commit.prefix(7))`: \(verdict == .pass ? "pass" : "**blocked**")", "",
            "Rules: `stages/\(stage).json` and `stages/allowed_signers` on `\(rules.branch)` at `\(rules.commit.prefix(7))`; range: \(Self.escape(range.describe())).",
        ]
        if let warning = rules.warning { lines += ["", "> **Warning:** \(Self.escape(warning))"] }
        lines.append("")
        guard !gates.isEmpty else {
            lines.append("`\(stage)` defines no gates.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("| gate | verdict | reason |")
        lines.append("|---|---|---|")
        for gate in gates {
            lines.append(
                "| `\(gate.name)` | \(gate.verdict == .pass ? "pass" : "**blocked**") | \(Self.escape(gate.reason)) |")
        }
        for gate in gates {
            let evidence = gate.evidenceLines()
            guard !evidence.isEmpty else { continue }
            lines += [
                "",
                "<details><summary><code>\(gate.name)</code>: \(evidence.count) record\(evidence.count == 1 ? "" : "s") judged</summary>",
                "",
            ]
            lines += evidence.map { "- " + Self.escape($0) }
            lines += ["", "</details>"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Keeps record text (comments are free text) from breaking the table or injecting HTML.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ")
    }
}
