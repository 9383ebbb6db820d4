import Foundation
import PromoteGit
import PromoteModel

// Git sync: an application's refresh reads the templates at its revision and path, the way AI Core's Argo CD does
// (templates.md §3–§4). Syncs run lazily: the first request after a refresh's delay performs it.
extension EmulatorState {
    /// The annotation that makes every run of an executable end DEAD with its value as the status message; the
    /// emulator's documented way to test failure paths.
    static let failAnnotation = "emulator.promote.dev/fail"
    static let metricsAnnotation = "emulator.promote.dev/metrics"

    /// Performs every refresh whose delay has passed, and the periodic re-sync when a branch moved.
    func runDueSyncs() {
        let now = Date()
        var changed = false
        for name in store.applications.keys.sorted() {
            guard let application = store.applications[name] else { continue }
            if let requested = application.refreshRequestedAt {
                guard now.timeIntervalSince(requested) >= configuration.syncDelay else { continue }
            } else if let sync = application.sync,
                now.timeIntervalSince(sync.finishedAt) < configuration.autoSyncInterval
            {
                continue
            }
            sync(name, now: now)
            changed = true
        }
        if changed { persist() }
    }

    private func sync(_ name: String, now: Date) {
        guard var application = store.applications[name] else { return }
        // An interrupted sync changes nothing: the refresh stays due for the next start.
        guard let sync = readTemplates(for: application, now: now) else { return }
        application.refreshRequestedAt = nil
        application.sync = sync
        store.applications[name] = application
    }

    /// Reads, checks and registers the application's templates, returning the status AI Core would show; nil when
    /// the emulator is shutting down meanwhile.
    private func readTemplates(for application: ApplicationRecord, now: Date) -> SyncRecord? {
        func failure(_ message: String, revision: String = application.revision, status: String = "Unknown")
            -> SyncRecord
        {
            SyncRecord(
                revision: revision, startedAt: now, finishedAt: now, syncStatus: status,
                healthStatus: status == "Unknown" ? "Unknown" : "Degraded",
                message: message, resources: [])
        }
        guard store.repositories.values.contains(where: { Self.sameRepository($0.url, application.repositoryURL) })
        else {
            return failure(
                "application repo \(application.repositoryURL) is not permitted in project 'default'; "
                    + "on-board it with POST /v2/admin/repositories")
        }
        guard !application.path.isEmpty else {
            return failure("spec.source.repoURL and spec.source.path either spec.source.chart are required")
        }
        let location =
            application.repositoryURL.hasPrefix("file://")
            ? String(application.repositoryURL.dropFirst("file://".count)) : application.repositoryURL
        let repository: Repository
        do {
            repository = try Repository(discoveringFrom: location)
        } catch {
            return failure("rpc error: code = Unknown desc = repository not found: \(application.repositoryURL)")
        }
        guard let commit = try? repository.resolve(application.revision) else {
            return failure(
                "rpc error: code = Unknown desc = Unable to resolve '\(application.revision)' to a commit SHA")
        }
        let path = application.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let entries: [TreeEntry]
        do {
            entries = try repository.directory(at: commit, path: path == "." ? "" : path)
        } catch {
            return failure(
                "rpc error: code = Unknown desc = \(application.path): app path does not exist", revision: commit.hex)
        }
        // Argo CD reads *.yaml, *.yml and *.json at the top of the path only (templates.md §4.2).
        var files: [TemplateFile] = []
        for entry in entries
        where entry.kind == .file && [".yaml", ".yml", ".json"].contains(where: { entry.name.hasSuffix($0) }) {
            // Each file is bounded (InputLimit, YAMLAliasBudget), so a stop waits for one file at most.
            if EmulatorShutdown.isRequested { return nil }
            files.append(
                TemplateParser.parse(
                    path: entry.path,
                    contents: (try? repository.file(at: commit, path: entry.path)).map(Array.init) ?? []))
        }
        return register(files, application: application.name, revision: commit.hex, now: now)
    }

