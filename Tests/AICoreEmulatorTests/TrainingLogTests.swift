import Testing

@testable import AICoreEmulator

/// The emulator's training log follows the run's `epochs` binding (it said "epoch 1/2" for epochs=5).
@Suite struct TrainingLogTests {
    @Test func theLogCountsTheBoundEpochs() {
        let five = EmulatorState.epochLines([ParameterBindingRecord(key: "epochs", value: "5")])
        #expect(five.count == 5)
        #expect(five.first?.hasPrefix("epoch 1/5 loss=") == true && five.last?.hasPrefix("epoch 5/5 loss=") == true)
        #expect(EmulatorState.epochLines([]).map { $0.prefix(9) } == ["epoch 1/2", "epoch 2/2"])
        // A long training shows its last ten epochs.
        let long = EmulatorState.epochLines([ParameterBindingRecord(key: "epochs", value: "100")])
        #expect(long.count == 10 && long.first?.hasPrefix("epoch 91/100") == true)
    }
}
