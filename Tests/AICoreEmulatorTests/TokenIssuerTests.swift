import Foundation
import TestSupport
import Testing

@testable import AICoreEmulator

/// The token lifetime checked against a clock the test controls, so the result does not depend on how busy the
/// machine is (OAuthTests covers the HTTP side).
@Suite struct TokenIssuerTests {
    /// `expires_in` promises the whole lifetime: a 1 s token issued late in one wall-clock second must still work
    /// early in the next second, and stop working once its second is over.
    @Test(arguments: [0.0, 0.25, 0.9, 0.999])
    func aTokenIsValidForItsWholeLifetime(_ fraction: Double) throws {
        let issuer = TokenIssuer(configuration: EmulatorHarness.configuration { $0.tokenLifetime = 1 })
        let issued = Date(timeIntervalSince1970: 1_800_000_000 + fraction)
        let (token, expiresIn) = issuer.issue(.aicore, now: issued)
        #expect(expiresIn == 1)
        let header = "Bearer \(token)"
        for offset in [0.0, 0.4, 0.99] {
            do {
                try issuer.validate(header, for: .aicore, now: issued.addingTimeInterval(offset))
            } catch {
                Issue.record("a 1 s token was refused \(offset) s after issue: \(error)")
            }
        }
        #expect(throws: EmulatorError.self, "still accepted 1 s after issue") {
            try issuer.validate(header, for: .aicore, now: issued.addingTimeInterval(1.0))
        }
    }
}
