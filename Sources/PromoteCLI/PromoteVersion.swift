/// The version `promote --version` prints.
enum PromoteVersion {
    static let current = "0.1.0"
}
