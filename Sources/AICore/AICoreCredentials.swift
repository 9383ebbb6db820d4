/// Where a tenant is and how to log in to it, from the environment variables a stage names (DESIGN.md §2).
public struct AICoreCredentials: Sendable, Equatable {
    /// The full token URL (`…/oauth/token`).
    public let authURL: String
    /// The API base with `/v2`.
    public let baseURL: String
    public let clientID: String
    /// Never printed: `description` leaves it out.
    public let clientSecret: String
    public let resourceGroup: String

    public init(authURL: String, baseURL: String, clientID: String, clientSecret: String, resourceGroup: String) {
        self.authURL = Self.tokenURL(authURL)
        self.baseURL = Self.apiURL(baseURL)
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.resourceGroup = resourceGroup
    }

    /// Reads `<prefix>AUTH_URL`, `BASE_URL`, `CLIENT_ID`, `CLIENT_SECRET` and `RESOURCE_GROUP`; the resource group
    /// falls back to `defaultResourceGroup` (the stage file's). Every missing variable is named.
    public static func fromEnvironment(
        _ environment: [String: String], prefix: String, defaultResourceGroup: String?, stage: String?
    ) throws(AICoreError) -> AICoreCredentials {
        func value(_ name: String) throws(AICoreError) -> String {
            guard let value = environment[prefix + name], !value.isEmpty else {
                throw .missingVariable(prefix + name, stage: stage)
            }
            return value
        }
        let group = environment[prefix + "RESOURCE_GROUP"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultResourceGroup
        guard let group else { throw .missingVariable(prefix + "RESOURCE_GROUP", stage: stage) }
        return AICoreCredentials(
            authURL: try value("AUTH_URL"), baseURL: try value("BASE_URL"), clientID: try value("CLIENT_ID"),
            clientSecret: try value("CLIENT_SECRET"), resourceGroup: group)
    }

    /// Like the SDK: `/oauth/token` is added to the path unless present, before any query or fragment.
    static func tokenURL(_ url: String) -> String {
        let end = url.firstIndex { $0 == "?" || $0 == "#" } ?? url.endIndex
        var path = String(url[..<end])
        while path.hasSuffix("/") { path.removeLast() }
        return (path.hasSuffix("/oauth/token") ? path : path + "/oauth/token") + url[end...]
    }

    /// Like the SDK: `/v2` is added unless present.
    static func apiURL(_ url: String) -> String {
        var trimmed = url
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed.hasSuffix("/v2") ? trimmed : trimmed + "/v2"
    }
}

extension AICoreCredentials: CustomStringConvertible {
    public var description: String {
        "AICoreCredentials(baseURL: \(baseURL), authURL: \(authURL), clientID: \(clientID), resourceGroup: \(resourceGroup))"
    }
}
