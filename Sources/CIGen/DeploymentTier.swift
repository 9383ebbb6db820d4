/// GitLab's `environment:deployment_tier` for a stage whose settings do not name one.
enum DeploymentTier {
    /// Guesses from the environment name the way GitLab does (production, staging, testing, development words),
    /// then from the stage's place in the graph: the entry stage develops, a last stage is production.
    static func guess(environment: String, isEntry: Bool, isLeaf: Bool) -> String {
        let words = environment.lowercased().split { !$0.isLetter }.map(String.init)
        let table: [(tier: String, words: Set<String>)] = [
            // Staging first: "pre-live" and "preprod" are not production.
            ("staging", ["stag", "staging", "stage", "stg", "model", "demo", "pre", "preprod"]),
            ("production", ["prod", "prd", "production", "live"]),
            ("testing", ["test", "tst", "testing", "qa", "uat"]),
            ("development", ["dev", "development", "review", "trunk"]),
        ]
        for entry in table where words.contains(where: entry.words.contains) { return entry.tier }
        if isEntry { return "development" }
        return isLeaf ? "production" : "staging"
    }
}
