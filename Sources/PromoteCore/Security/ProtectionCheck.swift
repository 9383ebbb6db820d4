import Foundation
public import PromoteGit
public import PromoteModel

/// What promote can tell about the protections its trust model relies on (README, Security): whether the remote
/// refuses rewriting stage branches and promote's notes, and whether some key may sign promote's records. Each
/// finding is one line saying what is missing and what to do; an empty list means nothing was found wanting.
public enum ProtectionCheck {
    public static func findings(repository: Repository, stages: StageSet, remote: String = "origin") -> [String] {
        var findings: [String] = []
        if let signers = try? repository.file(at: try repository.resolve("HEAD"), path: GateRules.allowedSignersPath) {
            if !Self.someKeySignsRecords(String(decoding: signers, as: UTF8.self)) {
                findings.append(
                    "no key in stages/allowed_signers may sign promote's records (namespace promote-record-<stage>@promote.dev): list CI's record key with namespaces=\"promote-record-*@promote.dev\", or gated stages will ignore every test, deploy and promotion record"
                )
            }
        } else if stages.stages.contains(where: { $0.gates.requiresSignedRecords }) {
            findings.append(
                "stages/allowed_signers is missing: nobody can approve, and no record of a gated stage counts")
        }
        guard repository.hasRemote(named: remote), let url = try? repository.remoteURL(remote) else { return findings }
        guard let path = Repository.localPath(of: url) else {
            findings.append(
                "promote cannot see \(remote)'s protection rules (\(url)): make sure stage branches (\(stages.stages.map(\.branch).joined(separator: ", "))) and refs/notes/promote/* cannot be force-pushed or deleted, and that only CI's identity pushes stage branches (README, Security)"
            )
            return findings
        }
        let hooks = ["update", "pre-receive"].map { (path as NSString).appendingPathComponent("hooks/\($0)") }
        let gitHooks = ["update", "pre-receive"].map { (path as NSString).appendingPathComponent(".git/hooks/\($0)") }
        let hasHook = (hooks + gitHooks).contains { FileManager.default.isExecutableFile(atPath: $0) }
        if !hasHook {
            findings.append(
                "\(remote) (\(path)) has no update or pre-receive hook, so anyone who can push may rewind or delete refs/notes/promote/* (git's receive.denyNonFastForwards covers branches only): install contrib/protect-records.update-hook as its hooks/update"
            )
        }
        return findings
    }

    /// Whether some line of an allowed_signers file admits the records namespace: no `namespaces=` option (every
    /// namespace), or one naming promote-record.
    static func someKeySignsRecords(_ text: String) -> Bool {
        text.split(whereSeparator: \.isNewline).contains { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { return false }
            guard let range = line.range(of: "namespaces=\"") else { return true }
            let list = line[range.upperBound...].prefix { $0 != "\"" }
            return list.contains("promote-record")
        }
    }
}
