import Foundation

/// Issues and checks bearer tokens for the two OAuth clients (AI Core and the destination service).
///
/// A token carries its audience and expiry (milliseconds since 1970) in clear (`emu1.<audience>.<expiry>.<nonce>`), so
/// tokens issued before a
/// restart stay valid, as ai-api.md §3 asks of an emulator. It is a local test double, not a security boundary.
struct TokenIssuer: Sendable {
    enum Audience: String, Sendable {
        case aicore, destination
    }

    let configuration: EmulatorConfiguration

    /// The audience of a client whose id and secret match, or nil.
    func audience(clientID: String, secret: String) -> Audience? {
        if clientID == configuration.clientID && secret == configuration.clientSecret { return .aicore }
        if clientID == configuration.destinationClientID && secret == configuration.destinationClientSecret {
            return .destination
        }
        return nil
    }

    func issue(_ audience: Audience, now: Date = Date()) -> (token: String, expiresIn: Int) {
        let lifetime = Int(configuration.tokenLifetime)
        let expiry = Int64((now.timeIntervalSince1970 + configuration.tokenLifetime) * 1000)
        let nonce = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        return ("emu1.\(audience.rawValue).\(expiry).\(nonce)", lifetime)
    }

    /// Accepts `Bearer <token>` for `audience` that has not expired.
    func validate(_ header: String?, for audience: Audience, now: Date = Date()) throws(EmulatorError) {
        guard let header, header.lowercased().hasPrefix("bearer ") else {
            throw .unauthorized(
                "Full authentication is required to access this resource: send Authorization: Bearer <token>")
        }
        let parts = header.dropFirst("bearer ".count).split(separator: ".")
        guard parts.count == 4, parts[0] == "emu1", let expiry = Double(parts[2]) else {
            throw .unauthorized("Invalid access token")
        }
        guard parts[1] == audience.rawValue else {
            throw .unauthorized("The access token was issued for \(parts[1]), not for this API")
        }
        guard now.timeIntervalSince1970 * 1000 < expiry else { throw .unauthorized("Access token expired") }
    }
}
