import Foundation
import PromoteModel
import Testing

/// cicd/ci.json is read as strictly as the stage files: every problem at once, each with file and JSON path.
@Suite struct CISettingsTests {
    private let stages = try! StageLoader.load(
        directory: (CIFixtures.testsDirectory as NSString).appendingPathComponent("StageSets/fanout/stages"))

    private func load(_ json: String) throws(CISettingsError) -> CISettings {
        try CISettingsLoader.load(Array(json.utf8), stages: stages)
    }

    private func problems(_ json: String) -> [String] {
        do {
            _ = try load(json)
            return []
        } catch {
            switch error {
            case .invalid(let problems): return problems.map(\.description)
            }
        }
    }

    @Test func noFileGivesTheDefaults() throws {
        let settings = try CISettingsLoader.load(nil, stages: stages)
        #expect(settings == .defaults)
        #expect(settings.targets == [.github, .gitlab, .jenkins])
        #expect(settings.install.method == .source)
        #expect(settings.image.repository == nil)
    }

    @Test func readsEveryKey() throws {
        let fanout = try #require(
            FileManager.default.contents(
                atPath: (CIFixtures.testsDirectory as NSString).appendingPathComponent("StageSets/fanout/cicd/ci.json"))
        )
        let settings = try CISettingsLoader.load(Array(fanout), stages: stages)
        #expect(settings.file == "cicd/ci.json")
        #expect(settings.runnerImage == "registry.example.com/tools/swift:6.3-noble")
        #expect(settings.install.method == .command)
        #expect(settings.install.command?.contains("\n") == true)
        #expect(settings.image.repository == "registry.example.com/ml/model")
        #expect(settings.github.runsOn == "ubuntu-24.04")
        #expect(settings.gitlab.tags == ["docker", "linux"])
        #expect(settings.gitlab.deploymentTiers == ["tst": "staging"])
        #expect(settings.jenkins.approvers == ["prd-us": "us-release-managers"])
        #expect(settings.jenkins.gitCredentials == "ml-git")
        #expect(settings.jenkins.registryCredentials == "promote-registry")
        #expect(settings.jenkins.destinations)
        #expect(settings.doctorInPullRequests == ["dev"])
    }

    @Test func aRunnerImagePinnedByDigestIsTakenAsItIs() throws {
        let pinned = "swift:6.3-noble@sha256:" + String(repeating: "ab", count: 32)
        let settings = try load(#"{ "version": 1, "runner_image": "\#(pinned)" }"#)
        #expect(settings.runnerImage == pinned)
    }

    @Test func unknownKeysAreNamedWithTheirPath() {
        let found = problems(#"{ "version": 1, "gitlab": { "tagz": [] }, "runner": "x" }"#)
        #expect(found.count == 2)
        #expect(found.contains { $0.hasPrefix("cicd/ci.json: $.gitlab.tagz: unknown key (did you mean \"tags\"?)") })
        #expect(found.contains { $0.hasPrefix("cicd/ci.json: $.runner: unknown key") })
    }

    @Test func aSuggestionIsOfferedOnlyWhenAKnownKeyIsClose() {
        // "abe" is 3 edits from "image", as close as "gitx" is to "github", but shares almost nothing with it.
        let found = problems(#"{ "version": 1, "abe": 1, "img": 2, "targts": ["github"] }"#)
        #expect(found.contains { $0.hasPrefix("cicd/ci.json: $.abe: unknown key; allowed keys: ") })
        #expect(found.contains { $0.hasPrefix("cicd/ci.json: $.img: unknown key (did you mean \"image\"?)") })
        #expect(found.contains { $0.hasPrefix("cicd/ci.json: $.targts: unknown key (did you mean \"targets\"?)") })
    }

    @Test func everyBadValueIsReportedAtOnce() {
        let found = problems(
            """
            { "version": 2, "targets": ["github", "bamboo"], "runner_image": "swift 6",
              "promote": { "install": "pip", "source": "https://example.com/p.git\\"; rm -rf /", "ref": "a..b" },
              "image": { "dockerfile": "../Dockerfile" },
              "gitlab": { "deployment_tiers": { "tst": "qa", "uat": "testing" }, "tags": [1] },
              "jenkins": { "approvers": { "prd-eu": "alice'; drop" }, "destinations": "yes" } }
            """)
        let expected = [
            "$.version: version 2 is not supported", "$.targets[1]: \"bamboo\" is not a CI target",
            "$.runner_image: \"swift 6\" is not allowed here", "$.promote.install: \"pip\" is not an install method",
            "$.promote.source:", "$.promote.ref: \"a..b\"", "$.image.dockerfile: \"../Dockerfile\"",
            "$.gitlab.tags[0]: expected a non-empty string", "$.gitlab.deployment_tiers.uat: \"uat\" is not a stage",
            "$.gitlab.deployment_tiers.tst: \"qa\" is not a GitLab deployment tier",
            "$.jenkins.approvers.prd-eu:", "$.jenkins.destinations: expected true or false",
        ]
        for fragment in expected {
            #expect(found.contains { $0.contains(fragment) }, "no problem mentions \(fragment): \(found)")
        }
        #expect(found.count == expected.count, "\(found)")
        #expect(found.allSatisfy { $0.hasPrefix("cicd/ci.json: $") })
    }

    @Test func doctorInPullRequestsNamesStagesEachOnce() throws {
        #expect(try load(#"{ "version": 1 }"#).doctorInPullRequests == [])
        #expect(
            try load(#"{ "version": 1, "doctor_in_pull_requests": ["tst", "dev"] }"#).doctorInPullRequests == [
                "tst", "dev",
            ])
        let found = problems(
            #"{ "version": 1, "doctor_in_pull_requests": ["dev", "dve", 3, "dev"], "targets": ["bamboo"] }"#)
        let expected = [
            "cicd/ci.json: $.doctor_in_pull_requests[1]: \"dve\" is not a stage; known stages: dev, prd-eu, prd-us, tst",
            "cicd/ci.json: $.doctor_in_pull_requests[2]: expected a stage name, got ",
            "cicd/ci.json: $.doctor_in_pull_requests[3]: \"dev\" is listed twice",
            "cicd/ci.json: $.targets[0]: \"bamboo\" is not a CI target",
        ]
        for fragment in expected {
            #expect(found.contains { $0.hasPrefix(fragment) }, "no problem starts with \(fragment): \(found)")
        }
        #expect(found.count == expected.count, "\(found)")
        #expect(
            problems(#"{ "version": 1, "doctor_in_pull_requests": "dev" }"#) == [
                "cicd/ci.json: $.doctor_in_pull_requests: expected an array of stage names, got a string"
            ])
    }

    @Test func commandInstallNeedsItsCommand() {
        #expect(
            problems(#"{ "version": 1, "promote": { "install": "command" } }"#) == [
                "cicd/ci.json: $.promote.command: required when install is \"command\": the shell command that puts promote on PATH"
            ])
        #expect(
            problems(#"{ "version": 1, "promote": { "install": "command", "command": "echo ${{ secrets.X }}" } }"#)
                .first?.contains("must not contain '${{'") == true)
        #expect(
            problems(#"{ "version": 1, "promote": { "command": "true" } }"#).first?.contains("only used when") == true)
    }

    @Test func malformedJSONNamesTheLine() {
        let found = problems("{ \"version\": 1,\n  \"targets\": [\"github\",] }")
        #expect(found == ["cicd/ci.json: $: not valid JSON: line 2, column 23: trailing comma before ']'; remove it"])
    }

    @Test func versionIsRequired() {
        #expect(problems("{}") == ["cicd/ci.json: $.version: required key is missing"])
    }
}
