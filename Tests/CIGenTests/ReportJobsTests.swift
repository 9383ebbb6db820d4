import CIGen
import Foundation
import PromoteModel
import TestSupport
import Testing

/// promote's report of the stages (docs/ci.md, "The report"): every job that deploys, promotes or rolls back writes it
/// with `promote report --html` and keeps it where its CI shows such things, a failed job's included, with no secret
/// in reach; `report.pages` in cicd/ci.json also publishes it on GitHub Pages and GitLab Pages.
@Suite struct ReportJobsTests {
    private struct Files {
        let stages: [String]
        let promotionTargets: [String]
        let github: String
        let gitlab: String
        let jenkins: String
    }

    private func files(_ set: String) throws -> Files {
        let tree = try CIFixtures.workingTree(set)
        let project = try CIFixtures.render(root: tree.path)
        let stages = try StageLoader.load(directory: tree.appending("stages")).stages
        func contents(_ path: String) throws -> String {
            try #require(project.files.first { $0.path == path }).contents
        }
        return Files(
            stages: stages.map(\.name), promotionTargets: stages.filter { $0.from != nil }.map(\.name),
            github: try contents(".github/workflows/promote.yml"), gitlab: try contents(".gitlab-ci.yml"),
            jenkins: try contents("Jenkinsfile"))
    }

    /// The step of a GitHub job that starts with `- name: <name>`, up to the next step.
    private func step(_ name: String, in job: String) -> String? {
        guard let start = job.range(of: "      - name: \(name)\n") else { return nil }
        let rest = job[start.upperBound...]
        let end = rest.range(of: "\n      - ")?.lowerBound ?? rest.endIndex
        return "      - name: \(name)\n" + rest[..<end]
    }

    @Test(arguments: CIFixtures.stageSets)
    func gitHubJobsThatDeployKeepTheReportWithoutASecret(set: String) throws {
        let files = try files(set)
        let jobs = OperationJobsTests.blocks(files.github, jobsOf: .github)
        let names =
            files.stages.map { "deploy-\($0)" } + files.promotionTargets.map { "promote-\($0)" }
            + files.stages.map { "rollback-\($0)" }
        for name in names {
            let job = try #require(jobs[name], "\(set): GitHub job \(name)")
            let report = try #require(step("Report of the stages", in: job), "\(set): \(name) writes the report")
            #expect(report.contains("if: ${{ !cancelled() }}\n"), "\(set): \(name): also after a failed deploy")
            #expect(report.hasSuffix("run: promote report --html promote-report"))
            #expect(!report.contains("env:") && !report.contains("secrets."), "\(set): \(name): no secret in reach")
            let keep = try #require(step("Keep the report", in: job), "\(set): \(name) uploads the report")
            #expect(keep.contains("if: ${{ !cancelled() }}\n"))
            #expect(keep.contains("uses: actions/upload-artifact@043fb46d1a93c77aae656e7c1c64a875d1fc6a0a # v7.0.1\n"))
            #expect(keep.contains("name: promote-report-${{ github.job }}\n"))
            #expect(keep.contains("path: promote-report/\n"))
            // After the records are pushed, so that a failing report never keeps them from origin.
            let records = try #require(job.range(of: "- name: Push promote's records\n"))
            let reportStep = try #require(job.range(of: "- name: Report of the stages\n"))
            #expect(records.lowerBound < reportStep.lowerBound)
        }
        for name in jobs.keys where !names.contains(name) {
            #expect(jobs[name]?.contains("promote report --html") == false, "\(set): \(name) writes no report")
        }
    }

