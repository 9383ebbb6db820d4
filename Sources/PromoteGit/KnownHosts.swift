import Foundation

/// Plain (unhashed) OpenSSH known_hosts entries: `host[,host] keytype base64key`, hosts possibly `[host]:port`.
struct KnownHosts {
    let file: String

    /// Whether an entry names `host` (with any port) and exactly this raw public key blob.
    func trusts(host: String, key: Data) -> Bool {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return false }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3, !line.hasPrefix("#"), !line.hasPrefix("@") else { continue }
            let hosts = fields[0].split(separator: ",").map { entry -> Substring in
                guard entry.hasPrefix("["), let close = entry.firstIndex(of: "]") else { return entry }
                return entry[entry.index(after: entry.startIndex)..<close]
            }
            guard hosts.contains(where: { $0 == host }), let blob = Data(base64Encoded: String(fields[2])) else {
                continue
            }
            if blob == key { return true }
        }
        return false
    }
}
