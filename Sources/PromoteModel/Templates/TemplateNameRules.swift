/// The naming and value rules AI Core and Kubernetes apply to template fields (templates.md §1.3), as plain
/// predicates with the wording the problems use.
enum TemplateNameRules {
    static let scenarioIDLabel = "scenarios.ai.sap.com/id"
    static let versionLabel = "ai.sap.com/version"
    static let scenarioNameAnnotation = "scenarios.ai.sap.com/name"
    static let scenarioDescriptionAnnotation = "scenarios.ai.sap.com/description"
    static let executableNameAnnotation = "executables.ai.sap.com/name"
    static let executableDescriptionAnnotation = "executables.ai.sap.com/description"
    static let cascadeAnnotation = "executables.ai.sap.com/cascade-update-deployments"
    static let artifactAnnotationPrefix = "artifacts.ai.sap.com/"
    static let resourcePlanLabel = "ai.sap.com/resourcePlan"
    static let instanceTypeLabel = "ai.sap.com/instanceType"
    static let artifactKinds = ["model", "dataset", "resultset", "other"]

    /// The API's `^[\w.-]{4,64}$` combined with Kubernetes object names and SAP's "hyphen is the only separator".
    static let executableIDPattern = "^[a-z0-9][a-z0-9-]{2,62}[a-z0-9]$"

    static func isValidExecutableID(_ id: String) -> Bool {
        (4...64).contains(id.count) && id.allSatisfy { isLowerAlphanumeric($0) || $0 == "-" }
            && id.first.map(isLowerAlphanumeric) == true && id.last.map(isLowerAlphanumeric) == true
    }

    /// The API's `^[\w.-]{4,64}$`, cut to 63 and to alphanumeric ends because the ID is also a label value.
    static func isValidScenarioID(_ id: String) -> Bool {
        id.count >= 4 && isValidLabelValue(id)
    }

    /// A Kubernetes label value: at most 63 characters of `[A-Za-z0-9._-]`, starting and ending with a letter or
    /// digit, or empty.
    static func isValidLabelValue(_ value: String) -> Bool {
        guard let first = value.first, let last = value.last else { return true }
        return value.count <= 63 && isASCIIAlphanumeric(first) && isASCIIAlphanumeric(last)
            && value.allSatisfy { isASCIIAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// Why `image` does not pin the code it runs, or nil when it does (a version tag, a digest, or a placeholder
    /// that the deployment fills in).
    static func unpinnedImageReason(_ image: String) -> String? {
        if image.contains("{{") || image.contains("@") { return nil }
        let lastComponent = image.split(separator: "/").last ?? image[...]
        let advice = "each stage may pull different code; pin a version tag or a digest (@sha256:…)"
        guard let colon = lastComponent.lastIndex(of: ":") else {
            return "image \"\(image)\" has no tag, which means :latest: \(advice)"
        }
        let tag = lastComponent[lastComponent.index(after: colon)...]
        return tag == "latest" ? "image \"\(image)\" uses the tag latest: \(advice)" : nil
    }

    private static func isLowerAlphanumeric(_ character: Character) -> Bool {
        character.isASCII && (character.isLowercase || character.isNumber)
    }

    private static func isASCIIAlphanumeric(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }
}
