/// How fetch and push authenticate. libgit2 sees neither git's credential helpers nor `http.extraheader`, so promote
/// gathers what it needs itself (see `Repository.credentials(forRemote:environment:)`).
public struct GitCredentials: Sendable, Equatable {
    /// HTTPS basic-auth username sent with `token` (GitHub accepts `x-access-token`, GitLab `oauth2`).
    public var username: String
    /// An HTTPS token, sent as the password. Never printed.
    public var token: String?
    /// Extra HTTP headers (`AUTHORIZATION: basic ...`), as CI checkouts configure with `http.<url>.extraheader`.
    public var extraHeaders: [String]
    /// Ask a running ssh-agent for keys on ssh URLs.
    public var useSSHAgent: Bool
    /// A known_hosts file trusted in addition to `~/.ssh/known_hosts`, for CI runners that keep host keys elsewhere.
    public var knownHostsFile: String?

    public init(
        username: String = "x-access-token", token: String? = nil, extraHeaders: [String] = [],
        useSSHAgent: Bool = true, knownHostsFile: String? = nil
    ) {
        self.username = username
        self.token = token
        self.extraHeaders = extraHeaders
        self.useSSHAgent = useSSHAgent
        self.knownHostsFile = knownHostsFile
    }

    public static let none = GitCredentials(useSSHAgent: false)
}
