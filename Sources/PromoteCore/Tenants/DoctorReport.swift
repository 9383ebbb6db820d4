/// What `promote doctor` found (schema `promote.doctor/v1`, docs/json/doctor.md): one line per check, each failing
/// one with what to do.
public struct DoctorReport: Codable, Sendable, Equatable {
    public struct Check: Codable, Sendable, Equatable {
        public let name: String
        /// `ok`, `failed`, or `skipped` (an earlier check it needs failed, or nothing is declared to check).
        public let status: Status
        public let detail: String
        /// What to do about a failure.
        public let fix: String?

        public enum Status: String, Codable, Sendable {
            case ok, failed, skipped
        }

        public init(name: String, status: Status, detail: String, fix: String? = nil) {
            self.name = name
            self.status = status
            self.detail = detail
            self.fix = fix
        }
    }

    public struct StageChecks: Codable, Sendable, Equatable {
        public let stage: String
        public var checks: [Check]

        public init(stage: String, checks: [Check]) {
            self.stage = stage
            self.checks = checks
        }

        public var ok: Bool { !checks.contains { $0.status == .failed } }
    }

    public var schema = "promote.doctor/v1"
    public var stages: [StageChecks]

    public var ok: Bool { stages.allSatisfy(\.ok) }

    public init(stages: [StageChecks]) {
        self.stages = stages
    }

    enum CodingKeys: String, CodingKey {
        case schema, stages
    }

    public func renderText() -> String {
        var lines: [String] = []
        for stage in stages {
            lines.append("\(stage.stage):")
            for check in stage.checks {
                let mark = check.status == .ok ? "ok  " : check.status == .failed ? "FAIL" : "skip"
                var line = "  \(mark)  \(check.name): \(check.detail)"
                if let fix = check.fix, check.status == .failed { line += "; \(fix)" }
                lines.append(line)
            }
        }
        let failed = stages.flatMap(\.checks).filter { $0.status == .failed }.count
        lines.append(failed == 0 ? "everything holds" : "\(failed) check\(failed == 1 ? "" : "s") failed")
        return lines.joined(separator: "\n") + "\n"
    }
}
