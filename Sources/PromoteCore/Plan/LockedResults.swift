import Foundation

/// Results filled in by concurrent workers, one slot each.
final class LockedResults<Value: Sendable>: @unchecked Sendable {
    // Safe: `slots` is only touched under `lock`.
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }
    func get(_ index: Int) -> Value? { lock.withLock { slots[index] } }
}
