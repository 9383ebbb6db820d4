extension GateSection {
    /// The plan's gate section from a gate judgement: one line per gate (`<name>: <verdict>: <reason>`).
    public init(_ report: GateReport) {
        var lines = report.gates.map { "\($0.name): \($0.verdict == .pass ? "pass" : "BLOCKED"): \($0.reason)" }
        if report.gates.isEmpty { lines = ["\(report.stage) defines no gates"] }
        if let warning = report.rules.warning { lines.append("warning: \(warning)") }
        self.init(evaluated: true, passed: report.passed, lines: lines, results: report.gates)
    }
}