    @Test(arguments: CIFixtures.stageSets)
    func gitLabJobsKeepTheReportAsAnArtifactShownInMergeRequests(set: String) throws {
        let files = try files(set)
        let jobs = OperationJobsTests.blocks(files.gitlab, jobsOf: .gitlab)
        let template = try #require(jobs[".promote-records-report"])
        let report = try #require(template.range(of: "promote report --html promote-report"))
        let records = try #require(template.range(of: "git push --quiet origin 'refs/notes/promote/*"))
        #expect(report.lowerBound < records.lowerBound, "the records push ends the shell, so the report comes first")
        #expect(template.contains(#"env -i PATH="$PATH" HOME="$HOME" promote report --html promote-report"#))
        let names =
            files.stages.map { "deploy-\($0)" } + files.promotionTargets.map { "promote-\($0)" }
            + files.stages.map { "rollback:\($0)" }
        for name in names {
            let job = try #require(jobs[name], "\(set): GitLab job \(name)")
            #expect(job.contains("    - .promote-records-report\n"), "\(set): \(name) writes the report")
            #expect(
                job.contains("  artifacts:\n    when: always\n    expose_as: promote report\n    paths:\n"),
                "\(set): \(name) keeps it")
            #expect(job.contains("      - promote-report/\n"))
        }
        for stage in files.stages {
            let job = try #require(jobs["merge-request-\(stage)"])
            #expect(job.contains("  after_script:\n    - |\n"))
            #expect(job.contains(#"env -i PATH="$PATH" HOME="$HOME" promote report --html promote-report"#))
            #expect(job.contains("    expose_as: promote report\n"))
            #expect(job.contains("      - promote-report/\n"))
        }
        #expect(!files.gitlab.contains("expose_as: promote plan"))
    }

    @Test(arguments: CIFixtures.stageSets)
    func jenkinsArchivesAndPublishesTheReportAfterEveryDeploy(set: String) throws {
        let files = try files(set)
        let stages = OperationJobsTests.blocks(files.jenkins, jobsOf: .jenkins)
        #expect(files.jenkins.contains("  exit 0\nfi\npromote report --html promote-report\n'''\n"))
        #expect(files.jenkins.contains("optionally HTML Publisher"))
        let promotions = stages.keys.filter { $0.hasPrefix("Promote ") }
        #expect(promotions.count == files.promotionTargets.count)
        let names = files.stages.map { "Deploy \($0)" } + promotions + files.stages.map { "Roll back \($0)" }
        for name in names {
            let stage = try #require(stages[name], "\(set): Jenkins stage \(name)")
            let always = try #require(stage.range(of: "      post {\n        always {\n"), "\(set): \(name)")
            let post = stage[always.upperBound...]
            // Straight inside post { always }: no withCredentials around it.
            #expect(post.contains("\n          sh(promoteReport)\n"), "\(set): \(name)")
            #expect(
                post.contains("          archiveArtifacts artifacts: 'promote-report/**', allowEmptyArchive: true\n"))
            #expect(
                post.contains(
                    "              publishHTML(target: [reportName: 'promote report', reportDir: 'promote-report'"))
            #expect(post.contains("            } catch (NoSuchMethodError missing) {\n"))
            let records = try #require(post.range(of: "sh(promoteRecords)"))
            let report = try #require(post.range(of: "sh(promoteReport)"))
            #expect(records.lowerBound < report.lowerBound)
        }
        for name in stages.keys where !names.contains(name) {
            #expect(stages[name]?.contains("promoteReport") == false, "\(set): \(name) does not write the report")
        }
    }

    @Test(arguments: CIFixtures.stageSets)
    func pagesArePublishedOnlyWhenReportPagesIsSet(set: String) throws {
        let files = try files(set)
        let pages = try CIFixtures.settings(set).report.pages
        #expect(pages == (set == "fanout"))
        let github = OperationJobsTests.blocks(files.github, jobsOf: .github)
        let gitlab = OperationJobsTests.blocks(files.gitlab, jobsOf: .gitlab)
        #expect((github["pages"] != nil) == pages)
        #expect((gitlab["pages"] != nil) == pages)
        #expect(files.github.contains("actions/upload-pages-artifact@") == pages)
        // Only the pages job may deploy to Pages.
        for (name, job) in github where name != "pages" {
            #expect(!job.contains("pages: write") && !job.contains("id-token"), "\(set): \(name)")
        }
        guard pages else { return }
        let job = try #require(github["pages"])
        #expect(job.contains("    permissions:\n      pages: write # "))
        #expect(job.contains("      id-token: write # "))
        #expect(!job.contains("contents:"))
        #expect(job.contains("    environment:\n      name: github-pages\n"))
        #expect(job.contains("uses: actions/configure-pages@45bfe0192ca1faeb007ade9deae92b16b8254a0d # v6.0.0\n"))
        #expect(job.contains("uses: actions/deploy-pages@368f82528645a54fb793d4d04e342629a3f51346 # v5.0.1\n"))
        for stage in files.stages {
            #expect(job.contains("      - deploy-\(stage)\n") && job.contains("      - rollback-\(stage)\n"))
            let deploy = try #require(github["deploy-\(stage)"])
            #expect(
                deploy.contains(
                    "uses: actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0\n"))
        }
        let pagesJob = try #require(gitlab["pages"])
        #expect(pagesJob.contains("    GIT_STRATEGY: none\n"))
        #expect(pagesJob.contains("    - mv promote-report public\n"))
        #expect(pagesJob.contains("  artifacts:\n    paths:\n      - public\n"))
        for stage in files.stages {
            #expect(pagesJob.contains("    - job: deploy-\(stage)\n      optional: true\n"))
        }
    }
}
