import Foundation

extension ReportPage {
    /// Box size and spacing of the stage graph, in SVG units (pixels at 1:1).
    private enum Layout {
        static let width = 232.0
        static let gapX = 56.0
        static let gapY = 24.0
        static let margin = 8.0
        static let lineHeight = 21.0
        /// Characters that fit on one line of a box.
        static let columns = 26
    }

    /// The stage graph as SVG (each stage a box linking to its section, each upstream an arrow), in a region that
    /// scrolls sideways on a narrow screen, followed by the same facts as a table.
    func graphSection() -> String {
        let positions = Self.positions(report.status.stages)
        let marks = report.stages.map { Self.wrap(Self.marksText($0.marks)) }
        let boxHeight = Self.boxHeight(lines: 5 + (marks.map(\.count).max() ?? 1))
        let x = { (column: Int) in Layout.margin + Double(column) * (Layout.width + Layout.gapX) }
        let y = { (row: Int) in Layout.margin + Double(row) * (boxHeight + Layout.gapY) }
        let columns = (positions.values.map(\.column).max() ?? 0) + 1
        let rows = (positions.values.map(\.row).max() ?? 0) + 1
        let width = Layout.margin * 2 + Double(columns) * Layout.width + Double(columns - 1) * Layout.gapX
        let height = Layout.margin * 2 + Double(rows) * boxHeight + Double(rows - 1) * Layout.gapY
        var svg: [String] = []
        svg.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"group\" aria-labelledby=\"stages-graph-title\" "
                + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" width=\"\(Self.number(width))\" "
                + "height=\"\(Self.number(height))\">")
        svg.append(
            "<title id=\"stages-graph-title\">Stage graph: each stage after the stage it is promoted from</title>")
        svg.append(
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
                + "markerHeight=\"8\" orient=\"auto-start-reverse\"><path class=\"arrow\" d=\"M0,0 L10,5 L0,10 z\"/>"
                + "</marker></defs>")
        for stage in report.status.stages {
            guard let upstream = stage.upstream, let from = positions[upstream], let to = positions[stage.name]
            else { continue }
            let (x1, y1) = (x(from.column) + Layout.width, y(from.row) + boxHeight / 2)
            let (x2, y2) = (x(to.column) - 2, y(to.row) + boxHeight / 2)
            let middle = (x1 + x2) / 2
            svg.append(
                "<path class=\"edge\" marker-end=\"url(#arrow)\" d=\"M\(Self.number(x1)),\(Self.number(y1)) "
                    + "C\(Self.number(middle)),\(Self.number(y1)) \(Self.number(middle)),\(Self.number(y2)) "
                    + "\(Self.number(x2)),\(Self.number(y2))\"/>")
        }
        for ((status, overview), marks) in zip(zip(report.status.stages, report.stages), marks) {
            guard let position = positions[status.name] else { continue }
            svg.append(
                box(status, overview, marks: marks, at: (x(position.column), y(position.row)), height: boxHeight))
        }
        svg.append("</svg>")
        return """
            <section id="stages-graph" aria-labelledby="stages-graph-heading">
            <h2 id="stages-graph-heading">Stages</h2>
            <figure>
            <div class="scroll" tabindex="0" role="region" aria-label="Stage graph (scrolls sideways)">
            \(svg.joined(separator: "\n"))
            </div>
            <figcaption class="muted">Each box links to its stage below. A solid red border means blocked, diverged \
            or a failed deploy; a dashed amber border means held or frozen; the words in each box say which.\
            </figcaption>
            </figure>
            \(stageTable())
            </section>
            """
    }

    /// One stage's box: name and marks (wrapped), branch, head, last deploy, distance from its upstream.
    private func box(
        _ status: StageStatus, _ overview: StageOverview, marks: [String], at origin: (x: Double, y: Double),
        height: Double
    ) -> String {
        let (x, y) = origin
        let tone = Self.tone(overview.marks)
        let lines =
            [("name", status.name)] + marks.map { ("mark \(tone)", $0) } + [
                ("", "branch \(status.branch)"),
                ("", "head \(status.head.shortSHA)"),
                ("", Self.deployedText(status, overview)),
                ("muted", Self.upstreamText(status)),
            ]
        var out =
            "<a href=\"#\(Self.anchor("stage", status.name))\" data-stage=\"\(Self.text(status.name))\" "
            + "aria-label=\"\(Self.text(Self.summary(status, overview)))\">"
        out +=
            "<rect class=\"box \(tone)\" x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" "
            + "width=\"\(Self.number(Layout.width))\" height=\"\(Self.number(height))\" rx=\"8\"/>"
        for (index, line) in lines.enumerated() {
            let baseline = y + 24 + Double(index) * Layout.lineHeight
            out +=
                "<text x=\"\(Self.number(x + 12))\" y=\"\(Self.number(baseline))\""
                + (line.0.isEmpty ? "" : " class=\"\(line.0)\"") + ">\(Self.text(Self.fit(line.1)))</text>"
        }
        return out + "</a>"
    }

    /// The table beside the graph: the same facts, for reading and for screen readers.
    private func stageTable() -> String {
        var rows: [String] = []
        for (status, overview) in zip(report.status.stages, report.stages) {
            rows.append(
                "<tr><th scope=\"row\"><a href=\"#\(Self.anchor("stage", status.name))\">\(Self.text(status.name))"
                    + "</a></th><td><code>\(Self.text(status.branch))</code></td><td>\(Self.commit(status.head.sha))"
                    + "</td><td>\(Self.text(Self.deployedText(status, overview)))</td>"
                    + "<td>\(Self.text(Self.upstreamText(status)))</td>"
                    + "<td class=\"\(Self.tone(overview.marks))\">\(Self.text(Self.marksText(overview.marks)))</td></tr>"
            )
        }
        return """
            <div class="scroll" tabindex="0" role="region" aria-label="Stages table">
            <table>
            <caption class="muted">Every stage, in graph order</caption>
            <thead><tr><th scope="col">Stage</th><th scope="col">Branch</th><th scope="col">Head</th>\
            <th scope="col">Deployed</th><th scope="col">Upstream</th><th scope="col">State</th></tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody>
            </table>
            </div>
            """
    }

    // MARK: wording

    static func marksText(_ marks: [StageOverview.Mark]) -> String {
        guard !marks.isEmpty else { return "✓ ok" }
        let words = marks.map { mark -> String in
            switch mark {
            case .blocked: return "blocked"
            case .diverged: return "diverged"
            case .held: return "held"
            case .frozen: return "frozen"
            case .deployFailed: return "deploy failed"
            }
        }
        return (tone(marks) == "bad" ? "✕ " : "⏸ ") + words.joined(separator: ", ")
    }

    /// `bad` for what needs fixing, `warn` for a deliberate stop (held, frozen), `ok` otherwise.
    static func tone(_ marks: [StageOverview.Mark]) -> String {
        if marks.contains(where: { [.blocked, .diverged, .deployFailed].contains($0) }) { return "bad" }
        return marks.isEmpty ? "ok" : "warn"
    }

    static func deployedText(_ status: StageStatus, _ overview: StageOverview) -> String {
        guard let deployed = status.deployed else { return "never deployed" }
        return overview.deployedIsHead == true
            ? "deployed \(deployed.shortSHA) (head)" : "deployed \(deployed.shortSHA), not head"
    }

    static func upstreamText(_ status: StageStatus) -> String {
        guard let upstream = status.upstream else { return "entry stage" }
        return "\(status.behindUpstream ?? 0) behind \(upstream), \(status.aheadOfUpstream ?? 0) ahead"
    }

    /// One sentence for a screen reader: everything the box shows.
    static func summary(_ status: StageStatus, _ overview: StageOverview) -> String {
        let state = overview.marks.isEmpty ? "ok" : marksText(overview.marks).dropFirst(2)
        return "Stage \(status.name): \(state); branch \(status.branch), head \(status.head.shortSHA), "
            + "\(deployedText(status, overview)), \(upstreamText(status))"
    }

    // MARK: layout

    /// Column = distance from the entry stage; row = order within the column (graph order).
    static func positions(_ stages: [StageStatus]) -> [String: (column: Int, row: Int)] {
        var column: [String: Int] = [:]
        var rowsUsed: [Int: Int] = [:]
        var positions: [String: (column: Int, row: Int)] = [:]
        for stage in stages {
            let depth = stage.upstream.flatMap { column[$0].map { $0 + 1 } } ?? 0
            column[stage.name] = depth
            let row = rowsUsed[depth, default: 0]
            rowsUsed[depth] = row + 1
            positions[stage.name] = (depth, row)
        }
        return positions
    }

    /// A box tall enough for `lines` lines of text and its padding.
    private static func boxHeight(lines: Int) -> Double { 18 + Double(lines) * Layout.lineHeight }

    /// The marks on as many lines as they need, broken after a comma.
    static func wrap(_ text: String) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > Layout.columns {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + [line]
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// Text cut to what fits a box, with an ellipsis (the aria-label and the table have it whole).
    private static func fit(_ text: String) -> String {
        text.count <= Layout.columns ? text : String(text.prefix(Layout.columns - 1)) + "…"
    }
}
