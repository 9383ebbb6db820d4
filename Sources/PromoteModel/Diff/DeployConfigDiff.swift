/// The semantic difference between two versions of a deploy config (DESIGN.md §3), each already merged with the
/// same stage's overlay: artifacts (by `key`), executions and deployments (by configuration name) and schedules (by
/// `name`) added, removed or changed field by field, plus the top-level settings.
public enum DeployConfigDiff {
    /// One entry of a section that differs.
    public struct Entry: Hashable, Sendable {
        public let section: Section
        /// The artifact key, the configuration name or the schedule name.
        public let name: String
        public let status: ExecutableDiff.Status
        /// For a change, every field that differs, with paths relative to the entry; empty otherwise.
        public let changes: [FieldChange]
    }

    public enum Section: String, Hashable, Sendable, Codable, CaseIterable {
        case artifacts, executions, deployments, schedules
    }

    /// The entries that differ, in section order and by name, and the top-level fields that differ (`clean_up`).
    public static func compare(old: JSONValue?, new: JSONValue?) -> (entries: [Entry], settings: [FieldChange]) {
        var entries: [Entry] = []
        for section in Section.allCases {
            let before = index(old?[section.rawValue], section: section)
            let after = index(new?[section.rawValue], section: section)
            for name in Set(before.keys).union(after.keys).sorted() {
                switch (before[name], after[name]) {
                case (let one?, let two?):
                    let changes = JSONDiff.changes(from: one, to: two)
                    if !changes.isEmpty {
                        entries.append(Entry(section: section, name: name, status: .changed, changes: changes))
                    }
                case (nil, _?):
                    entries.append(Entry(section: section, name: name, status: .added, changes: []))
                case (_?, nil):
                    entries.append(Entry(section: section, name: name, status: .removed, changes: []))
                case (nil, nil):
                    break
                }
            }
        }
        let sectionNames = Set(Section.allCases.map(\.rawValue))
        let settings = JSONDiff.changes(
            from: old.map { withoutKeys(sectionNames, $0) }, to: new.map { withoutKeys(sectionNames, $0) })
        return (entries, settings.filter { $0.path != "$" })
    }

    /// A section's entries by name; an entry without a name is listed under its position.
    private static func index(_ list: JSONValue?, section: Section) -> [String: JSONValue] {
        var byName: [String: JSONValue] = [:]
        for (position, entry) in (list?.arrayValue ?? []).enumerated() {
            let name: String? =
                switch section {
                case .artifacts: entry["key"]?.stringValue
                case .executions, .deployments: entry["configuration"]?["name"]?.stringValue
                case .schedules: entry["name"]?.stringValue
                }
            var key = name ?? "#\(position + 1)"
            if byName[key] != nil { key += " (#\(position + 1))" }
            byName[key] = entry
        }
        return byName
    }

    private static func withoutKeys(_ keys: Set<String>, _ value: JSONValue) -> JSONValue {
        guard var object = value.objectValue else { return value }
        for key in keys { object[key] = nil }
        return .object(object)
    }
}
