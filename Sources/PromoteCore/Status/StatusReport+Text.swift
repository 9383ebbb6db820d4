public import Foundation

extension StatusReport {
    /// The human-readable table `promote status` prints; `now` fixes the ages.
    public func renderText(now: Date = Date()) -> String {
        var rows = [
            [
                "STAGE", "BRANCH", "HEAD", "SUBJECT", "AUTHOR", "AGE", "UPSTREAM", "BEHIND", "AHEAD", "REMOTE",
                "DEPLOYED",
            ]
        ]
        for stage in stages {
            rows.append([
                stage.name, stage.existsLocally ? stage.branch : "\(stage.branch) (not local)", stage.head.shortSHA,
                truncate(stage.head.subject, to: 40), truncate(stage.head.authorName, to: 20),
                age(of: stage.head.authorDate, now: now), stage.upstream ?? "-",
                stage.behindUpstream.map(String.init) ?? "-", stage.aheadOfUpstream.map(String.init) ?? "-",
                remoteDescription(stage), deployedDescription(stage),
            ])
        }
        var lines = TextTable.render(rows)
        let waiting = stages.filter { ($0.behindUpstream ?? 0) > 0 && ($0.aheadOfUpstream ?? 0) == 0 }
        let diverged = stages.filter { ($0.aheadOfUpstream ?? 0) > 0 }
        for stage in waiting {
            let upstream = stage.upstream ?? ""
            lines.append(
                "\(stage.name): \(plural(stage.behindUpstream ?? 0, "commit")) from \(upstream) waiting to be promoted "
                    + "(promote plan \(upstream) \(stage.name))")
        }
        for stage in stages {
            guard let hold = stage.hold else { continue }
            let runs =
                hold.rolledBackTo.map {
                    "; it runs \($0.prefix(7)) (rolled back) while its branch is at \(stage.head.shortSHA)"
                } ?? ""
            let first = hold.open.first
            lines.append(
                "\(stage.name): HELD since \(StageHold.readable(first?.at ?? "?")) by \(first?.by ?? "?")"
                    + (first?.reason.isEmpty == false ? " (\(first?.reason ?? ""))" : "") + runs
                    + "; promotions and deploys are refused until 'promote release \(stage.name)'")
        }
        for stage in diverged {
            lines.append(
                "\(stage.name): diverged from \(stage.upstream ?? ""): \(plural(stage.aheadOfUpstream ?? 0, "commit")) only on \(stage.branch); a fast-forward promotion is impossible until they are merged back"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `head` when the stage's head is what it runs, the deployed commit otherwise, `-` when nothing is recorded.
    private func deployedDescription(_ stage: StageStatus) -> String {
        guard let deployed = stage.deployed else { return "-" }
        return deployed.sha == stage.head.sha ? "head" : deployed.shortSHA
    }

    private func remoteDescription(_ stage: StageStatus) -> String {
        guard remoteConfigured else { return "no remote \(remote)" }
        guard stage.remote.exists else { return "not on \(remote)" }
        guard stage.existsLocally, let ahead = stage.remote.ahead, let behind = stage.remote.behind else {
            return "only on \(remote)"
        }
        switch (ahead, behind) {
        case (0, 0): return "in sync"
        case (_, 0): return "\(ahead) to push"
        case (0, _): return "\(behind) to pull"
        default: return "differs: \(ahead) to push, \(behind) to pull"
        }
    }

    private func age(of isoDate: String, now: Date) -> String {
        guard let date = try? Date(isoDate, strategy: .iso8601) else { return "?" }
        return Self.formatAge(now.timeIntervalSince(date))
    }

    /// "42s", "5m", "3h", "2d", "6w", "4mo", "2y": the coarsest unit that is at least 1.
    static func formatAge(_ seconds: TimeInterval) -> String {
        let value = max(0, Int(seconds))
        let units: [(Int, String)] = [
            (31_536_000, "y"), (2_592_000, "mo"), (604_800, "w"), (86_400, "d"), (3_600, "h"), (60, "m"),
        ]
        for (size, suffix) in units where value >= size { return "\(value / size)\(suffix) ago" }
        return "\(value)s ago"
    }

    private func truncate(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}

extension String {
    /// Without trailing blanks (by hand: a regular expression would load ICU on every `promote status`).
    func trimmingTrailingWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}

func plural(_ count: Int, _ noun: String) -> String { count == 1 ? "1 \(noun)" : "\(count) \(noun)s" }

/// Left-aligned columns separated by two spaces, trailing blanks trimmed.
enum TextTable {
    static func render(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingWhitespace()
        }
    }
}
