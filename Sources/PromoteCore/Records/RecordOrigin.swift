public import Foundation
public import PromoteGit
public import PromoteModel

/// Who a record says acted, and where: on a CI, the person who started the job (GitHub's triggering actor,
/// GitLab's user, the user of Jenkins's build cause) and the run's URL, with the CI's git identity (a bot) as
/// `via`; elsewhere, the git identity promote runs as.
public struct RecordOrigin: Sendable, Equatable {
    /// The person: `octocat (GitHub Actions)` on a CI, `Name <email>` elsewhere.
    public let by: String
    /// The git identity promote committed as, when `by` is someone else (a CI's bot).
    public let via: String?
    /// The CI run (job, build) that wrote the record.
    public let run: String?

    public init(by: String, via: String? = nil, run: String? = nil) {
        self.by = by
        self.via = via
        self.run = run
    }

    /// The origin of records written now, from the CI's variables and `repository`'s git identity.
    public static func current(
        repository: Repository, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> RecordOrigin {
        let identity = repository.actingIdentity(environment: environment)
        let gitIdentity = "\(identity.name) <\(identity.email)>"
        let ci = CIEnvironment(environment: environment)
        guard let actor = ci.actor else { return RecordOrigin(by: gitIdentity, run: ci.runURL) }
        return RecordOrigin(by: "\(actor) (\(ci.provider.rawValue))", via: gitIdentity, run: ci.runURL)
    }

    /// `record` with `by`, and `via` and `run` when known, after its own fields.
    public func stamp(_ record: JSONValue) -> JSONValue {
        guard case .object(var object) = record else { return record }
        object["by"] = .string(by)
        if let via { object["via"] = .string(via) }
        if let run { object["run"] = .string(run) }
        return .object(object)
    }
}

extension CIEnvironment {
    /// The login of the person who started this run, when the CI says: `GITHUB_TRIGGERING_ACTOR` (a re-run's
    /// starter) or `GITHUB_ACTOR`; GitLab's `GITLAB_USER_LOGIN`; on Jenkins `PROMOTE_CI_ACTOR`, which the generated
    /// Jenkinsfile sets from the build's user cause (Jenkins has no variable of its own for it).
    public var actor: String? {
        let names: [String] =
            switch provider {
            case .githubActions: ["GITHUB_TRIGGERING_ACTOR", "GITHUB_ACTOR"]
            case .gitlabCI: ["GITLAB_USER_LOGIN"]
            case .jenkins: ["PROMOTE_CI_ACTOR", "BUILD_USER_ID"]
            case .none: []
            }
        return names.lazy.compactMap { self.value($0) }.first
    }

    /// The URL of this CI run: GitHub's run (and attempt), GitLab's job, Jenkins's build.
    public var runURL: String? {
        switch provider {
        case .githubActions:
            guard let server = value("GITHUB_SERVER_URL"), let repository = value("GITHUB_REPOSITORY"),
                let run = value("GITHUB_RUN_ID")
            else { return nil }
            let attempt = value("GITHUB_RUN_ATTEMPT").map { "/attempts/\($0)" } ?? ""
            return "\(server)/\(repository)/actions/runs/\(run)\(attempt)"
        case .gitlabCI: return value("CI_JOB_URL")
        case .jenkins: return value("BUILD_URL")
        case .none: return nil
        }
    }
}
