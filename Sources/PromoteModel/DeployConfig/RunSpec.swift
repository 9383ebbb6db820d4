/// One execution or deployment to start: its configuration, and what to do once it is started.
public struct RunSpec: Hashable, Sendable {
    /// The statuses `wait_for_status` may name.
    public static let waitStatuses = ["COMPLETED", "RUNNING", "STOPPED", "DEAD"]

    public let configuration: ConfigurationSpec
    /// The status to follow logs until (one of ``waitStatuses``); nil means start it and move on.
    public let waitForStatus: String?
    /// Deployments only: the deployment to update in place (new configuration, same URL) instead of creating one.
    public let existingDeploymentID: String?
    /// Deployments only: the BTP destination to create or update with the deployment's URL once it runs.
    public let destinationName: String?

    public init(
        configuration: ConfigurationSpec, waitForStatus: String? = nil, existingDeploymentID: String? = nil,
        destinationName: String? = nil
    ) {
        self.configuration = configuration
        self.waitForStatus = waitForStatus
        self.existingDeploymentID = existingDeploymentID
        self.destinationName = destinationName
    }
}
