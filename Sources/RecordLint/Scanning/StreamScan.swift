import Dispatch

/// Scans a stream (standard input) in order: one thread frames the records,
/// copying them into batches, and the workers decode and check the batches in
/// parallel; the batches' tallies are appended in order.
struct StreamScan {
    let configuration: CheckConfiguration

    /// Payload bytes a batch holds before it is handed to a worker: the
    /// configured chunk size (a stream's work unit), 4 MiB by default.
    var batchBytes: Int { configuration.chunkSize ?? 4 << 20 }

    /// A framed record or damaged region, copied out of the reading window.
    fileprivate struct Entry {
        let offset: Int
        let end: Int
        let payload: Range<Int>
        let partLengths: [Int]
        let damage: FramingDamage?
    }

    /// Records framed from the stream, waiting to be checked.
    fileprivate struct Batch {
        var bytes: [UInt8] = []
        var entries: [Entry] = []

        init(capacity: Int) {
            bytes.reserveCapacity(capacity + (1 << 20))
        }

        mutating func clear() {
            bytes.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
        }
    }

    func run(_ source: ByteSource, path: String) throws -> ScanTally {
        let walker = RecordWalker(window: ByteWindow(source: source))
        let jobs = max(1, configuration.jobs)
        let checkers = (0..<jobs).map { _ in RecordChecker(configuration: configuration) }
        var tally = ScanTally(configuration: configuration)
        // One batch per worker, reused: their buffers are allocated once.
        var batches = (0..<jobs).map { _ in Batch(capacity: batchBytes) }
        var filling = 0
        try walker.walk(from: 0, until: .max) { event in
            batches[filling].add(event)
            guard batches[filling].bytes.count >= batchBytes else { return }
            filling += 1
            if filling == jobs {
                check(batches, checkers: checkers, path: path, into: &tally)
                for index in batches.indices { batches[index].clear() }
                filling = 0
            }
        }
        check(Array(batches[...min(filling, jobs - 1)]), checkers: checkers, path: path, into: &tally)
        return tally
    }

    /// Checks the batches, one per worker, and appends their tallies in order.
    private func check(_ batches: [Batch], checkers: [RecordChecker], path: String, into tally: inout ScanTally) {
        let results = UnsafeMutableBufferPointer<ScanTally?>.allocate(capacity: batches.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let body = { (worker: Int) in
            results[worker] = batches[worker].check(with: checkers[worker], path: path)
        }
        if batches.count == 1 {
            body(0)
        } else {
            // Each worker writes only its own slot.
            nonisolated(unsafe) let run = body
            DispatchQueue.concurrentPerform(iterations: batches.count) { run($0) }
        }
        for result in results { tally.append(result!) }
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
                    damage: nil))
        }
    }

    fileprivate func check(with checker: RecordChecker, path: String) -> ScanTally {
        var tally = ScanTally(configuration: checker.configuration)
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
                                payload: UnsafeRawBufferPointer(rebasing: buffer[entry.payload]), partLengths: entry.partLengths))
                    }
                checker.check(event, index: tally.records, into: &tally)
                tally.records += 1
            }
        }
        return tally
    }
}
