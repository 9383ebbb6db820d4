/// A container image reference split into what is pulled and how it is pinned.
public enum ImageReference {
    /// The name (registry and repository) and the tag or digest (`1.2`, `sha256:…`); the pin is nil when the
    /// reference has neither, which means `latest`.
    public static func split(_ image: String) -> (name: String, pin: String?) {
        if let at = image.firstIndex(of: "@") {
            return (String(image[..<at]), String(image[image.index(after: at)...]))
        }
        // A colon after the last slash is a tag; one before it belongs to a registry port.
        let lastSlash = image.lastIndex(of: "/") ?? image.startIndex
        if let colon = image[lastSlash...].lastIndex(of: ":") {
            return (String(image[..<colon]), String(image[image.index(after: colon)...]))
        }
        return (image, nil)
    }
}
