import DeployCore
import Foundation
import PromoteCore
import TestSupport
import Testing

/// CI detection and each CI's output conventions (reference/ci.md §1.5, §2.2, §4).
@Suite struct CIEnvironmentTests {
    private let clean: [String: String] = ["PATH": "/usr/bin"]

    private func ci(_ extra: [String: String], terminal: Bool = false) -> CIEnvironment {
        CIEnvironment(environment: clean.merging(extra) { $1 }, outputIsTerminal: terminal)
    }

    @Test func namesWhoStartedTheRunAndWhere() {
        let github = ci([
            "GITHUB_ACTIONS": "true", "GITHUB_ACTOR": "octocat", "GITHUB_TRIGGERING_ACTOR": "hubot",
            "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/ml", "GITHUB_RUN_ID": "42",
            "GITHUB_RUN_ATTEMPT": "2",
        ])
        #expect(github.actor == "hubot")
        #expect(github.runURL == "https://github.com/acme/ml/actions/runs/42/attempts/2")
        #expect(ci(["GITHUB_ACTIONS": "true", "GITHUB_ACTOR": "octocat", "GITHUB_TRIGGERING_ACTOR": ""]).actor == "octocat")
        let gitlab = ci([
            "GITLAB_CI": "true", "GITLAB_USER_LOGIN": "alice", "CI_JOB_URL": "https://gitlab.example.com/ml/-/jobs/7",
        ])
        #expect(gitlab.actor == "alice")
        #expect(gitlab.runURL == "https://gitlab.example.com/ml/-/jobs/7")
        let jenkins = ci([
            "JENKINS_URL": "https://ci/", "BUILD_URL": "https://ci/job/ml/job/tst/3/", "PROMOTE_CI_ACTOR": "bob",
        ])
        #expect(jenkins.actor == "bob")
        #expect(jenkins.runURL == "https://ci/job/ml/job/tst/3/")
        // A push-started Jenkins build has no user cause: the Jenkinsfile passes an empty actor.
        #expect(ci(["JENKINS_URL": "https://ci/", "BUILD_ID": "3", "PROMOTE_CI_ACTOR": ""]).actor == nil)
        #expect(ci(["GITHUB_ACTOR": "octocat"]).actor == nil)
    }

    @Test func detectsEachCI() {
        #expect(ci(["GITHUB_ACTIONS": "true", "CI": "true"]).provider == .githubActions)
        #expect(ci(["GITLAB_CI": "true", "CI": "true"]).provider == .gitlabCI)
        #expect(ci(["JENKINS_URL": "https://jenkins.example.com/", "BUILD_ID": "7"]).provider == .jenkins)
        #expect(ci(["JENKINS_URL": "https://jenkins.example.com/"]).provider == .none)
        #expect(ci(["CI": "true"]).provider == .none)
        #expect(ci([:]).provider == .none)
    }

