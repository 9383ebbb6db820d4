import Foundation
import PromoteGit
import PromoteModel

extension PromotionPlan {
    /// The parts of a plan that depend only on content: the semantic template diff and the static checks. Each comes
    /// from the cache when everything it reads was seen before; otherwise the template files it needs are parsed
    /// once, together, on every core, and the result is cached. A cold cache (every CI job's fresh clone) thus
    /// parses each needed file once and writes two small entries.
    static func content(
        _ repository: Repository, old: TemplateSnapshot, new: TemplateSnapshot, config: ConfigComparison,
        target: Stage, commit: OID
    ) throws -> (executables: [ExecutableChange], checks: CheckSection) {
        let cache = TemplateCache(repository: repository)
        // A file with the same blob at both heads holds the same executables, so only changed files are compared.
        let changed = TemplateSnapshot.changedPaths(old, new)
        let diffKey = Self.diffKey(old: old, new: new, changed: changed)
        let checksKey = try PlanChecks.key(repository, templates: new, target: target, commit: commit)
        let cachedExecutables = cache.load([ExecutableChange].self, key: diffKey)
        let cachedChecks = cache.load(CheckSection.self, key: checksKey)

        // The checks read every file at the source head; the diff reads the changed ones at both heads.
        let newPaths = (cachedChecks == nil ? Set(new.blobs.keys) : []).union(cachedExecutables == nil ? changed : [])
        let oldPaths = cachedExecutables == nil ? changed : []
        let parsed = try TemplateSnapshot.parse([(new, newPaths), (old, oldPaths)])
        let executables =
            cachedExecutables
            ?? cache.storing(key: diffKey) {
                TemplateDiff.compare(
                    old: parsed[1].flatMap(\.templates),
                    new: parsed[0].filter { changed.contains($0.path) }.flatMap(\.templates)
                ).map(ExecutableChange.init)
            }
        let checks =
            try cachedChecks
            ?? cache.storing(key: checksKey) {
                try PlanChecks.compute(
                    repository, templates: new, files: parsed[0], config: config, target: target, commit: commit)
            }
        return (executables, checks)
    }

    /// Everything the template diff reads: each changed path with its blob at both heads ("" where it is absent).
    private static func diffKey(old: TemplateSnapshot, new: TemplateSnapshot, changed: Set<String>) -> String {
        TemplateCache.key(
            ["diff"] + changed.sorted().flatMap { [$0, old.blobs[$0]?.hex ?? "", new.blobs[$0]?.hex ?? ""] })
    }
}

extension ExecutableChange {
    init(_ diff: ExecutableDiff) {
        self.init(
            id: diff.id, status: diff.status, kind: diff.kind, file: diff.file, scenarioID: diff.scenarioID,
            changes: diff.changes.map {
                PartChange(part: $0.part, subject: $0.subject, summary: $0.summary, before: $0.before, after: $0.after)
            })
    }
}
