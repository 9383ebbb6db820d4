import Foundation
import TestSupport
import Testing

/// `promote emulator --stages`: one isolated tenant per stage, set up with `promote setup`, checked with `promote
/// doctor`, deployed with `promote deploy`; a stage whose tenant lacks a secret ends its run the way AI Core does.
@Suite struct LandscapeCommandTests {
    static let secrets: [String: String?] = [
        "GIT_USERNAME": "ci-bot", "GIT_TOKEN": "ghp-Landscape-Token-31", "REGISTRY_USER": "robot-landscape",
        "REGISTRY_PASSWORD": "Landscape-Registry-Pass", "S3_KEY_ID": "AKIA-LANDSCAPE",
        "S3_SECRET": "S3-Landscape-Secret",
    ]

    /// A stage file with its own prefix; `secrets` false declares only the repository (prd forgot its secrets).
    static func stage(_ name: String, branch: String, from: String?, repository: String, secrets: Bool) -> String {
        let fromLine = from.map { #""from": "\#($0)","# } ?? ""
        let secretLines =
            secrets
            ? #""docker_registry_secrets": [ { "name": "acme-registry", "registry": "docker.io", "username_env": "REGISTRY_USER", "password_env": "REGISTRY_PASSWORD" } ], "object_store_secrets": [ { "name": "default", "type": "S3", "bucket": "acme-\#(name)", "data_env": { "AWS_ACCESS_KEY_ID": "S3_KEY_ID", "AWS_SECRET_ACCESS_KEY": "S3_SECRET" } } ],"#
            : ""
        return """
            { "version": 1, "name": "\(name)", "branch": "\(branch)", \(fromLine)
              "aicore": { "resource_group": "rg-\(name)", "application": "app-\(name)", "env_prefix": "AICORE_\(name.uppercased())_",
                "tenant": { \(secretLines)
                  "repository": { "name": "churn-model", "url": "file://\(repository)", "username_env": "GIT_USERNAME", "token_env": "GIT_TOKEN" } } },
              "deploy": { "config": "cicd/config.json", "timeout_seconds": 60 } }
            """
    }

    @Test func oneTenantPerStageSetUpCheckedAndDeployed() throws {
        let training = DeployFixtures.training.replacingOccurrences(
            of: "spec:\n  entrypoint: main",
            with: "spec:\n  imagePullSecrets:\n    - name: acme-registry\n  entrypoint: main")
        let fixture = try DeployFixtures.repository(files: ["templates/train.yaml": training])
        // The same prefix for every stage cannot be served as separate tenants.
        let shared = try PromoteBinary.run(["emulator", "--stages"], in: fixture.path)
        #expect(shared.status == 64)
        #expect(
            shared.stderr.contains("--stages needs a prefix per stage: dev and tst both use AICORE_"),
            "\(shared.stderr)")

        try fixture.commit(
            "A tenant per stage",
            files: [
                "stages/dev.json": Self.stage(
                    "dev", branch: "main", from: nil, repository: fixture.path, secrets: true),
                "stages/tst.json": Self.stage(
                    "tst", branch: "tst", from: "dev", repository: fixture.path, secrets: true),
                "stages/prd.json": Self.stage(
                    "prd", branch: "prd", from: "tst", repository: fixture.path, secrets: false),
            ])
        try fixture.git(["branch", "-f", "tst", "main"])
        try fixture.git(["branch", "-f", "prd", "main"])
        let emulator = try EmulatorProcess(arguments: ["--stages", "--repo", fixture.path], directory: fixture.path)
        defer { emulator.process.terminate() }
        let ports = ["DEV", "TST", "PRD"].compactMap { emulator.exports["AICORE_\($0)_BASE_URL"] }
        #expect(ports.count == 3 && Set(ports).count == 3, "\(emulator.exports)")
        #expect(emulator.exports["AICORE_TST_RESOURCE_GROUP"] == "rg-tst")
        var environment: [String: String?] = emulator.exports.mapValues { $0 }
        for (name, value) in Self.secrets { environment[name] = value }

        for stage in ["dev", "tst", "prd"] {
            let setup = try PromoteBinary.run(["setup", stage], in: fixture.path, environment: environment)
            #expect(setup.status == 0, "\(stage): \(setup.stdout)\n\(setup.stderr)")
            #expect(setup.stdout.contains("resource group rg-\(stage): created"))
        }
        // Each tenant holds only its own stage: tst's has no rg-dev, and its application syncs tst's branch.
        let dev = try PromoteBinary.run(["doctor", "dev", "tst"], in: fixture.path, environment: environment)
        #expect(dev.status == 0, "\(dev.stdout)\n\(dev.stderr)")
        #expect(dev.stdout.contains("everything holds"))

        let deployed = try PromoteBinary.run(["deploy", "tst"], in: fixture.path, environment: environment)
        #expect(deployed.status == 0, "\(deployed.stdout)\n\(deployed.stderr)")

        // prd's tenant was never given the secrets its runs need: doctor says so, and the run ends DEAD the way
        // AI Core ends it.
        let prd = try PromoteBinary.run(["doctor", "prd"], in: fixture.path, environment: environment)
        #expect(prd.status == 1)
        #expect(
            prd.stdout.contains("FAIL  object store secrets: default named by the deploy config's artifact URLs"),
            "\(prd.stdout)")
        #expect(
            prd.stdout.contains("FAIL  docker registry secrets: acme-registry named by the templates' imagePullSecrets")
        )
        let failed = try PromoteBinary.run(["deploy", "prd"], in: fixture.path, environment: environment)
        #expect(failed.status == 3, "\(failed.stdout)\n\(failed.stderr)")
        #expect(
            failed.stdout.contains("ImagePullBackOff") && failed.stdout.contains(#"secret "acme-registry" not found"#),
            "\(failed.stdout)")

        // No secret value in anything promote printed.
        let printed = [dev, deployed, prd, failed].map { $0.stdout + $0.stderr }.joined()
        for case (_, let value?) in Self.secrets { #expect(!printed.contains(value)) }
    }
}
