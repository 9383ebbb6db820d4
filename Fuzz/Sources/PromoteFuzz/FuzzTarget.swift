/// One reader under fuzzing: its name (the corpus directory under Fuzz/corpus/) and what it does with an input.
/// A target crashes (precondition) when a reader breaks a promise it makes, not only when it traps.
struct FuzzTarget: Sendable {
    let name: String
    let run: @Sendable ([UInt8]) -> Void

    static let all: [FuzzTarget] = [
        FuzzTarget(name: "stage-files", run: ModelTargets.stageFiles),
        FuzzTarget(name: "deploy-config", run: ModelTargets.deployConfig),
        FuzzTarget(name: "templates", run: ModelTargets.templates),
        FuzzTarget(name: "ci-settings", run: ModelTargets.ciSettings),
        FuzzTarget(name: "placeholders", run: ModelTargets.placeholders),
        FuzzTarget(name: "allowed-signers", run: ModelTargets.allowedSigners),
        FuzzTarget(name: "records", run: RecordTargets.records),
        FuzzTarget(name: "emulator-requests", run: EmulatorTargets.requests),
    ]
}

extension Array where Element == UInt8 {
    /// The input cut at its first zero byte: how targets that read two files take them from one input.
    func splitAtFirstZero() -> (first: [UInt8], second: [UInt8]?) {
        guard let zero = firstIndex(of: 0) else { return (self, nil) }
        return (Array(self[..<zero]), Array(self[(zero + 1)...]))
    }
}
