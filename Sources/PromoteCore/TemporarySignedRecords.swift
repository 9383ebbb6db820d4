import PromoteModel
// TEMPORARY until Stage.swift has gates.signed_records.
extension Gates {
    var requiresSignedRecords: Bool {
        (approvals.map { $0.required > 0 } ?? false) || !tests.isEmpty || requireDeployedUpstream
    }
}
