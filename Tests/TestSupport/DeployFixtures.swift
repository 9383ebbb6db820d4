import Foundation

/// A repository shaped like the one DESIGN.md §3's deploy config was written for: scenario `cicdexample` with a
/// training workflow `cicdexample` and a serving template `cicdexample2`, stage files, and that config verbatim.
public enum DeployFixtures {
    /// DESIGN.md §3's config, unchanged.
    public static let designConfig = """
        {
          "clean_up": true,
          "artifacts": [ { "key": "example-dataset", "name": "Example Dataset", "kind": "dataset",
                           "url": "ai://default/cicd/example.txt", "scenario_id": "cicdexample" } ],
          "executions": [ { "configuration": { "name": "Configuration CI/CD Example Training", "scenario_id": "cicdexample",
                              "executable_id": "cicdexample",
                              "parameter_bindings": [ { "key": "envexample", "value": "test1" } ],
                              "input_artifact_bindings": [ { "key": "example-dataset" } ] },
                            "wait_for_status": "COMPLETED" } ],
          "deployments": [ { "existing_deployment_id": "de43dcb158de6825",
                             "configuration": { "name": "Configuration CI/CD Example Serving", "scenario_id": "cicdexample",
                               "executable_id": "cicdexample2",
                               "parameter_bindings": [ { "key": "envexample", "value": "test1" } ],
                               "input_artifact_bindings": [] },
                             "destination_name": "AI_CORE_DEPLOYMENT", "wait_for_status": "RUNNING" } ]
        }
        """

    public static let training = """
        apiVersion: argoproj.io/v1alpha1
        kind: WorkflowTemplate
        metadata:
          name: cicdexample
          annotations:
            scenarios.ai.sap.com/name: "CI/CD example"
            executables.ai.sap.com/name: "CI/CD example training"
            artifacts.ai.sap.com/example-dataset.kind: "dataset"
          labels:
            scenarios.ai.sap.com/id: "cicdexample"
            ai.sap.com/version: "1.0"
        spec:
          entrypoint: main
          arguments:
            parameters:
              - name: envexample
                default: "none"
          templates:
            - name: main
              metadata:
                labels:
                  ai.sap.com/resourcePlan: starter
              inputs:
                artifacts:
                  - name: example-dataset
                    path: /app/data
              container:
                image: docker.io/acme/cicd-train:1.0.0
                command: ["/bin/sh", "-c"]
                args: ["echo training with {{workflow.parameters.envexample}}"]
        """

    public static let serving = """
        apiVersion: ai.sap.com/v1alpha1
        kind: ServingTemplate
        metadata:
          name: cicdexample2
          annotations:
            scenarios.ai.sap.com/name: "CI/CD example"
            executables.ai.sap.com/name: "CI/CD example serving"
          labels:
            scenarios.ai.sap.com/id: "cicdexample"
            ai.sap.com/version: "1.0"
        spec:
          inputs:
            parameters:
              - name: envexample
                default: "none"
                type: string
          template:
            apiVersion: "serving.kserve.io/v1beta1"
            metadata:
              labels: |
                ai.sap.com/resourcePlan: starter
            spec: |
              predictor:
                minReplicas: 1
                containers:
                - name: kserve-container
                  image: docker.io/acme/cicd-serve:1.0.0
                  env:
                    - name: ENV_EXAMPLE
                      value: "{{inputs.parameters.envexample}}"
        """

    public static func stage(_ name: String, branch: String, from: String?, cleanUp: String = "scenario") -> String {
        let fromLine = from.map { "\"from\": \"\($0)\"," } ?? ""
        return """
            { "version": 1, "name": "\(name)", "branch": "\(branch)", \(fromLine)
              "aicore": { "resource_group": "rg-\(name)", "application": "app-\(name)" },
              "deploy": { "config": "cicd/config.json", "overlay": "cicd/config.\(name).json", "clean_up": "\(cleanUp)", "timeout_seconds": 60 } }
            """
    }

    /// A repository on `main` with stages dev (main) and tst, the templates and `config`.
    public static func repository(config: String = designConfig, files: [String: String?] = [:]) throws -> GitFixture {
        let fixture = try GitFixture()
        var all: [String: String?] = [
            "stages/dev.json": stage("dev", branch: "main", from: nil),
            "stages/tst.json": stage("tst", branch: "tst", from: "dev"),
            "templates/train.yaml": training, "templates/serve.yaml": serving, "cicd/config.json": config,
        ]
        for (path, content) in files { all[path] = content }
        try fixture.commit("ML content", files: all)
        try fixture.git(["branch", "tst"])
        return fixture
    }
}

extension String {
    /// The text with only the first occurrence of `target` replaced.
    public func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }

    /// The text with only the last occurrence of `target` replaced.
    public func replacingLast(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target, options: .backwards) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
