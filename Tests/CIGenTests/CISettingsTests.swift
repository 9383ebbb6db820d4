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
        #expect(settings.report.pages)
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

    @Test func reportPagesIsAStrictBoolean() throws {
        #expect(try load(#"{ "version": 1 }"#).report.pages == false)
        #expect(try load(#"{ "version": 1, "report": {} }"#).report.pages == false)
        #expect(try load(#"{ "version": 1, "report": { "pages": true } }"#).report.pages)
        #expect(try load(#"{ "version": 1, "report": { "pages": false } }"#).report.pages == false)
        #expect(
            problems(#"{ "version": 1, "report": { "pages": "yes" } }"#) == [
                "cicd/ci.json: $.report.pages: expected true or false, got a string"
            ])
        #expect(
            problems(#"{ "version": 1, "report": { "pages": 1 } }"#) == [
                "cicd/ci.json: $.report.pages: expected true or false, got an integer"
            ])
        #expect(
            problems(#"{ "version": 1, "report": true }"#) == [
                "cicd/ci.json: $.report: expected an object, got a boolean"
            ])
        #expect(
            problems(#"{ "version": 1, "report": { "page": true } }"#) == [
                "cicd/ci.json: $.report.page: unknown key (did you mean \"pages\"?); allowed keys: pages"
            ])
        #expect(
            problems(#"{ "version": 1, "github": { "pages": true } }"#) == [
                "cicd/ci.json: $.github.pages: unknown key; allowed keys: runs_on"
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

    static let x86 = String(repeating: "0123456789abcdef", count: 4)
    static let arm = String(repeating: "fedcba9876543210", count: 4)

    @Test func releaseInstallReadsItsChecksumsURLAndVersion() throws {
        let minimal = try load(
            #"{ "version": 1, "promote": { "install": "release", "release_sha256": "\#(Self.x86)" } }"#)
        #expect(minimal.install.method == .release)
        #expect(minimal.install.releaseSHA256 == [.x86_64: Self.x86])
        #expect(minimal.install.releaseURL == CISettings.defaultReleaseURL)
        #expect(minimal.install.version == nil)
        #expect(minimal.runnerImage == "debian:bookworm-slim", "release needs no toolchain image")
        let full = try load(
            """
            { "version": 1, "runner_image": "ubuntu:24.04",
              "promote": { "install": "release", "version": "0.2.0-rc.1",
                           "release_url": "https://artifacts.example.com/promote/{version}/promote-{version}-linux-{arch}.tar.gz",
                           "release_sha256": { "aarch64": "\(Self.arm)", "x86_64": "\(Self.x86)" } } }
            """)
        #expect(full.install.releaseSHA256 == [.x86_64: Self.x86, .aarch64: Self.arm])
        #expect(full.install.version == "0.2.0-rc.1")
        #expect(full.install.releaseURL.hasPrefix("https://artifacts.example.com/promote/{version}/"))
        #expect(full.runnerImage == "ubuntu:24.04")
        // The loopback, where the tests serve tarballs, may be plain http.
        for url in ["http://127.0.0.1:8080/p-{arch}.tar.gz", "http://localhost/p.tar.gz", "http://127.0.0.1"] {
            let settings = try load(
                #"{ "version": 1, "promote": { "install": "release", "release_url": "\#(url)", "release_sha256": "\#(Self.x86)" } }"#
            )
            #expect(settings.install.releaseURL == url)
        }
        // Other methods keep the Swift image.
        #expect(try load(#"{ "version": 1, "promote": { "install": "source" } }"#).runnerImage == "swift:6.3-noble")
    }

    @Test func releaseInstallWithoutAChecksumSaysWhereToFindIt() {
        #expect(
            problems(#"{ "version": 1, "promote": { "install": "release" } }"#) == [
                "cicd/ci.json: $.promote.release_sha256: required when install is \"release\": the SHA-256 of "
                    + "promote-<version>-linux-x86_64.tar.gz, from the .sha256 file published beside the tarball "
                    + "(scripts/package prints it when it makes one)"
            ])
        #expect(
            problems(#"{ "version": 1, "promote": { "install": "release", "version": "0.3.0" } }"#).first?.contains(
                "promote-0.3.0-linux-x86_64.tar.gz") == true)
    }

    /// Each bad value of a release install, alone, gives exactly one problem naming its field and the value.
    @Test(arguments: [
        (
            #""release_sha256": "\#(String(repeating: "AB", count: 32))""#, "$.promote.release_sha256: \"ABAB",
            "lower-case hex"
        ),
        (#""release_sha256": "abc123""#, "$.promote.release_sha256: \"abc123\" is not a SHA-256", "sha256sum"),
        (#""release_sha256": "\#(String(repeating: "0", count: 64)) ""#, "$.promote.release_sha256:", "not a SHA-256"),
        (#""release_sha256": 42"#, "$.promote.release_sha256: expected the tarball's SHA-256", "got an integer"),
        (#""release_sha256": {}"#, "$.promote.release_sha256: names no architecture", "x86_64"),
        (
            #""release_sha256": { "amd64": "\#(CISettingsTests.x86)" }"#,
            "$.promote.release_sha256.amd64: \"amd64\" is not an architecture", "uname -m"
        ),
        (#""release_sha256": { "x86_64": 1 }"#, "$.promote.release_sha256.x86_64: expected a string", "got an integer"),
        (#""release_sha256": { "aarch64": "xyz" }"#, "$.promote.release_sha256.aarch64: \"xyz\" is not a SHA-256", ""),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": "http://example.com/p.tar.gz""#,
            "$.promote.release_url: \"http://example.com/p.tar.gz\" is not an https:// URL", "127.0.0.1"
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": "http://localhost.example.com/p.tar.gz""#,
            "$.promote.release_url:", "not an https:// URL"
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": "ftp://example.com/p.tar.gz""#,
            "$.promote.release_url:", "not an https:// URL"
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": "https://example.com/$(id)/p.tar.gz""#,
            "$.promote.release_url:", "no quotes, spaces, $ or backticks"
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": "https://example.com/${{ github.token }}.tar.gz""#,
            "$.promote.release_url:", "is not allowed here"
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": "https://example.com/`id`.tar.gz""#,
            "$.promote.release_url:", "is not allowed here"
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": "https://example.com/p.tar.gz\"; rm -rf /""#,
            "$.promote.release_url:", "is not allowed here"
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": "https://example.com/a'b.tar.gz""#,
            "$.promote.release_url:", "is not allowed here"
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": "https://example.com/a b.tar.gz""#,
            "$.promote.release_url:", "is not allowed here"
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": "https://example.com/a\tb.tar.gz""#,
            "$.promote.release_url:", "is not allowed here"
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": "https://example.com/{ver}/p.tar.gz""#,
            "$.promote.release_url:", "placeholder promote does not know"
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": "https://ci:s3cret@example.com/p.tar.gz""#,
            "$.promote.release_url: must not carry credentials", ""
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "release_url": """#,
            "$.promote.release_url: must not be empty", ""
        ),
        (
            #""release_sha256": { "x86_64": "\#(CISettingsTests.x86)", "aarch64": "\#(CISettingsTests.arm)" }, "release_url": "https://example.com/p.tar.gz""#,
            "$.promote.release_url: has no {arch}", "x86_64 and aarch64"
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "version": "1.0 beta""#,
            "$.promote.version: \"1.0 beta\" is not allowed here", ""
        ),
        (
            #""release_sha256": "\#(CISettingsTests.x86)", "version": "$(id)""#, "$.promote.version:",
            "is not allowed here"
        ),
        (#""release_sha256": "\#(CISettingsTests.x86)", "version": 1"#, "$.promote.version: expected a string", ""),
    ])
    func everyBadReleaseValueIsNamed(fields: String, starts: String, mentions: String) {
        let found = problems(#"{ "version": 1, "promote": { "install": "release", \#(fields) } }"#)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("cicd/ci.json: " + starts) == true, "\(found)")
        #expect(mentions.isEmpty || found.first?.contains(mentions) == true, "\(found)")
        #expect(found.first?.contains("\n") == false, "one line: \(found)")
    }

    @Test func releaseSettingsAreOnlyForAReleaseInstall() {
        let found = problems(
            #"{ "version": 1, "promote": { "install": "source", "release_sha256": "xyz", "version": "1", "release_url": "ftp://x" } }"#
        )
        #expect(found.count == 3, "\(found)")
        for key in ["release_url", "version", "release_sha256"] {
            #expect(
                found.contains(
                    "cicd/ci.json: $.promote.\(key): only used when install is \"release\"; remove it or set \"install\": \"release\""
                ), "\(found)")
        }
        #expect(
            problems(#"{ "version": 1, "promote": { "install": "binary" } }"#) == [
                "cicd/ci.json: $.promote.install: \"binary\" is not an install method; use release, source, command or preinstalled"
            ])
    }

    @Test func malformedJSONNamesTheLine() {
        let found = problems("{ \"version\": 1,\n  \"targets\": [\"github\",] }")
        #expect(found == ["cicd/ci.json: $: not valid JSON: line 2, column 23: trailing comma before ']'; remove it"])
    }

    @Test func versionIsRequired() {
        #expect(problems("{}") == ["cicd/ci.json: $.version: required key is missing"])
    }
}
