/// The realistic ML repository `promote demo` creates: training and serving code, a WorkflowTemplate and a
/// ServingTemplate, a deploy config with per-stage overlays, and dev → tst → prd stage files with gates.
enum DemoRepositoryFiles {
    static let scenario = "churn"

    /// The variables the stages' tenant declarations name, with the demo's stand-in values (a real landscape takes
    /// them from the CI's secret store).
    static let tenantVariables = [
        "DEMO_GIT_USER": "demo-bot", "DEMO_GIT_TOKEN": "demo-git-token", "DEMO_S3_KEY_ID": "demo-s3-key-id",
        "DEMO_S3_SECRET": "demo-s3-secret",
    ]

    /// `repository`: the path of the demo repository, which each stage's tenant on-boards.
    static func files(reviewerSignersLine: String, recordSignersLine: String, repository: String) -> [String: String] {
        [
            "README.md": """
            # churn-model

            Trains and serves a customer-churn model on SAP AI Core. Stages: dev (main) → tst → prd, managed by
            promote (see stages/ and cicd/).

            """,
            "train.py": """
            import json, os

            EPOCHS = int(os.environ.get("EPOCHS", "3"))

            def main():
                print(f"training churn model for {EPOCHS} epochs")
                json.dump({"auc": 0.91}, open("/app/model/metrics.json", "w"))

            if __name__ == "__main__":
                main()

            """,
            "serve.py": """
            from http.server import BaseHTTPRequestHandler, HTTPServer

            class Predict(BaseHTTPRequestHandler):
                def do_POST(self):
                    self.send_response(200)
                    self.end_headers()
                    self.wfile.write(b'{"churn": 0.12}')

            HTTPServer(("", 8080), Predict).serve_forever()

            """,
            "Dockerfile": """
            FROM python:3.12-slim
            COPY train.py serve.py /app/
            WORKDIR /app

            """,
            "tests/check.sh": """
            #!/bin/sh
            # The unit-test hook of the tst and prd gates: quick checks of the training code.
            set -e
            test -f train.py && grep -q EPOCHS train.py
            echo "train.py looks fine"

            """,
            "templates/train.yaml": training(imageTag: "1.0.0", epochs: "3", auc: "0.82"),
            "templates/serve.yaml": serving,
            "cicd/config.json": deployConfig,
            "cicd/config.dev.json": #"{ "clean_up": true }"# + "\n",
            "cicd/config.tst.json":
                #"{ "deployments": [ { "configuration": { "name": "churn-serve", "scenario_id": "churn", "executable_id": "churn-serve", "parameter_bindings": [ { "key": "threshold", "value": "0.6" } ] }, "wait_for_status": "RUNNING" } ] }"#
                + "\n",
            "stages/dev.json": stage("dev", branch: "main", from: nil, repository: repository, gates: nil),
            "stages/tst.json": stage(
                "tst", branch: "tst", from: "dev", repository: repository,
                gates:
                    #"{ "approvals": { "required": 1, "allow_authors": false, "ttl_hours": 72 }, "tests": [ { "name": "unit", "run": "sh tests/check.sh", "timeout_seconds": 60 } ], "require_deployed_upstream": true, "metrics": [ { "execution": "churn-train", "metric": "auc", "min": 0.8 }, { "execution": "churn-train", "metric": "auc", "compare": "current", "max_regression": 0.005 } ] }"#
            ),
            "stages/prd.json": stage(
                "prd", branch: "prd", from: "tst", repository: repository,
                gates:
                    #"{ "approvals": { "required": 2, "allow_authors": false, "ttl_hours": 72 }, "tests": [ { "name": "unit", "run": "sh tests/check.sh", "timeout_seconds": 60 } ], "require_deployed_upstream": true }"#
            ),
            "stages/allowed_signers": """
            # Who may approve promotions (git's allowed_signers format).
            \(reviewerSignersLine)
            # CI's record key: signs promote's promotion, deploy and test records, and cannot approve.
            \(recordSignersLine)

            """,
        ]
    }

