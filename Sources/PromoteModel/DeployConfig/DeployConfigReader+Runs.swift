extension DeployConfigReader {
    /// Keys an execution may not have, with why.
    static let deploymentOnlyKeys: [(key: String, reason: String)] = [
        ("existing_deployment_id", "an execution cannot be updated in place"),
        ("destination_name", "an execution has no URL for a destination to point at"),
    ]

    func readRun(_ reader: JSONObjectReader, isDeployment: Bool) -> RunSpec? {
        if isDeployment {
            reader.rejectUnknownKeys(Self.deploymentKeys)
            if let name = reader.object["configuration"]?["name"]?.stringValue {
                deploymentConfigurationNames.insert(name)
            }
        } else {
            rejectExecutionKeys(reader)
        }
        let configuration = reader.object("configuration", required: true).flatMap(readConfiguration)
        let waitForStatus = reader.string("wait_for_status").flatMap { waitStatus(reader, $0, isDeployment) }
        var existingDeploymentID: String?
        var destinationName: String?
        if isDeployment {
            existingDeploymentID = reader.string("existing_deployment_id").flatMap { deploymentID(reader, $0) }
            destinationName = reader.string("destination_name").flatMap { self.destinationName(reader, $0) }
        }
        guard let configuration else { return nil }
        return RunSpec(
            configuration: configuration, waitForStatus: waitForStatus, existingDeploymentID: existingDeploymentID,
            destinationName: destinationName)
    }

    /// Unknown keys, with a clearer message for the keys only deployments take.
    private func rejectExecutionKeys(_ reader: JSONObjectReader) {
        var others = reader.object
        for key in reader.object.keys {
            guard let reason = Self.deploymentOnlyKeys.first(where: { $0.key == key })?.reason else { continue }
            reader.problem(
                key, "only deployments take \"\(key)\" (\(reason)); remove it or move this entry to \"deployments\"")
            others[key] = nil
        }
        JSONObjectReader(.object(others), file: reader.file, path: reader.path, problems: problems)?
            .rejectUnknownKeys(Self.executionKeys)
    }

    private func waitStatus(_ reader: JSONObjectReader, _ status: String, _ isDeployment: Bool) -> String? {
        guard RunSpec.waitStatuses.contains(status) else {
            let hint = RunSpec.waitStatuses.contains(status.uppercased()) ? " (statuses are upper case)" : ""
            reader.problem(
                "wait_for_status",
                "\"\(status)\" is not a status to wait for: use COMPLETED, RUNNING, STOPPED or DEAD\(hint)")
            return nil
        }
        if isDeployment && status == "COMPLETED" {
            reader.problem(
                "wait_for_status",
                "a deployment never reaches COMPLETED (it runs until it is stopped); wait for RUNNING")
            return nil
        }
        return status
    }

    /// AI Core object IDs match `^[\w.-]{4,64}$`.
    private func deploymentID(_ reader: JSONObjectReader, _ id: String) -> String? {
        let field = "existing_deployment_id"
        guard (4...64).contains(id.unicodeScalars.count),
            id.unicodeScalars.allSatisfy({ Self.isWordScalar($0) || $0 == "." || $0 == "-" })
        else {
            reader.problem(
                field, "\"\(id)\" is not a valid deployment ID: use 4 to 64 letters, digits, '_', '.' and '-'")
            return nil
        }
        claim(id, in: &existingDeploymentIDs, at: reader, field: field) { first in
            "deployment \"\(id)\" is already updated by \(first); only one entry may update a deployment"
        }
        return id
    }

    /// BTP destination names: letters, digits, '_' and '-', at most 200 characters.
    private func destinationName(_ reader: JSONObjectReader, _ name: String) -> String? {
        let field = "destination_name"
        guard name.unicodeScalars.count <= Self.maximumDestinationNameLength,
            name.unicodeScalars.allSatisfy({ Self.isWordScalar($0) || $0 == "-" })
        else {
            reader.problem(
                field,
                "\"\(name)\" is not a valid destination name: use at most \(Self.maximumDestinationNameLength) "
                    + "letters, digits, '_' and '-'")
            return nil
        }
        claim(name, in: &destinationNames, at: reader, field: field) { first in
            "destination \"\(name)\" is already set by \(first); each destination can point at one deployment only"
        }
        return name
    }
}
