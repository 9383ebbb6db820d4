internal import Clibgit2
public import Foundation

/// One ref to push: `source` (a local ref) onto `destination` (the remote's ref name).
public struct PushUpdate: Sendable, Equatable {
    public let source: String
    public let destination: String
    /// Allow a non-fast-forward update. promote never sets this for stage branches.
    public let force: Bool

    public init(source: String, destination: String? = nil, force: Bool = false) {
        self.source = source
        self.destination = destination ?? source
        self.force = force
    }

    var refspec: String { (force ? "+" : "") + source + ":" + destination }
}

extension Repository {
    /// The URL of the named remote; a URL or path given instead of a name is returned as it is.
    public func remoteURL(_ remote: String) throws(GitError) -> String {
        try withRemote(remote) { handle in git_remote_url(handle).map { String(cString: $0) } ?? remote }
    }

    /// Whether a remote with this name is configured.
    public func hasRemote(named name: String) -> Bool {
        var handle: OpaquePointer?
        defer { git_remote_free(handle) }
        return git_remote_lookup(&handle, pointer, name) == 0
    }

    /// Credentials for `remote` from the environment and the repository's configuration: a token (`token(_:)`),
    /// the `http.<url>.extraheader` entries that
    /// CI checkouts write, the ssh-agent, and `PROMOTE_SSH_KNOWN_HOSTS`.
    public func credentials(
        forRemote remote: String, environment: [String: String] = ProcessInfo.processInfo.environment
    )
        throws(GitError) -> GitCredentials
    {
        let url = try remoteURL(remote)
        let headers = configEntries(matching: #"^http\..*extraheader$"#).filter { entry in
            let scope = entry.name.dropFirst("http.".count).dropLast(".extraheader".count)
            return scope.isEmpty || Self.url(url, matchesConfigScope: String(scope))
        }.map(\.value).filter { !$0.isEmpty }
        let (username, token) = Self.token(environment)
        return GitCredentials(
            username: username, token: token,
            extraHeaders: headers, useSSHAgent: true,
            knownHostsFile: environment["PROMOTE_SSH_KNOWN_HOSTS"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// `PROMOTE_GIT_TOKEN` with `PROMOTE_GIT_USERNAME` (default `x-access-token`, GitHub's; `oauth2` on GitLab);
    /// else, in a GitLab job, its job token (`CI_JOB_TOKEN`, username `gitlab-ci-token`), which GitLab's clone URL
    /// carries and the generated CI file takes out of `.git/config`.
    static func token(_ environment: [String: String]) -> (username: String, token: String?) {
        let onGitLab = environment["GITLAB_CI"] == "true"
        if let token = environment["PROMOTE_GIT_TOKEN"], !token.isEmpty {
            return (environment["PROMOTE_GIT_USERNAME"] ?? (onGitLab ? "oauth2" : "x-access-token"), token)
        }
        if onGitLab, let token = environment["CI_JOB_TOKEN"], !token.isEmpty { return ("gitlab-ci-token", token) }
        return (environment["PROMOTE_GIT_USERNAME"] ?? "x-access-token", nil)
    }

    /// git's `http.<url>.*` matching, simplified: the scope (lower-cased scheme and host) is a prefix of the URL that
    /// ends at a path boundary.
    static func url(_ url: String, matchesConfigScope scope: String) -> Bool {
        let normalizedURL = url.lowercased()
        let normalizedScope =
            scope.lowercased().hasSuffix("/") ? String(scope.lowercased().dropLast()) : scope.lowercased()
        guard normalizedURL.hasPrefix(normalizedScope) else { return false }
        let rest = normalizedURL.dropFirst(normalizedScope.count)
        return rest.isEmpty || rest.hasPrefix("/")
    }

    /// Fetches `refspecs` (e.g. `+refs/heads/*:refs/remotes/origin/*`) from a remote name, URL or path.
    public func fetch(_ remote: String, refspecs: [String], credentials: GitCredentials = .none, prune: Bool = false)
        throws(GitError)
    {
        try retryingVanishedReferences { () throws(GitError) in
            try fetchOnce(remote, refspecs: refspecs, credentials: credentials, prune: prune)
        }
    }

    private func fetchOnce(_ remote: String, refspecs: [String], credentials: GitCredentials, prune: Bool)
        throws(GitError)
    {
        let context = RemoteContext(credentials: credentials)
        try withRemote(remote) { handle throws(GitError) in
            var options = git_fetch_options()
            try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
            options.prune = prune ? GIT_FETCH_PRUNE : GIT_FETCH_NO_PRUNE
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            let result = withCallbacks(context) { callbacks in
                options.callbacks = callbacks
                return credentials.extraHeaders.withGitStrArray { headers in
                    options.custom_headers = headers
                    return refspecs.withGitStrArray { specs in
                        git_remote_fetch(handle, &specs, &options, "promote: fetch")
                    }
                }
            }
            try context.rethrow(result, url: remote, function: "git_remote_fetch")
        }
    }

    /// Pushes `updates` to a remote name, URL or path. A non-forced update that is not a fast-forward on the remote
    /// is refused (by libgit2 before sending, or by the remote), and every rejected ref is reported.
    ///
    /// `expecting` maps remote ref names to the value the caller last saw there (nil: absent); an update whose ref
    /// the remote advertises at another value is refused before anything is sent (`referenceMoved`).
    public func push(
        _ remote: String, updates: [PushUpdate], expecting: [String: OID?] = [:], credentials: GitCredentials = .none
    ) throws(GitError) {
        try retryingVanishedReferences { () throws(GitError) in
            try pushOnce(remote, updates: updates, expecting: expecting, credentials: credentials)
        }
    }

    private func pushOnce(
        _ remote: String, updates: [PushUpdate], expecting: [String: OID?], credentials: GitCredentials
    ) throws(GitError) {
        let context = RemoteContext(credentials: credentials)
        context.expectations = expecting
        try withRemote(remote) { handle throws(GitError) in
            var options = git_push_options()
            try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
            let result = withCallbacks(context) { callbacks in
                options.callbacks = callbacks
                return credentials.extraHeaders.withGitStrArray { headers in
                    options.custom_headers = headers
                    return updates.map(\.refspec).withGitStrArray { specs in
                        git_remote_push(handle, &specs, &options)
                    }
                }
            }
            if result == GitCode.nonFastForward || (result < 0 && lastError(result, "").isNonFastForwardMessage) {
                throw .nonFastForward(reference: updates.first { !$0.force }?.destination ?? "")
            }
            try context.rethrow(result, url: remote, function: "git_remote_push")
            if let rejection = context.rejections.first {
                throw .pushRejected(reference: rejection.reference, reason: rejection.reason)
            }
        }
    }

    /// A named remote, or an anonymous one for a URL or path.
    private func withRemote<T>(_ remote: String, _ body: (OpaquePointer) throws(GitError) -> T) throws(GitError) -> T {
        var handle: OpaquePointer?
        var result = git_remote_lookup(&handle, pointer, remote)
        if result == GitCode.notFound || result == GIT_EINVALIDSPEC.rawValue {
            guard Self.looksLikeURL(remote) else { throw .remoteNotFound(remote) }
            result = git_remote_create_anonymous(&handle, pointer, remote)
        }
        try check(result, "git_remote_lookup")
        guard let handle else { throw .remoteNotFound(remote) }
        defer { git_remote_free(handle) }
        return try body(handle)
    }

    static func looksLikeURL(_ remote: String) -> Bool {
        remote.contains("://") || remote.hasPrefix("/") || remote.hasPrefix(".") || remote.contains("@")
    }
}

/// Runs a fetch or push again when it failed only because a ref the remote listed was gone when it was read: libgit2's
/// local transport lists a path remote's refs, then reads each, and another promote deleting its temporary
/// `refs/promote/*` ref in between fails the whole transfer (seen when ten promotions race on one remote). Nothing
/// was transferred or updated at that point, so trying again is safe; any other failure is thrown at once.
private func retryingVanishedReferences(_ body: () throws(GitError) -> Void) throws(GitError) {
    for attempt in 1... {
        do {
            return try body()
        } catch {
            guard error.isVanishedTemporaryReference, attempt < 8 else { throw error }
            usleep(UInt32(5_000 * attempt))
        }
    }
}

extension GitError {
    /// A listed `refs/promote/*` ref that no longer existed when libgit2 read it.
    var isVanishedTemporaryReference: Bool {
        guard case .libgit2(_, _, let message) = self else { return false }
        return message.hasPrefix("reference 'refs/promote/") && message.hasSuffix("' not found")
    }

    /// libgit2 reports some non-fast-forward refusals with a generic code and this wording.
    var isNonFastForwardMessage: Bool {
        guard case .libgit2(_, _, let message) = self else { return false }
        return message.contains("non-fastforwardable") || message.contains("not present locally")
    }
}

/// State the C callbacks of one fetch or push share with Swift.
private final class RemoteContext {
    let credentials: GitCredentials
    var credentialAttempts = 0
    var callbackError: GitError?
    var rejections: [(reference: String, reason: String)] = []
    /// Remote ref → the value it must still have for the push to go ahead.
    var expectations: [String: OID?] = [:]

    init(credentials: GitCredentials) {
        self.credentials = credentials
    }

    /// Turns a failed transfer into the most specific error: one a callback recorded, an authentication failure,
    /// or libgit2's own.
    func rethrow(_ result: Int32, url: String, function: String) throws(GitError) {
        guard result < 0 else { return }
        if let callbackError { throw callbackError }
        if result == GitCode.certificate { throw .unknownHostKey(url: url) }
        if result == GitCode.auth || credentialAttempts > 1 { throw .authenticationFailed(url: url) }
        throw lastError(result, function)
    }
}

private func withCallbacks<T>(_ context: RemoteContext, _ body: (git_remote_callbacks) -> T) -> T {
    var callbacks = git_remote_callbacks()
    git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
    callbacks.payload = Unmanaged.passUnretained(context).toOpaque()
    callbacks.credentials = { out, url, usernameFromURL, allowedTypes, payload in
        guard let out, let payload else { return GIT_PASSTHROUGH.rawValue }
        let context = Unmanaged<RemoteContext>.fromOpaque(payload).takeUnretainedValue()
        context.credentialAttempts += 1
        // libgit2 asks again after every rejected credential; offering the same one forever would loop.
        guard context.credentialAttempts <= 1 else {
            context.callbackError = .authenticationFailed(url: url.map { String(cString: $0) } ?? "the remote")
            return GIT_EAUTH.rawValue
        }
        let credentials = context.credentials
        if allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0, let token = credentials.token {
            return git_credential_userpass_plaintext_new(out, credentials.username, token)
        }
        if allowedTypes & GIT_CREDENTIAL_SSH_KEY.rawValue != 0, credentials.useSSHAgent {
            let user = usernameFromURL.map { String(cString: $0) } ?? "git"
            return git_credential_ssh_key_from_agent(out, user)
        }
        if allowedTypes & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
            return git_credential_username_new(out, usernameFromURL.map { String(cString: $0) } ?? "git")
        }
        return GIT_PASSTHROUGH.rawValue
    }
    callbacks.certificate_check = { certificate, valid, host, payload in
        guard valid == 0 else { return 0 }
        guard let certificate, let host, let payload, certificate.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else {
            return GIT_PASSTHROUGH.rawValue
        }
        let context = Unmanaged<RemoteContext>.fromOpaque(payload).takeUnretainedValue()
        guard let file = context.credentials.knownHostsFile else { return GIT_PASSTHROUGH.rawValue }
        let hostKey = certificate.withMemoryRebound(to: git_cert_hostkey.self, capacity: 1) { $0.pointee }
        guard hostKey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostKey.hostkey else {
            return GIT_PASSTHROUGH.rawValue
        }
        let key = Data(bytes: raw, count: hostKey.hostkey_len)
        return KnownHosts(file: file).trusts(host: String(cString: host), key: key) ? 0 : GIT_PASSTHROUGH.rawValue
    }
    callbacks.push_negotiation = { updates, count, payload in
        guard let updates, let payload else { return 0 }
        let context = Unmanaged<RemoteContext>.fromOpaque(payload).takeUnretainedValue()
        for index in 0..<count {
            guard let update = updates[index]?.pointee, let name = update.dst_refname else { continue }
            let reference = String(cString: name)
            guard let expected = context.expectations[reference] else { continue }
            var old = update.src
            let actual = git_oid_is_zero(&old) != 0 ? nil : OID(old)
            if actual != expected {
                context.callbackError = .referenceMoved(reference: reference, expected: expected, actual: actual)
                return GIT_EUSER.rawValue
            }
        }
        return 0
    }
    callbacks.push_update_reference = { reference, status, payload in
        guard let status, let payload else { return 0 }
        let context = Unmanaged<RemoteContext>.fromOpaque(payload).takeUnretainedValue()
        context.rejections.append((reference.map { String(cString: $0) } ?? "", String(cString: status)))
        return 0
    }
    return withExtendedLifetime(context) { body(callbacks) }
}