    static func stage(_ name: String, branch: String, from: String?, repository: String, gates: String?) -> String {
        let fromLine = from.map { #"  "from": "\#($0)",\#n"# } ?? ""
        let gatesLine = gates.map { #",\#n  "gates": \#($0)"# } ?? ""
        // What `promote setup` makes the stage's tenant hold: the repository and the object store secret the
        // config's artifacts live on (ai://default/...), with values from the variables named (tenantVariables).
        let tenant =
            #"{ "repository": { "name": "churn-model", "url": "file://\#(repository)", "username_env": "DEMO_GIT_USER", "token_env": "DEMO_GIT_TOKEN" }, "object_store_secrets": [ { "name": "default", "type": "S3", "bucket": "acme-churn-\#(name)", "region": "eu-central-1", "data_env": { "AWS_ACCESS_KEY_ID": "DEMO_S3_KEY_ID", "AWS_SECRET_ACCESS_KEY": "DEMO_S3_SECRET" } } ] }"#
        return """
            {
              "version": 1,
              "name": "\(name)",
              "branch": "\(branch)",
            \(fromLine)  "aicore": { "resource_group": "churn-\(name)", "application": "churn-templates-\(name)", "env_prefix": "AICORE_\(name.uppercased())_",
                "tenant": \(tenant) },
              "deploy": { "config": "cicd/config.json", "overlay": "cicd/config.\(name).json", "timeout_seconds": 300 }\(gatesLine)
            }

            """
    }

    /// `auc`: what the emulator logs for the trained model (a real training logs its own metrics).
    static func training(imageTag: String, epochs: String, auc: String) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: WorkflowTemplate
        metadata:
          name: churn-train
          annotations:
            # Demo only: the AUC promote's AI Core emulator logs when this training completes. On AI Core, train.py
            # logs its own metrics with the SDK's tracking helpers.
            emulator.promote.dev/metrics: "auc=\(auc)"
            scenarios.ai.sap.com/name: "Customer churn"
            scenarios.ai.sap.com/description: "Predicts which customers are about to leave"
            executables.ai.sap.com/name: "Train the churn model"
            artifacts.ai.sap.com/customers.kind: "dataset"
            artifacts.ai.sap.com/churnmodel.kind: "model"
          labels:
            scenarios.ai.sap.com/id: "\(scenario)"
            ai.sap.com/version: "1.0"
        spec:
          entrypoint: train
          arguments:
            parameters:
              - name: epochs
                default: "\(epochs)"
          templates:
            - name: train
              metadata:
                labels:
                  ai.sap.com/resourcePlan: starter
              inputs:
                artifacts:
                  - name: customers
                    path: /app/data
              outputs:
                artifacts:
                  - name: model
                    globalName: churnmodel
                    path: /app/model
              container:
                image: docker.io/acme/churn-train:\(imageTag)
                command: ["python", "train.py"]
                env:
                  - name: EPOCHS
                    value: "{{workflow.parameters.epochs}}"

        """
    }

    static let serving = """
        apiVersion: ai.sap.com/v1alpha1
        kind: ServingTemplate
        metadata:
          name: churn-serve
          annotations:
            scenarios.ai.sap.com/name: "Customer churn"
            executables.ai.sap.com/name: "Serve the churn model"
          labels:
            scenarios.ai.sap.com/id: "\(scenario)"
            ai.sap.com/version: "1.0"
        spec:
          inputs:
            parameters:
              - name: threshold
                default: "0.5"
                type: string
          template:
            apiVersion: "serving.kserve.io/v1beta1"
            metadata:
              annotations: |
                autoscaling.knative.dev/metric: concurrency
                autoscaling.knative.dev/target: 1
              labels: |
                ai.sap.com/resourcePlan: starter
            spec: |
              predictor:
                minReplicas: 1
                maxReplicas: 2
                containers:
                - name: kserve-container
                  image: docker.io/acme/churn-serve:1.0.0
                  ports:
                    - containerPort: 8080
                      protocol: TCP
                  env:
                    - name: THRESHOLD
                      value: "{{inputs.parameters.threshold}}"

        """

    static let deployConfig = """
        {
          "clean_up": true,
          "artifacts": [
            { "key": "customers", "name": "Customer table", "kind": "dataset",
              "url": "ai://default/churn/customers.csv", "scenario_id": "churn" }
          ],
          "executions": [
            { "configuration": { "name": "churn-train", "scenario_id": "churn", "executable_id": "churn-train",
                "parameter_bindings": [ { "key": "epochs", "value": "3" } ],
                "input_artifact_bindings": [ { "key": "customers" } ] },
              "wait_for_status": "COMPLETED" }
          ],
          "deployments": [
            { "configuration": { "name": "churn-serve", "scenario_id": "churn", "executable_id": "churn-serve",
                "parameter_bindings": [ { "key": "threshold", "value": "0.5" } ] },
              "wait_for_status": "RUNNING" }
          ]
        }

        """
}
