import Dispatch
import Synchronization

/// Runs a plan's work units on background workers and hands the results back
/// in unit order, so that the stitch can consume them as they arrive.
///
/// Workers take units from a shared counter and fill preallocated slots by
/// index, signalling each slot's semaphore: a slot is written by one worker,
/// then read by the consumer after the semaphore says it is there, so no lock
/// is needed and no result depends on timing. With
/// one worker there are no threads at all: the consumer computes each unit
/// when it asks for it, which is the sequential walk, through the same code.
///
/// Workers run at most `unitsAhead` units ahead of the consumer (a unit's
/// result holds its findings until the stitch takes it), so memory does not
/// grow when the consumer is slower than the workers, e.g. while it writes
/// millions of findings.
final class ChunkPool: @unchecked Sendable {
    typealias Outcome = Result<ChunkResult, InputError>

    private let plan: ScanPlan
    private let paths: [String]
    private let configuration: CheckConfiguration
    private let progress: (@Sendable (Int) -> Void)?
    private let slots: UnsafeMutableBufferPointer<Outcome?>
    private let ready: [DispatchSemaphore]
    private let next = Atomic<Int>(0)
    private let group = DispatchGroup()
    /// Permits for units taken but not yet handed to the consumer.
    private let window: DispatchSemaphore
    /// How many units a worker may finish before the consumer takes them, per worker.
    static let unitsAheadPerWorker = 4
    /// Set when there is one worker: the consumer's own checker and file (used from its thread only).
    private var inline: UnitRunner?

    init(
        plan: ScanPlan, paths: [String], configuration: CheckConfiguration, memberDimensions: Set<Int>?,
        fileDimensions: [String: FileDimensions], progress: (@Sendable (Int) -> Void)?
    ) {
        self.plan = plan
        self.paths = paths
        self.configuration = configuration
        self.progress = progress
        slots = .allocate(capacity: plan.units.count)
        slots.initialize(repeating: nil)
        ready = plan.units.map { _ in DispatchSemaphore(value: 0) }
        let workers = max(1, min(configuration.jobs, plan.units.count))
        window = DispatchSemaphore(value: workers * Self.unitsAheadPerWorker)
        if workers == 1 {
            inline = UnitRunner(configuration: configuration, memberDimensions: memberDimensions, fileDimensions: fileDimensions)
            return
        }
        for _ in 0..<workers {
            DispatchQueue.global().async(group: group) { [self] in
                let runner = UnitRunner(
                    configuration: configuration, memberDimensions: memberDimensions, fileDimensions: fileDimensions)
                while true {
                    // Units are taken in order after a permit, and the consumer frees one per unit in
                    // order, so the unit it waits for is always taken: no deadlock.
                    window.wait()
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < plan.units.count else {
                        window.signal()
                        return
                    }
                    let outcome = runner.run(plan.units[index], path: paths[plan.units[index].fileIndex], progress: progress)
                    slots[index] = outcome
                    ready[index].signal()
                }
            }
        }
    }

    /// The result of unit `index`, waiting for it if a worker has not finished it yet.
    /// Each unit is asked for once, in increasing order.
    func outcome(of index: Int) -> Outcome {
        if let inline {
            return inline.run(plan.units[index], path: paths[plan.units[index].fileIndex], progress: progress)
        }
        ready[index].wait()
        defer {
            slots[index] = nil  // the stitch owns it now
            window.signal()
        }
        return slots[index]!
    }

    /// Waits for the workers to stop.
    func finish() {
        group.wait()
    }

    deinit {
        group.wait()
        slots.deinitialize()
        slots.deallocate()
    }
}

/// One worker's checker, and the file it has open.
private final class UnitRunner {
    let checker: RecordChecker
    private var opened: (path: String, source: FileSource)?

    init(configuration: CheckConfiguration, memberDimensions: Set<Int>?, fileDimensions: [String: FileDimensions]) {
        checker = RecordChecker(
            configuration: configuration, memberDimensions: memberDimensions, fileDimensions: fileDimensions)
    }

    func run(_ unit: WorkUnit, path: String, progress: (@Sendable (Int) -> Void)?) -> ChunkPool.Outcome {
        do {
            if opened?.path != path { opened = (path, try FileSource(path: path)) }
            return .success(try ChunkWalk.run(unit, source: opened!.source, path: path, checker: checker, progress: progress))
        } catch let error as InputError {
            return .failure(error)
        } catch {
            return .failure(InputError(path: path, reason: "\(error)"))
        }
    }
}
