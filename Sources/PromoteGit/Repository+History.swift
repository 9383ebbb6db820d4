internal import Clibgit2

/// How two commits relate: how many commits each has that the other lacks.
public struct AheadBehind: Equatable, Sendable, Codable {
    public let ahead: Int
    public let behind: Int

    public init(ahead: Int, behind: Int) {
        self.ahead = ahead
        self.behind = behind
    }
}

extension Repository {
    /// The best common ancestor of two commits, or nil when their histories are unrelated.
    public func mergeBase(_ one: OID, _ two: OID) throws(GitError) -> OID? {
        var rawOne = one.raw
        var rawTwo = two.raw
        var base = git_oid()
        let result = git_merge_base(&base, pointer, &rawOne, &rawTwo)
        if result == GitCode.notFound { return nil }
        try check(result, "git_merge_base")
        return OID(base)
    }

    /// True when `ancestor` is reachable from `descendant` (a commit counts as its own ancestor).
    public func isAncestor(_ ancestor: OID, of descendant: OID) throws(GitError) -> Bool {
        if ancestor == descendant { return true }
        var rawDescendant = descendant.raw
        var rawAncestor = ancestor.raw
        return try check(
            git_graph_descendant_of(pointer, &rawDescendant, &rawAncestor), "git_graph_descendant_of") == 1
    }

    /// Commits on `local` not on `upstream` (ahead) and the reverse (behind): `git rev-list --count`.
    public func aheadBehind(_ local: OID, _ upstream: OID) throws(GitError) -> AheadBehind {
        var rawLocal = local.raw
        var rawUpstream = upstream.raw
        var ahead = 0
        var behind = 0
        try check(git_graph_ahead_behind(&ahead, &behind, pointer, &rawLocal, &rawUpstream), "git_graph_ahead_behind")
        return AheadBehind(ahead: ahead, behind: behind)
    }

    /// The commits of the range `excluded..included` (reachable from `included`, not from `excluded`), newest first
    /// in topological order, like `git rev-list --topo-order`.
    public func commits(from excluded: OID?, to included: OID) throws(GitError) -> [Commit] {
        var commits: [Commit] = []
        for oid in try walk(from: included, hiding: excluded, sorting: GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue) {
            commits.append(try commit(oid))
        }
        return commits
    }

    /// The IDs a revision walk from `start` (less what `hidden` reaches) yields, in `sorting` order.
    private func walk(from start: OID, hiding hidden: OID?, sorting: UInt32) throws(GitError) -> [OID] {
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, pointer), "git_revwalk_new")
        guard let walker else { return [] }
        defer { git_revwalk_free(walker) }
        try check(git_revwalk_sorting(walker, sorting), "git_revwalk_sorting")
        var tip = start.raw
        try check(git_revwalk_push(walker, &tip), "git_revwalk_push")
        if let hidden {
            var excluded = hidden.raw
            try check(git_revwalk_hide(walker, &excluded), "git_revwalk_hide")
        }
        var oids: [OID] = []
        var next = git_oid()
        while true {
            let result = git_revwalk_next(&next, walker)
            if result == GIT_ITEROVER.rawValue { break }
            try check(result, "git_revwalk_next")
            oids.append(OID(next))
        }
        return oids
    }
}

extension Repository {
    /// Every commit reachable from `tip` (itself included), newest first in topological order: a parent never comes
    /// before its child. IDs only, for callers that need to order or filter many commits cheaply.
    public func ancestry(of tip: OID) throws(GitError) -> [OID] {
        try walk(from: tip, hiding: nil, sorting: GIT_SORT_TOPOLOGICAL.rawValue)
    }
}