    private func register(_ files: [TemplateFile], application: String, revision: String, now: Date) -> SyncRecord {
        let problems = (files.flatMap(\.problems) + TemplateRules.check(files)).filter { $0.severity == .error }
        var resources: [SyncResourceRecord] = []
        var registered: [String: ExecutableRecord] = [:]
        var fileErrors: [String] = []
        for file in files where file.templates.isEmpty {
            let errors = problems.filter { $0.file == file.path }
            if let first = errors.first {
                // The parser words YAML errors as Argo CD does ("Failed to unmarshal "<file>": …").
                fileErrors.append("rpc error: code = FailedPrecondition desc = \(first.message)")
            }
        }
        for template in files.flatMap(\.templates) {
            let kind = template.kind == .workflow ? "WorkflowTemplate" : "ServingTemplate"
            let resourceName =
                template.kind == .workflow
                ? "workflowtemplate.argoproj.io/\(template.id)" : "servingtemplate.ai.sap.com/\(template.id)"
            var errors = problems.filter {
                $0.executableID == template.id || ($0.file == template.file && $0.executableID == nil)
            }
            .map(\.description)
            if let owner = store.executables[template.id], owner.application != application {
                errors.append(
                    "executable \(template.id) is already defined by application \(owner.application) (\(owner.file)); executable IDs must be unique across the tenant"
                )
            }
            guard errors.isEmpty,
                let record = Self.executable(
                    from: template, application: application, now: now, previous: store.executables[template.id])
            else {
                resources.append(
                    SyncResourceRecord(
                        name: template.id, kind: kind, status: "SyncFailed", message: errors.joined(separator: "; ")))
                continue
            }
            let verb = store.executables[template.id] == nil ? "created" : "configured"
            resources.append(
                SyncResourceRecord(name: template.id, kind: kind, status: "Synced", message: "\(resourceName) \(verb)"))
            registered[template.id] = record
        }
        store.executables = store.executables.filter { $0.value.application != application }
        store.executables.merge(registered) { _, new in new }
        let failed = resources.filter { $0.status != "Synced" }
        if fileErrors.isEmpty && failed.isEmpty {
            return SyncRecord(
                revision: revision, startedAt: now, finishedAt: now, syncStatus: "Synced", healthStatus: "Healthy",
                message: "successfully synced (all tasks run)", resources: resources)
        }
        let reason = fileErrors.first ?? "one or more objects failed to apply, reason: \(failed.first?.message ?? "")"
        return SyncRecord(
            revision: revision, startedAt: now, finishedAt: now, syncStatus: "OutOfSync", healthStatus: "Degraded",
            message: reason, resources: resources)
    }

    /// The executable AI Core registers for a template, or nil when it would register none.
    static func executable(
        from template: ExecutableTemplate, application: String, now: Date, previous: ExecutableRecord?
    )
        -> ExecutableRecord?
    {
        guard let scenarioID = template.scenarioID, let versionID = template.versionID else { return nil }
        func artifact(_ spec: TemplateArtifact, defaultKind: String?) -> ArtifactSpecRecord {
            ArtifactSpecRecord(
                name: spec.name, kind: spec.kind ?? defaultKind, description: spec.description,
                labels: spec.labels.sorted { $0.key < $1.key }.map { LabelRecord(key: $0.key, value: $0.value) })
        }
        return ExecutableRecord(
            id: template.id, scenarioID: scenarioID, scenarioName: template.scenarioName ?? scenarioID,
            scenarioDescription: template.scenarioDescription, versionID: versionID,
            name: template.name ?? template.id, description: template.description, deployable: template.deployable,
            labels: template.labels.filter { $0.key.hasPrefix("ext.ai.sap.com/") }.sorted { $0.key < $1.key }
                .map { LabelRecord(key: $0.key, value: $0.value) },
            parameters: template.parameters.map {
                ParameterRecord(name: $0.name, defaultValue: $0.defaultValue, description: $0.description)
            },
            inputArtifacts: template.inputArtifacts.map { artifact($0, defaultKind: nil) },
            outputArtifacts: template.outputArtifacts.map { artifact($0, defaultKind: "model") },
            placeholders: template.placeholders.map {
                switch $0 {
                case .parameter(let name): "parameter:\(name)"
                case .artifact(let name): "artifact:\(name)"
                }
            },
            failMessage: template.annotations[failAnnotation],
            metricsAnnotation: template.annotations[metricsAnnotation],
            imagePullSecrets: template.imagePullSecrets,
            application: application, file: template.file,
            createdAt: previous?.createdAt ?? now, modifiedAt: now)
    }
}
