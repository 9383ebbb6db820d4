extension TemplateDocumentReader {
    /// Reads an Argo WorkflowTemplate's `spec` (templates.md §1).
    func readWorkflow(_ root: TemplateNode) -> Body {
        var body = Body(document: root)
        guard let spec = mapping(root["spec"], "spec", required: "the workflow's steps", parent: root) else {
            return body
        }
        let arguments = mapping(spec["arguments"], "spec.arguments")
        body.parameters = readParameters(arguments?["parameters"], "spec.arguments.parameters")
        for (index, element) in sequence(spec["templates"], "spec.templates").enumerated() {
            let path = Self.path("spec.templates", index)
            guard let step = mapping(element, path) else { continue }
            readStep(step, path, into: &body)
        }
        checkWorkflowPlaceholders(spec, declared: Set(body.parameters.map(\.name)))
        return body
    }

    /// Reads one entry of `spec.templates` (Argo calls them templates; AI Core's docs call them steps).
    private func readStep(_ step: TemplateNode, _ path: String, into body: inout Body) {
        let name = readName(step, path, noun: "step") ?? ""
        let inputs = mapping(step["inputs"], Self.path(path, "inputs"))
        let inputsPath = Self.path(Self.path(path, "inputs"), "artifacts")
        for (index, element) in sequence(inputs?["artifacts"], inputsPath).enumerated() {
            let elementPath = Self.path(inputsPath, index)
            // The same input artifact may feed several steps; the executable lists it once.
            if let artifact = mapping(element, elementPath),
                let artifactName = readName(artifact, elementPath, noun: "artifact"),
                !body.inputArtifacts.contains(artifactName)
            {
                body.inputArtifacts.append(artifactName)
            }
        }
        let outputs = mapping(step["outputs"], Self.path(path, "outputs"))
        let outputsPath = Self.path(Self.path(path, "outputs"), "artifacts")
        for (index, element) in sequence(outputs?["artifacts"], outputsPath).enumerated() {
            let elementPath = Self.path(outputsPath, index)
            // Only outputs with a globalName leave the workflow as artifacts of the execution.
            guard let artifact = mapping(element, elementPath),
                let localName = readName(artifact, elementPath, noun: "artifact"),
                let globalName = scalar(artifact, "globalName", elementPath),
                !body.outputArtifacts.contains(where: { $0.globalName == globalName })
            else { continue }
            body.outputArtifacts.append((globalName, localName))
        }
        var runsPod = false
        for key in ["container", "script"] {
            guard let container = mapping(step[key], Self.path(path, key)) else { continue }
            body.containers.append(readContainer(container, name: name, Self.path(path, key)))
            runsPod = true
        }
        runsPod = runsPod || step["containerSet"] != nil
        if let plan = resourcePlan(step, path) {
            body.resourcePlans[name] = plan
        } else if runsPod {
            problem(
                Self.path(Self.path(path, "metadata"), "labels"), step,
                "step \"\(name)\" has no \(Names.resourcePlanLabel) (or \(Names.instanceTypeLabel)) label, so AI Core "
                    + "runs it on the starter plan (1 vCPU, 3 GB)",
                severity: .warning)
        }
    }

    /// The step's `ai.sap.com/resourcePlan` (or `instanceType`) label.
    private func resourcePlan(_ step: TemplateNode, _ path: String) -> String? {
        let metadataPath = Self.path(path, "metadata")
        guard let metadata = mapping(step["metadata"], metadataPath), let labels = metadata["labels"] else {
            return nil
        }
        if labels.string != nil {
            // SAP's choose-an-instance page shows `labels: |`, which Argo rejects: a step's labels are a map.
            problem(
                Self.path(metadataPath, "labels"), labels,
                "expected a map of labels, got a string; write the labels as a map (`labels:` followed by indented "
                    + "`\(Names.resourcePlanLabel): <plan>`), not as a block string")
            return nil
        }
        guard let labels = mapping(labels, Self.path(metadataPath, "labels")) else { return nil }
        return (labels[Names.resourcePlanLabel] ?? labels[Names.instanceTypeLabel])?.scalarText
    }

    /// Reports `{{workflow.parameters.X}}` references to parameters that `spec.arguments.parameters` does not
    /// declare: Argo cannot resolve them and fails the workflow.
    private func checkWorkflowPlaceholders(_ spec: TemplateNode, declared: Set<String>) {
        var reported: Set<String> = []
        visitStrings(spec, "spec") { text, node, path in
            for found in PlaceholderScanner.placeholders(in: text) {
                guard let name = PlaceholderScanner.workflowParameter(found.text) else { continue }
                guard !declared.contains(name), reported.insert(name).inserted else { continue }
                problem(
                    path, node,
                    "\(found.text) names no parameter in spec.arguments.parameters; Argo cannot resolve it and "
                        + "fails the execution")
            }
        }
    }

    /// Calls `visit` with every string scalar below `node`, in document order.
    private func visitStrings(
        _ node: TemplateNode, _ path: String, _ visit: (String, TemplateNode, String) -> Void
    ) {
        switch node.content {
        case .scalar(let text, .string): visit(text, node, path)
        case .scalar: break
        case .sequence(let elements):
            for (index, element) in elements.enumerated() { visitStrings(element, Self.path(path, index), visit) }
        case .mapping(let members):
            for member in members { visitStrings(member.value, Self.path(path, member.key), visit) }
        }
    }
}
