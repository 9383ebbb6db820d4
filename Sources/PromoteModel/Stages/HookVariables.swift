/// Which of promote's environment variables a test or verify hook may see: hooks run code under test, so they get
/// a clean environment (README, Security).
public enum HookVariables {
    /// Passed when set: what a shell and its tools need, and the CI's non-secret metadata.
    public static let passed: Set<String> = [
        "PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LC_COLLATE", "LC_NUMERIC", "LC_TIME", "TZ",
        "TERM", "NO_COLOR", "CI",
        "GITHUB_ACTIONS", "GITHUB_SHA", "GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_RUN_ID", "GITHUB_RUN_NUMBER",
        "GITHUB_RUN_ATTEMPT", "GITHUB_REPOSITORY", "GITHUB_WORKFLOW", "GITHUB_JOB", "GITHUB_EVENT_NAME",
        "GITHUB_ACTOR", "GITHUB_SERVER_URL", "RUNNER_OS", "RUNNER_ARCH",
        "GITLAB_CI", "CI_COMMIT_SHA", "CI_COMMIT_REF_NAME", "CI_COMMIT_BRANCH", "CI_PIPELINE_ID", "CI_PIPELINE_SOURCE",
        "CI_JOB_ID", "CI_JOB_NAME", "CI_PROJECT_PATH", "CI_SERVER_URL",
        "JENKINS_URL", "BUILD_NUMBER", "BUILD_ID", "BUILD_URL", "JOB_NAME", "BRANCH_NAME",
    ]

    /// Names that hold, or may hold, a credential: never given to a hook, even when its definition lists them.
    public static func isCredential(_ name: String) -> Bool {
        let upper = name.uppercased()
        let words = ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "PRIVATE_KEY", "CREDENTIAL", "API_KEY", "APIKEY"]
        if words.contains(where: upper.contains) { return true }
        // git's own settings can carry credentials (GIT_ASKPASS, GIT_CONFIG_*, GIT_SSH_COMMAND).
        if upper.hasPrefix("GIT_") { return true }
        let named: Set<String> = [
            "SSH_AUTH_SOCK", "PROMOTE_RECORD_KEY", "PROMOTE_RECORD_KEY_FILE", "PROMOTE_GIT_USERNAME", "DOCKER_CONFIG",
            "KUBECONFIG", "NETRC", "AWS_ACCESS_KEY_ID",
        ]
        return named.contains(upper)
    }

    /// Whether `name` is one of a stage's credential variables: anything under a stage's `aicore.env_prefix`.
    public static func isStageCredential(_ name: String, prefixes: [String]) -> Bool {
        prefixes.contains { !$0.isEmpty && name.hasPrefix($0) }
    }
}
