/// Realistic AI Core templates (a training workflow and a serving template of one scenario) for tests that need a
/// repository AI Core can sync.
public enum TemplateFixtures {
    public static let scenario = "demo-scenario"
    public static let trainingID = "train-model"
    public static let servingID = "serve-model"

    public static func training(image: String = "docker.io/acme/train:1.2.3", extraAnnotations: String = "") -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: WorkflowTemplate
        metadata:
          name: \(trainingID)
          annotations:
            scenarios.ai.sap.com/name: "Demo scenario"
            scenarios.ai.sap.com/description: "Trains and serves a demo model"
            executables.ai.sap.com/name: "Training"
            artifacts.ai.sap.com/dataset.kind: "dataset"
            artifacts.ai.sap.com/housemodel.kind: "model"
        \(extraAnnotations)
          labels:
            scenarios.ai.sap.com/id: "\(scenario)"
            ai.sap.com/version: "1.0"
        spec:
          entrypoint: main
          arguments:
            parameters:
              - name: epochs
                default: "2"
          templates:
            - name: main
              metadata:
                labels:
                  ai.sap.com/resourcePlan: starter
              inputs:
                artifacts:
                  - name: dataset
                    path: /app/data
              outputs:
                artifacts:
                  - name: model
                    globalName: housemodel
                    path: /app/model
              container:
                image: \(image)
                command: ["/bin/sh", "-c"]
                args: ["python train.py --epochs {{workflow.parameters.epochs}}"]
        """
    }

    public static func serving(image: String = "docker.io/acme/serve:1.2.3", minReplicas: Int = 1) -> String {
        """
        apiVersion: ai.sap.com/v1alpha1
        kind: ServingTemplate
        metadata:
          name: \(servingID)
          annotations:
            scenarios.ai.sap.com/name: "Demo scenario"
            executables.ai.sap.com/name: "Serving"
          labels:
            scenarios.ai.sap.com/id: "\(scenario)"
            ai.sap.com/version: "1.0"
        spec:
          inputs:
            parameters:
              - name: greeting
                default: "hello"
                type: string
            artifacts:
              - name: model
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
                minReplicas: \(minReplicas)
                maxReplicas: 2
                containers:
                - name: kserve-container
                  image: \(image)
                  ports:
                    - containerPort: 8080
                      protocol: TCP
                  env:
                    - name: STORAGE_URI
                      value: "{{inputs.artifacts.model}}"
                    - name: GREETING
                      value: "{{inputs.parameters.greeting}}"
        """
    }

    /// A repository whose `main` branch holds both templates under `templates/`.
    public static func repository() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.commit(
            "Add templates",
            files: ["templates/train.yaml": training(), "templates/serve.yaml": serving(), "README.md": "demo\n"])
        return fixture
    }
}
