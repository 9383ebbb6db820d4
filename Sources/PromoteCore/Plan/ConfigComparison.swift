import PromoteGit
import PromoteModel

/// The deploy config of the target stage (base plus its overlay) at two commits: the semantic diff between them,
/// and the typed config at the newer commit for the static checks.
struct ConfigComparison {
    let section: ConfigSection
    /// The config as `promote deploy <to>` would load it at the newer commit, or why it cannot be loaded.
    let loaded: Result<DeployConfig, any Error>

    init(_ repository: Repository, stage: Stage, old: OID, new: OID) throws {
        let configPath = stage.deploy.config
        let overlayPath = stage.deploy.overlay
        let before = try Self.mergedDocument(repository, at: old, config: configPath, overlay: overlayPath)
        let after = try Self.mergedDocument(repository, at: new, config: configPath, overlay: overlayPath)
        let unreadable = [before, after].compactMap { side -> String? in
            if case .failure(let message) = side.document { return message.text }
            return nil
        }
        let diff = DeployConfigDiff.compare(old: before.value, new: after.value)
        let convert: ([FieldChange]) -> [ValueChange] = {
            $0.map { ValueChange(path: $0.path, before: $0.before, after: $0.after) }
        }
        section = ConfigSection(
            file: configPath, overlay: overlayPath, settings: convert(diff.settings),
            entries: diff.entries.map {
                ConfigEntryChange(section: $0.section, name: $0.name, status: $0.status, changes: convert($0.changes))
            },
            unreadable: unreadable.isEmpty ? nil : unreadable.joined(separator: "; "))
        loaded = Result { try StageDeployment.config(repository, stage: stage, commit: new).config }
    }

    /// One side's merged JSON, or nil when the config file does not exist there.
    private struct Side {
        let document: Result<JSONValue?, Message>
        var value: JSONValue? { (try? document.get()) ?? nil }
    }

    private struct Message: Error { let text: String }

    private static func mergedDocument(_ repository: Repository, at commit: OID, config: String, overlay: String?)
        throws -> Side
    {
        guard let base = try repository.file(at: commit, path: config) else { return Side(document: .success(nil)) }
        let baseValue: JSONValue
        do {
            baseValue = try JSONValue(parsing: Array(base))
        } catch {
            return Side(document: .failure(Message(text: "\(config) at \(commit.short) is not valid JSON: \(error.description)")))
        }
        guard let overlay, let overlayBytes = try repository.file(at: commit, path: overlay) else {
            return Side(document: .success(baseValue))
        }
        do {
            let patch = try JSONValue(parsing: Array(overlayBytes))
            return Side(document: .success(DeployConfigLoader.mergePatch(baseValue, patch)))
        } catch {
            return Side(document: .failure(Message(text: "\(overlay) at \(commit.short) is not valid JSON: \(error.description)")))
        }
    }
}
