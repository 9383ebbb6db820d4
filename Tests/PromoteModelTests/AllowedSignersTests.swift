import Foundation
import PromoteModel
import Testing

/// Reading allowed_signers lines far enough to know which names each key is listed under.
@Suite struct AllowedSignersTests {
    /// An ed25519 public key's wire bytes (`ssh-ed25519` and 32 key bytes), and its base64.
    static let key: [UInt8] =
        [0, 0, 0, 11] + Array("ssh-ed25519".utf8) + [0, 0, 0, 32] + Array(repeating: 7, count: 32)
    static let base64 = Data(key).base64EncodedString()

    @Test func readsPrincipalsOptionsAndKeyTheWaySSHKeygenDoes() {
        let text = """
            # reviewers
            rita@example.com ssh-ed25519 \(Self.base64) rita's laptop

              "otto@example.com,*@ops.example.com" namespaces="promote-approval-tst@promote.dev, x" ssh-ed25519 \(Self.base64)
            ca@example.com cert-authority ssh-ed25519 \(Self.base64)
            broken-line-without-key
            """
        let signers = AllowedSigners(text)
        #expect(signers.entries.map(\.line) == [2, 4, 5, 6])
        #expect(signers.entries[0].principals == ["rita@example.com"])
        #expect(signers.entries[0].key == Self.key)
        #expect(signers.entries[1].principals == ["otto@example.com", "*@ops.example.com"])
        #expect(signers.entries[1].named == ["otto@example.com"])
        #expect(signers.entries[1].key == Self.key)
        #expect(signers.entries[2].isCertificateAuthority && !signers.entries[1].isCertificateAuthority)
        #expect(signers.entries[3].key == nil)
        #expect(
            signers.namedPrincipals == [
                "rita@example.com", "otto@example.com", "ca@example.com", "broken-line-without-key",
            ])
    }

    @Test(arguments: ["*@example.com", "rita?", "!mallory@example.com"])
    func patternsAreNotNames(_ principal: String) {
        #expect(AllowedSigners.isPattern(principal))
        #expect(AllowedSigners("\(principal) ssh-ed25519 \(Self.base64)").namedPrincipals.isEmpty)
    }

    @Test func aKeyWhoseBlobNamesAnotherTypeIsNotAKey() {
        #expect(AllowedSigners("rita ssh-rsa \(Self.base64)").entries.first?.key == nil)
        #expect(AllowedSigners("rita ssh-ed25519 not-base64!").entries.first?.key == nil)
    }
}