    @Test func githubGroupsAndAnnotationsAreEscaped() {
        let github = ci(["GITHUB_ACTIONS": "true"])
        let (group, line) = github.beginGroup("deploy 100% of tst\nnow")
        #expect(line == "::group::deploy 100%25 of tst%0Anow")
        #expect(github.endGroup(group) == "::endgroup::")
        #expect(
            github.errorLine("run a: b, c\r\nfailed", title: "promote deploy tst", file: "cicd/config.json", line: 3)
                == "::error file=cicd/config.json,line=3,title=promote deploy tst::run a: b, c%0D%0Afailed")
        #expect(github.errorLine("x", title: "a:b,c") == "::error title=a%3Ab%2Cc::x")
        #expect(github.errorLine("plain") == "::error::plain")
    }

    @Test func gitlabSectionsUseTheEscapeLinesGitLabReads() {
        let gitlab = ci(["GITLAB_CI": "true"])
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let (group, line) = gitlab.beginGroup("promote deploy prd-eu (at 1a2b)", now: start)
        #expect(group.name == "promote_deploy_prd-eu__at_1a2b_")
        #expect(
            line
                == "\u{1B}[0Ksection_start:1700000000:promote_deploy_prd-eu__at_1a2b_[collapsed=true]\r\u{1B}[0Kpromote deploy prd-eu (at 1a2b)"
        )
        #expect(
            gitlab.endGroup(group, now: start.addingTimeInterval(5))
                == "\u{1B}[0Ksection_end:1700000005:promote_deploy_prd-eu__at_1a2b_\r\u{1B}[0K")
        #expect(gitlab.errorLine("boom", file: "a.json", line: 2) == "error: a.json:2: boom")
    }

    @Test func plainElsewhere() {
        for environment in [ci([:]), ci(["JENKINS_URL": "https://j/", "BUILD_URL": "https://j/1"])] {
            let (group, line) = environment.beginGroup("deploy")
            #expect(line == nil)
            #expect(environment.endGroup(group) == nil)
            #expect(environment.errorLine("boom", title: "t") == "error: boom")
        }
    }

    @Test func colourFollowsNoColorTerminalAndCI() {
        #expect(ci([:], terminal: true).colorAllowed)
        #expect(!ci([:], terminal: false).colorAllowed)
        #expect(!ci(["NO_COLOR": "1"], terminal: true).colorAllowed)
        #expect(ci(["NO_COLOR": ""], terminal: true).colorAllowed)
        #expect(ci(["GITHUB_ACTIONS": "true"]).colorAllowed)
        #expect(ci(["GITLAB_CI": "true"]).colorAllowed)
        #expect(!ci(["GITLAB_CI": "true", "NO_COLOR": "yes"]).colorAllowed)
        #expect(!ci(["JENKINS_URL": "https://j/", "BUILD_ID": "1"]).colorAllowed)
    }

    @Test func stepSummaryIsAppendedOnGitHubOnly() throws {
        let directory = TemporaryDirectory("promote-summary")
        let path = directory.appending("summary.md")
        try "# earlier step\n".write(toFile: path, atomically: true, encoding: .utf8)
        let github = ci(["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": path])
        #expect(try github.appendStepSummary("| a |\n"))
        #expect(try github.appendStepSummary("| b |\n"))
        #expect(CIFixtures.read(path) == "# earlier step\n| a |\n| b |\n")
        #expect(try !ci(["GITLAB_CI": "true", "GITHUB_STEP_SUMMARY": path]).appendStepSummary("x"))
        #expect(try !ci(["GITHUB_ACTIONS": "true"]).appendStepSummary("x"))
    }

    @Test func deployFailuresBecomeAnnotationsOnGitHubOnly() throws {
        // RunReport has no public initializer: build the report the way --json readers would.
        let json = """
            { "schema": "promote.deploy/v1", "stage": "tst", "commit": "1a2b3c4d5e", "resource_group": "rg-tst",
              "started_at": "2026-01-01T00:00:00Z", "finished_at": "2026-01-01T00:01:00Z", "outcome": "failed",
              "artifacts": [], "configurations": [], "deployments": [], "destinations": [], "cleaned_up": [],
              "requests": 9,
              "executions": [
                { "configuration": "train", "configuration_id": "c1", "id": "e1", "status": "DEAD",
                  "wanted": "COMPLETED", "reached": false, "message": "exit code 1", "seconds": 3 },
                { "configuration": "prep", "configuration_id": "c2", "id": "e2", "status": "COMPLETED",
                  "wanted": "COMPLETED", "reached": true, "seconds": 1 } ] }
            """
        let report = try JSONDecoder().decode(DeployReport.self, from: Data(json.utf8))
        let github = DeployCIReport(ci: ci(["GITHUB_ACTIONS": "true"]), stage: "tst")
        #expect(github.openingLine == "::group::promote deploy tst")
        #expect(
            github.failureLines(report) == [
                "::error title=promote deploy tst::execution train (e1) is DEAD did not reach COMPLETED: exit code 1"
            ])
        #expect(DeployCIReport(ci: ci([:]), stage: "tst").failureLines(report).isEmpty)
        let markdown = report.renderMarkdown()
        #expect(markdown.contains("| execution | train | e1 | DEAD | FAILED (wanted COMPLETED): exit code 1 |"))
        #expect(markdown.contains("**FAILED**"))
    }
}

/// `promote deploy` through the binary, to the in-process emulator, as each CI would run it.
@Suite struct DeployInCITests {
    private let noCI: [String: String?] = [
        "GITHUB_ACTIONS": nil, "GITLAB_CI": nil, "JENKINS_URL": nil, "GITHUB_STEP_SUMMARY": nil,
    ]

    @Test func githubGetsAGroupAndAJobSummary() throws {
        let repository = try DeployFixtures.repository()
        let directory = TemporaryDirectory("promote-summary")
        let summary = directory.appending("summary.md")
        var environment = noCI
        environment["GITHUB_ACTIONS"] = "true"
        environment["GITHUB_STEP_SUMMARY"] = summary
        let result = try PromoteBinary.run(
            ["deploy", "dev", "--target", "emulator"], in: repository.path, environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let open = try #require(lines.firstIndex(of: "::group::promote deploy dev"))
        let close = try #require(lines.firstIndex(of: "::endgroup::"))
        #expect(open == 0)
        #expect(close > open + 1)
        #expect(lines[close...].contains { $0.hasPrefix("OBJECT") })  // the summary table follows the group
        let markdown = try #require(CIFixtures.read(summary))
        #expect(markdown.hasPrefix("### promote deploy dev at `"))
        #expect(markdown.contains("every object reached its status"))
        #expect(markdown.contains("| execution |"))
    }

    @Test func gitlabGetsASectionAndPlainOutputElsewhereIsUnchanged() throws {
        let repository = try DeployFixtures.repository()
        var gitlab = noCI
        gitlab["GITLAB_CI"] = "true"
        let inGitLab = try PromoteBinary.run(
            ["deploy", "dev", "--target", "emulator"], in: repository.path, environment: gitlab)
        #expect(inGitLab.status == 0, "\(inGitLab.stderr)")
        #expect(inGitLab.stdout.hasPrefix("\u{1B}[0Ksection_start:"))
        #expect(inGitLab.stdout.contains(":promote_deploy_dev[collapsed=true]\r\u{1B}[0Kpromote deploy dev\n"))
        #expect(inGitLab.stdout.contains("\u{1B}[0Ksection_end:"))

        let plain = try PromoteBinary.run(
            ["deploy", "dev", "--target", "emulator"], in: repository.path, environment: noCI)
        #expect(plain.status == 0)
        #expect(!plain.stdout.contains("::group::"))
        #expect(!plain.stdout.contains("\u{1B}"))
    }
}
