import ArgumentParser

extension Promote {
    /// `promote ci`: the CI files for GitHub Actions, GitLab CI and Jenkins.
    struct CI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ci",
            abstract: "Write or check the CI files (GitHub Actions, GitLab CI, Jenkins) for this repository's stages.",
            discussion: """
                The files are rendered from the stage files (stages/*.json) and the optional CI settings in \
                cicd/ci.json, with templates built into promote (override any of them with --templates DIR).

                cicd/ci.json (every key optional except version; unknown keys are errors):
                  {
                    "version": 1,
                    "targets": ["github", "gitlab", "jenkins"],
                    "runner_image": "swift:6.3-noble",
                    "promote": { "install": "release", "release_sha256": "<SHA-256 of the x86_64 tarball>" },
                    "image": { "repository": "registry.example.com/team/model", "dockerfile": "Dockerfile",
                               "context": "." },
                    "github": { "runs_on": "ubuntu-latest" },
                    "gitlab": { "tags": ["docker"], "deployment_tiers": { "tst": "testing" } },
                    "jenkins": { "approvers": { "prd": "alice,release-managers" }, "git_credentials": "promote-git",
                                 "registry_credentials": "promote-registry", "docker_label": "docker",
                                 "destinations": false }
                  }
                promote.install is release (recommended: download promote's release tarball, check it against
                promote.release_sha256, cached; release_url and version say which; runner_image defaults to
                debian:bookworm-slim), source (the default: build promote from source in runner_image, cached;
                promote.source and promote.ref say which), command (run promote.command, which must put promote on
                PATH) or preinstalled (runner_image contains promote).
                An image is built only when image.repository is set and the Dockerfile exists. See docs/ci.md.

                Examples:
                  promote ci generate
                  promote ci check          # in a pull-request job: fails with a diff when the files are stale
                """,
            subcommands: [Generate.self, Check.self]
        )
    }
}
