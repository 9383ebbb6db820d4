/// The files `promote init` writes besides the stage files.
enum StarterFiles {
    /// `stages/allowed_signers`: who may approve, in git's allowed_signers format.
    static let allowedSigners = """
        # Who may approve promotions (git's allowed_signers format, as `ssh-keygen -Y verify` reads it).
        # One line per approver: their e-mail, then their SSH public key, e.g.
        #
        #   rita@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... rita@laptop
        #
        # Get a key's line with:  echo "$(git config user.email) $(cat ~/.ssh/id_ed25519.pub)"
        # A line allows every stage; to allow some stages only, add git's namespaces option (one per stage):
        #
        #   otto@example.com namespaces="promote-approval-prd@promote.dev" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA...
        #
        # Gates are read from the branch of the stage being entered, so a change to this file takes effect for a
        # stage once it has itself been promoted there.

        """

    /// `cicd/config.json`: the deploy config format of DESIGN.md §3, as a starting point.
    static let deployConfig = """
        {
          "clean_up": true,
          "artifacts": [
            { "key": "training-data", "name": "Training data", "kind": "dataset",
              "url": "ai://default/training-data", "scenario_id": "my-scenario" }
          ],
          "executions": [
            { "configuration": { "name": "Training", "scenario_id": "my-scenario", "executable_id": "my-training",
                "parameter_bindings": [ { "key": "image_tag", "value": "${PROMOTE_COMMIT}" } ],
                "input_artifact_bindings": [ { "key": "training-data" } ] },
              "wait_for_status": "COMPLETED" }
          ],
          "deployments": []
        }

        """

    /// `scripts/smoke.sh`: the verify hook tst and prd name (`gates.verify`), as a starting point that passes.
    static let smokeScript = """
        #!/bin/sh
        # The verify hook of tst and prd (stages/*.json, gates.verify): promote runs it right after a deploy, with
        # every deployment URL in PROMOTE_DEPLOYMENT_URLS (and PROMOTE_DEPLOYMENT_URL_<NAME> per deployment).
        # A non-zero exit marks the deploy failed. Replace the loop with real checks of your deployments.
        set -eu
        if [ -z "${PROMOTE_DEPLOYMENT_URLS:-}" ]; then
            echo "smoke: no deployments to check"
            exit 0
        fi
        for url in $PROMOTE_DEPLOYMENT_URLS; do
            echo "smoke: deployed at $url (add a real check here)"
        done

        """
}
