import ArgumentParser
import CIGen
import Foundation
import PromoteCore
import PromoteGit
import PromoteModel

extension Promote {
    /// `promote doctor`: what would make a deploy fail, found before it does.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Check stages' tenants and CI files before a deploy fails, one line per check with what to do.",
            discussion: """
                For each stage (all by default), with its credentials from the environment: the credentials give a \
                token; the base URL answers; the resource group is PROVISIONED; the declared repository is \
                on-boarded and COMPLETED; the git-sync application exists, follows the stage's branch and \
                templates path, and is Synced and Healthy; every object store secret the deploy config's artifact \
                URLs name (ai://<secret>/...) and every docker registry secret the templates pull with \
                (imagePullSecrets) exists in that stage's tenant; the tenant holds what aicore.tenant declares (a \
                dry-run 'promote setup'). Then, once, whether the generated CI files are current ('promote ci \
                check'; skipped when there are none).

                A stage whose credentials are not in the environment fails its first check and skips the rest. \
                Nothing is changed, and no secret value is printed.

                Exit codes: 0 everything holds; 1 a check failed.

                Examples:
                  promote doctor
                  promote doctor prd
                  promote doctor dev tst --json
                """
        )

        @Argument(help: "The stages to check (default: every stage).")
        var stages: [String] = []

        @Flag(help: "Print a JSON document (schema promote.doctor/v1, see docs/json/doctor.md).")
        var json = false

        @OptionGroup var repository: RepositoryOptions

        func run() async throws {
            let workspace = try repository.openWorkspace()
            let names = stages.isEmpty ? workspace.stages.stages.map(\.name) : stages
            var report = DoctorReport(stages: [])
            for name in names {
                report.stages.append(
                    await TenantDoctor.check(
                        workspace: workspace, stage: name, environment: ProcessInfo.processInfo.environment))
            }
            report.stages.append(DoctorReport.StageChecks(stage: "ci", checks: [ciFiles(workspace)]))
            print(json ? try JSONOutput.encode(report) : report.renderText(), terminator: "")
            if !report.ok { throw ExitCode(1) }
        }

        /// Whether the generated CI files in the working tree are what 'promote ci generate' writes now.
        private func ciFiles(_ workspace: Workspace) -> DoctorReport.Check {
            guard let root = workspace.repository.workingDirectory else {
                return DoctorReport.Check(name: "CI files", status: .skipped, detail: "a bare repository has none")
            }
            do {
                let project = try CIProject.render(
                    root: root, stages: workspace.stages, targets: nil, templatesDirectory: nil,
                    generatorVersion: PromoteVersion.current)
                let present = project.files.filter {
                    FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent($0.path))
                }
                guard !present.isEmpty else {
                    return DoctorReport.Check(
                        name: "CI files", status: .skipped,
                        detail: "none generated yet ('promote ci generate' writes them)")
                }
                let drifts = CIFileWriter.check(present, root: root)
                guard drifts.isEmpty else {
                    return DoctorReport.Check(
                        name: "CI files", status: .failed,
                        detail: "out of date with the stage files: \(drifts.map(\.path).joined(separator: ", "))",
                        fix: "run 'promote ci generate' and commit the result")
                }
                return DoctorReport.Check(
                    name: "CI files", status: .ok, detail: "\(present.map(\.path).joined(separator: ", ")) up to date")
            } catch {
                return DoctorReport.Check(name: "CI files", status: .failed, detail: error.localizedDescription)
            }
        }
    }
}
