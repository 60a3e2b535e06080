import Dispatch

/// Scans a stream (standard input) in order: one thread frames the records,
/// copying them into batches, and the workers decode and check the batches in
/// parallel while the next ones are framed; the batches' tallies are appended in order.
struct StreamScan {
    let configuration: CheckConfiguration

    /// Payload bytes a batch holds before it is handed to a worker: the
    /// configured chunk size (a stream's work unit), 4 MiB by default.
    /// Never more than 64 MiB, whatever was asked: a batch holds a stream's bytes in memory.
    var batchBytes: Int { min(configuration.chunkSize ?? 4 << 20, 64 << 20) }

    /// A framed record or damaged region, copied out of the reading window.
    struct Entry {
        let offset: Int
        let end: Int
        let payload: Range<Int>
        let partLengths: [Int]
        let damage: FramingDamage?
        var nonzeroPadding: NonzeroPadding? = nil
    }

    /// Records framed from the stream, waiting to be checked.
    struct Batch {
        var bytes: [UInt8] = []
        var entries: [Entry] = []

        init(capacity: Int) {
            // Reserved up to the default batch; a larger one grows with what is read.
            bytes.reserveCapacity(min(capacity, 4 << 20) + (1 << 20))
        }

        mutating func clear() {
            bytes.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
        }
    }

    func run(_ source: ByteSource, path: String) throws -> ScanTally {
        let walker = RecordWalker(window: ByteWindow(source: source), maxRecordBytes: configuration.limits.recordBytes)
        let pipeline = BatchPipeline(configuration: configuration, path: path, batchBytes: batchBytes)
        try walker.walk(from: 0, until: .max) { pipeline.add($0) }
        return pipeline.finish()
    }
}

/// Two sets of batches, one per worker each: while the workers check one set,
/// the reading thread frames records into the other, so reading and checking
/// overlap; the sets' tallies are appended in order. Each set is its own
/// object, so the reader and the workers never touch the same storage, and a
/// set is refilled only after its checks were waited for.
private final class BatchPipeline {
    private let configuration: CheckConfiguration
    private let path: String
    private let batchBytes: Int
    private let sets: [BatchSet]
    private var filling = (set: 0, batch: 0)
    private var inFlight: BatchSet?
    private var tally: ScanTally

    init(configuration: CheckConfiguration, path: String, batchBytes: Int) {
        self.configuration = configuration
        self.path = path
        self.batchBytes = batchBytes
        let jobs = max(1, configuration.jobs)
        // One thread: one set, checked on this thread (the sequential path).
        sets = (0..<(jobs == 1 ? 1 : 2)).map { _ in BatchSet(workers: jobs, configuration: configuration, batchBytes: batchBytes)
        }
        tally = ScanTally(configuration: configuration)
    }

    func add(_ event: WalkEvent) {
        let set = sets[filling.set]
        set.batches[filling.batch].add(event)
        guard set.batches[filling.batch].bytes.count >= batchBytes else { return }
        filling.batch += 1
        guard filling.batch == set.batches.count else { return }
        collect()
        if sets.count == 1 {
            set.checkHere(count: set.batches.count, path: path)
            append(set, count: set.batches.count)
        } else {
            set.start(count: set.batches.count, path: path)
            inFlight = set
        }
        filling = ((filling.set + 1) % sets.count, 0)
    }

    func finish() -> ScanTally {
        collect()
        let set = sets[filling.set]
        let count = min(filling.batch + 1, set.batches.count)
        set.checkHere(count: count, path: path)
        append(set, count: count)
        return tally
    }

    /// Waits for the set being checked and appends its tallies.
    private func collect() {
        guard let set = inFlight else { return }
        set.wait()
        append(set, count: set.batches.count)
        inFlight = nil
    }

    private func append(_ set: BatchSet, count: Int) {
        for index in 0..<count {
            tally.append(set.results[index]!)
            set.results[index] = nil
            set.batches[index].clear()
        }
    }
}

/// One batch and one checker per worker, and a slot per worker for its tally.
private final class BatchSet: @unchecked Sendable {
    var batches: [StreamScan.Batch]
    let checkers: [RecordChecker]
    let results: UnsafeMutableBufferPointer<ScanTally?>
    private let group = DispatchGroup()

    init(workers: Int, configuration: CheckConfiguration, batchBytes: Int) {
        batches = (0..<workers).map { _ in StreamScan.Batch(capacity: batchBytes) }
        checkers = (0..<workers).map { _ in RecordChecker(configuration: configuration) }
        results = .allocate(capacity: workers)
        results.initialize(repeating: nil)
    }

    deinit {
        group.wait()
        results.deinitialize()
        results.deallocate()
    }

    /// Checks the first `count` batches on background workers; `wait` waits for them.
    func start(count: Int, path: String) {
        for index in 0..<count {
            DispatchQueue.global().async(group: group) { [self] in
                results[index] = batches[index].check(with: checkers[index], path: path)
            }
        }
    }

    func wait() {
        group.wait()
    }

    /// Checks the first `count` batches now, in parallel when there are several.
    func checkHere(count: Int, path: String) {
        if count == 1 {
            results[0] = batches[0].check(with: checkers[0], path: path)
        } else {
            start(count: count, path: path)
            wait()
        }
    }
}

extension StreamScan.Batch {
    fileprivate mutating func add(_ event: WalkEvent) {
        switch event {
        case .damage(let damage):
            entries.append(.init(offset: damage.offset, end: damage.end, payload: 0..<0, partLengths: [], damage: damage))
        case .record(let record):
            let start = bytes.count
            bytes.append(contentsOf: record.payload)
            entries.append(
                .init(
                    offset: record.offset, end: record.end, payload: start..<bytes.count, partLengths: record.partLengths,
                    damage: nil, nonzeroPadding: record.nonzeroPadding))
        }
    }

    fileprivate func check(with checker: RecordChecker, path: String) -> ScanTally {
        var tally = checker.makeTally()
        checker.begin(file: path)
        bytes.withUnsafeBytes { buffer in
            for entry in entries {
                let event: WalkEvent =
                    if let damage = entry.damage {
                        .damage(damage)
                    } else {
                        .record(
                            FramedRecord(
                                offset: entry.offset, end: entry.end,
                                payload: UnsafeRawBufferPointer(rebasing: buffer[entry.payload]), partLengths: entry.partLengths,
                                nonzeroPadding: entry.nonzeroPadding))
                    }
                checker.check(event, index: tally.records, into: &tally)
                tally.records += 1
            }
        }
        return tally
    }
}
