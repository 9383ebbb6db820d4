import CIGen
import Foundation
import PromoteModel
import TestSupport
import Testing

/// The manual rollback, hold and release jobs (docs/ci.md, "Rollback, hold and release from CI"): one of each per
/// stage in every CI, started only by its own choice of operation and stage, and what the user types never written
/// into a script.
@Suite struct OperationJobsTests {
    private func files(_ set: String) throws -> (stages: [Stage], github: String, gitlab: String, jenkins: String) {
        let tree = try CIFixtures.workingTree(set)
        let project = try CIFixtures.render(root: tree.path)
        let stages = try StageLoader.load(directory: tree.appending("stages")).stages
        func contents(_ path: String) throws -> String {
            try #require(project.files.first { $0.path == path }).contents
        }
        return (
            stages, try contents(".github/workflows/promote.yml"), try contents(".gitlab-ci.yml"),
            try contents("Jenkinsfile")
        )
    }

    @Test(arguments: CIFixtures.stageSets)
    func everyStageHasARollbackAHoldAndAReleaseJobInEveryCI(set: String) throws {
        let (stages, github, gitlab, jenkins) = try files(set)
        for stage in stages.map(\.name) {
            for operation in ["rollback", "hold", "release"] {
                #expect(github.contains("\n  \(operation)-\(stage):\n"), "\(set): GitHub job \(operation)-\(stage)")
                #expect(
                    github.contains(
                        "if: github.event_name == 'workflow_dispatch' && inputs.operation == '\(operation)' "
                            + "&& inputs.stage == '\(stage)'\n"))
                #expect(gitlab.contains("\n\(operation):\(stage):\n"), "\(set): GitLab job \(operation):\(stage)")
                #expect(
                    jenkins.contains(
                        "expression { params.PROMOTE_OPERATION == '\(operation)' && params.PROMOTE_STAGE == '\(stage)' }"
                    ))
            }
            #expect(github.contains("          - \"\(stage)\"\n"), "\(set): \(stage) is a choice of the stage input")
        }
        // A promotion or a push build never runs alongside an operation.
        #expect(github.contains("inputs.operation == 'promote' && inputs.to == "))
        #expect(!jenkins.contains("(params.PROMOTE_TO ?: '-') == '-' }"))
    }

    @Test(arguments: CIFixtures.stageSets)
    func everyStageHasASetupJobInEveryCI(set: String) throws {
        let (stages, github, gitlab, jenkins) = try files(set)
        #expect(github.contains("          - setup\n"), "\(set): setup is a choice of the operation input")
        #expect(jenkins.contains("choices: ['-', 'rollback', 'hold', 'release', 'setup']"))
        for stage in stages {
            let name = stage.name
            let job = try #require(Self.blocks(github, jobsOf: .github)["setup-\(name)"], "\(set): setup-\(name)")
            #expect(
                job.contains(
                    "if: github.event_name == 'workflow_dispatch' && inputs.operation == 'setup' "
                        + "&& inputs.stage == '\(name)'\n"))
            #expect(job.contains("environment: \(stage.environment)\n"))
            #expect(job.contains("run: promote setup \(name)\n"))
            // Setup writes no records: no record key and no token of its own, read-only.
            #expect(!job.contains("PROMOTE_RECORD_KEY") && !job.contains("secrets.PROMOTE_GIT_TOKEN"))
            #expect(job.contains("contents: read") && !job.contains("contents: write"))
            #expect(
                job.contains(
                    "\(stage.aicore.envPrefix)CLIENT_SECRET: ${{ secrets.\(stage.aicore.envPrefix)CLIENT_SECRET }}"))

            let gitlabJob = try #require(Self.blocks(gitlab, jobsOf: .gitlab)["setup:\(name)"], "\(set): setup:\(name)")
            #expect(gitlabJob.contains("  stage: operate\n") && gitlabJob.contains("    name: \(stage.environment)\n"))
            #expect(gitlabJob.contains("    - promote setup \(name)\n"))
            #expect(gitlabJob.contains("when: manual\n      allow_failure: true\n"))
            #expect(!gitlabJob.contains(".promote-records"), "\(set): setup pushes no records")

            let stageBlock = try #require(
                Self.blocks(jenkins, jobsOf: .jenkins)["Set up \(name)"], "\(set): Set up \(name)")
            #expect(
                stageBlock.contains(
                    "expression { params.PROMOTE_OPERATION == 'setup' && params.PROMOTE_STAGE == '\(name)' }"))
            #expect(stageBlock.contains("promote setup \(name)\n"))
            #expect(stageBlock.contains("lock('promote-\(name)')"))
            #expect(!stageBlock.contains("promote-record-key"))
        }
    }

    /// The secrets a stage's aicore.tenant names are passed to that stage's setup job, and to no other job of any CI
    /// (not even its pull-request doctor job: doctor compares the declaration without them).
    @Test(arguments: CIFixtures.stageSets)
    func declaredVariablesReachOnlyTheirStagesSetupJob(set: String) throws {
        let (stages, github, gitlab, jenkins) = try files(set)
        var declaredAny = false
        for stage in stages {
            let credentials = CIContextBuilder.variableSuffixes.map { stage.aicore.envPrefix + $0 }
            let declared = (stage.aicore.tenant?.variables ?? []).filter { !credentials.contains($0) }
            for variable in declared {
                declaredAny = true
                let githubJobs = Self.blocks(github, jobsOf: .github).filter {
                    $0.value.contains("\(variable): ${{ secrets.\(variable) }}\n")
                }
                #expect(
                    Set(githubJobs.keys) == ["setup-\(stage.name)"],
                    "\(set): GitHub jobs passing \(variable): \(githubJobs.keys.sorted())")
                let gitlabJobs = Self.blocks(gitlab, jobsOf: .gitlab).filter { Self.words($0.value).contains(variable) }
                #expect(
                    Set(gitlabJobs.keys) == Set(["setup:\(stage.name)"]),
                    "\(set): GitLab jobs naming \(variable): \(gitlabJobs.keys.sorted())")
                let jenkinsStages = Self.blocks(jenkins, jobsOf: .jenkins).filter {
                    $0.value.contains("string(credentialsId: '\(variable)', variable: '\(variable)')")
                }
                #expect(
                    Set(jenkinsStages.keys) == ["Set up \(stage.name)"],
                    "\(set): Jenkins stages binding \(variable): \(jenkinsStages.keys.sorted())")
            }
            // A variable that is also one of the stage's AI Core variables is passed once.
            for (name, job) in Self.blocks(github, jobsOf: .github)
            where name.hasPrefix("setup-") || name.hasPrefix("doctor-") {
                for line in Set(job.split(separator: "\n").filter { $0.contains(": ${{ secrets.") }) {
                    #expect(job.components(separatedBy: "\(line)\n").count <= 2, "\(set): passed twice: \(line)")
                }
            }
        }
        #expect(declaredAny == (set == "fanout"), "\(set): the fixture declares tenants only in fanout")
    }

    /// `doctor_in_pull_requests`: nothing by default; when set, one job per listed stage in pull-request pipelines,
    /// holding that stage's secrets and no other stage's, no record key and no push credential.
    @Test(arguments: CIFixtures.stageSets)
    func doctorRunsInPullRequestsOnlyForTheStagesOptedIn(set: String) throws {
        let (stages, github, gitlab, jenkins) = try files(set)
        let settings = try CIFixtures.settings(set)
        #expect(settings.doctorInPullRequests == (set == "fanout" ? ["dev"] : []))
        let githubJobs = Self.blocks(github, jobsOf: .github)
        let gitlabJobs = Self.blocks(gitlab, jobsOf: .gitlab)
        let jenkinsStages = Self.blocks(jenkins, jobsOf: .jenkins)
        #expect(
            githubJobs.keys.filter { $0.hasPrefix("doctor-") }.sorted()
                == settings.doctorInPullRequests.map { "doctor-\($0)" })
        #expect(
            gitlabJobs.keys.filter { $0.hasPrefix("doctor:") }.sorted()
                == settings.doctorInPullRequests.map { "doctor:\($0)" })
        #expect(
            jenkinsStages.keys.filter { $0.hasPrefix("Doctor ") }.sorted()
                == settings.doctorInPullRequests.map { "Doctor \($0)" })
        #expect(!github.contains("promote doctor") || set == "fanout")
        for name in settings.doctorInPullRequests {
            let stage = try #require(stages.first { $0.name == name })
            let others = stages.filter { $0.name != name }.map(\.aicore.envPrefix)
            let job = try #require(githubJobs["doctor-\(name)"])
            #expect(job.contains("if: github.event_name == 'pull_request'\n"))
            #expect(job.contains("environment: \(stage.environment)\n"))
            #expect(job.contains("run: promote doctor \(name)\n"))
            #expect(job.contains("secrets.\(stage.aicore.envPrefix)CLIENT_SECRET }}"))
            #expect(!job.contains("PROMOTE_RECORD_KEY") && !job.contains("secrets.PROMOTE_GIT_TOKEN"))
            let gitlabJob = try #require(gitlabJobs["doctor:\(name)"])
            #expect(gitlabJob.contains(#"- if: $CI_PIPELINE_SOURCE == "merge_request_event""#))
            #expect(gitlabJob.contains("    action: verify\n") && gitlabJob.contains("    - promote doctor \(name)\n"))
            let jenkinsStage = try #require(jenkinsStages["Doctor \(name)"])
            #expect(
                jenkinsStage.contains("when { changeRequest() }") && jenkinsStage.contains("promote doctor \(name)\n"))
            for block in [job, gitlabJob, jenkinsStage] {
                for prefix in others { #expect(!block.contains(prefix), "\(set): doctor of \(name) holds \(prefix)…") }
            }
        }
        // The pull-request jobs themselves still hold no stage credential.
        for (name, job) in githubJobs where name.hasPrefix("pull-request-") {
            #expect(!job.contains("${{ secrets."), "\(set): \(name) holds a secret")
        }
    }

    enum CI { case github, gitlab, jenkins }

    /// The identifiers in a text (letters, digits and '_'), so that GIT_TOKEN is not found in PROMOTE_GIT_TOKEN.
    static func words(_ text: String) -> Set<String> {
        Set(
            text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }.map(String.init))
    }

    /// The jobs of a generated file by name: GitHub's jobs (two-space keys under `jobs:`), GitLab's top-level keys,
    /// Jenkins's `stage('…')` blocks; each with its text up to the next one.
    static func blocks(_ file: String, jobsOf ci: CI) -> [String: String] {
        var result: [String: String] = [:]
        var current: String?
        var inJobs = ci != .github
        for line in file.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            var name: String?
            switch ci {
            case .github:
                if line == "jobs:" { inJobs = true }
                if inJobs, line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(":") {
                    name = String(line.dropFirst(2).dropLast())
                }
            case .gitlab:
                if let first = line.first, first != " ", first != "#", line.hasSuffix(":") {
                    name = String(line.dropLast())
                }
            case .jenkins:
                if line.hasPrefix("    stage('"), line.hasSuffix("') {") {
                    name = String(line.dropFirst("    stage('".count).dropLast("') {".count))
                }
            }
            if let name {
                current = name
                result[name] = ""
            }
            if let key = current { result[key, default: ""] += line + "\n" }
        }
        return result
    }

    /// GitHub expands `${{ }}` before the shell runs, so an input inside `run:` would be code; Jenkins's Groovy
    /// interpolation into `sh` would be the same. The inputs must arrive through the environment.
    @Test(arguments: CIFixtures.stageSets)
    func inputsReachCommandsThroughTheEnvironmentOnly(set: String) throws {
        let (_, github, _, jenkins) = try files(set)
        for line in Self.runScriptLines(github) {
            #expect(!line.contains("${{"), "\(set): an expression in a run: script: \(line)")
        }
        for name in ["reason", "rollback_to", "release_record"] {
            #expect(github.contains(": ${{ inputs.\(name) }}\n"), "\(set): input \(name) is passed through env:")
        }
        for line in jenkins.split(separator: "\n") where line.contains("params.") {
            #expect(line.contains("expression {"), "\(set): params outside a when expression: \(line)")
        }
        #expect(jenkins.contains(#"promote hold "#) && jenkins.contains(#"--reason "$PROMOTE_REASON""#))
    }

    /// The lines of every `run:` script of a workflow: the value of a one-line `run:`, or the lines of a `run: |`
    /// block (indented deeper than its key).
    static func runScriptLines(_ workflow: String) -> [String] {
        var lines: [String] = []
        var blockIndent: Int?
        for line in workflow.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let indent = line.prefix { $0 == " " }.count
            if let current = blockIndent {
                if line.trimmingCharacters(in: .whitespaces).isEmpty || indent > current {
                    lines.append(line)
                    continue
                }
                blockIndent = nil
            }
            let trimmed = line.drop { $0 == " " }
            let key = trimmed.hasPrefix("- ") ? trimmed.dropFirst(2) : trimmed
            guard key.hasPrefix("run: ") else { continue }
            let value = key.dropFirst("run: ".count)
            if value == "|" {
                blockIndent = indent + (trimmed.hasPrefix("- ") ? 2 : 0)
            } else {
                lines.append(String(value))
            }
        }
        return lines
    }

    @Test func runScriptLinesReadsOneLineAndBlockScripts() {
        let workflow = """
            steps:
              - run: echo one
              - name: two
                run: |
                  echo two
                  echo three
                env:
                  X: ${{ inputs.x }}
            """
        #expect(Self.runScriptLines(workflow) == ["echo one", "      echo two", "      echo three"])
    }
}
