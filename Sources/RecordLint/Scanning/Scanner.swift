import Dispatch
import Synchronization

/// One scanned input: its size and tally, or why it could not be read.
struct FileScan: Sendable {
    let input: ScanInput
    var bytes: Int
    var tally: ScanTally
    var failure: InputError?
}

/// Scans inputs on `configuration.jobs` threads and stitches the chunks back
/// into exactly what a sequential walk from offset 0 gives.
///
/// Workers take units from a shared counter and fill preallocated slots by
/// index (no order depends on timing). The stitch then accepts a chunk only if
/// it began where the previous one handed off, and walks it again from the
/// true handoff otherwise.
struct Scanner: Sendable {
    let configuration: CheckConfiguration

    /// Scans every input; `progress` is called with bytes done (from any thread).
    func scan(_ inputs: [ScanInput], progress: (@Sendable (Int) -> Void)? = nil) -> [FileScan] {
        var scans = inputs.map { FileScan(input: $0, bytes: 0, tally: ScanTally(configuration: configuration), failure: nil) }
        var fileIndices: [Int] = []
        var sizes: [Int] = []
        for (index, input) in inputs.enumerated() {
            switch input {
            case .standardInput:
                scans[index] = scanStream(input)
            case .file(let path):
                do {
                    let source = try FileSource(path: path)
                    if let size = source.knownSize {
                        fileIndices.append(index)
                        sizes.append(size)
                    } else {
                        // A FIFO or character device: read it in order.
                        scans[index] = scanStream(input, source: source)
                    }
                } catch let error as InputError {
                    scans[index].failure = error
                } catch {
                    scans[index].failure = InputError(path: path, reason: "\(error)")
                }
            }
        }
        let paths = fileIndices.map { inputs[$0].displayName }
        let chunkSize = configuration.chunkSize ?? ScanPlan.defaultChunkSize(totalBytes: sizes.reduce(0, +), jobs: configuration.jobs)
        let plan = ScanPlan(fileSizes: sizes, chunkSize: chunkSize)
        let results = runWorkers(plan, paths: paths, progress: progress)
        for (position, index) in fileIndices.enumerated() {
            scans[index].bytes = sizes[position]
            stitch(file: position, path: paths[position], plan: plan, results: results, into: &scans[index])
        }
        for index in scans.indices where scans[index].failure == nil {
            DimensionRules.inconsistentDimensions(
                in: &scans[index].tally, file: inputs[index].displayName, configuration: configuration)
        }
        return scans
    }

    private func scanStream(_ input: ScanInput, source: ByteSource? = nil) -> FileScan {
        let counting = CountingSource(source ?? StreamSource(name: input.displayName, descriptor: 0))
        var scan = FileScan(input: input, bytes: 0, tally: ScanTally(configuration: configuration), failure: nil)
        do {
            scan.tally = try StreamScan(configuration: configuration).run(counting, path: input.displayName)
        } catch let error as InputError {
            scan.failure = error
        } catch {
            scan.failure = InputError(path: input.displayName, reason: "\(error)")
        }
        scan.bytes = counting.total
        return scan
    }

    private func runWorkers(_ plan: ScanPlan, paths: [String], progress: (@Sendable (Int) -> Void)?) -> [Result<ChunkResult, InputError>?] {
        let slots = Mutex<[Result<ChunkResult, InputError>?]>(Array(repeating: nil, count: plan.units.count))
        let next = Atomic<Int>(0)
        let configuration = configuration
        let work: @Sendable (Int) -> Void = { _ in
            let checker = RecordChecker(configuration: configuration)
            var opened: (index: Int, source: FileSource)?
            while true {
                let unitIndex = next.add(1, ordering: .relaxed).oldValue
                guard unitIndex < plan.units.count else { return }
                let unit = plan.units[unitIndex]
                let path = paths[unit.fileIndex]
                let result: Result<ChunkResult, InputError>
                do {
                    if opened?.index != unit.fileIndex { opened = (unit.fileIndex, try FileSource(path: path)) }
                    result = .success(try ChunkWalk.run(unit, source: opened!.source, path: path, checker: checker, progress: progress))
                } catch let error as InputError {
                    result = .failure(error)
                } catch {
                    result = .failure(InputError(path: path, reason: "\(error)"))
                }
                slots.withLock { $0[unitIndex] = result }
            }
        }
        let workers = max(1, min(configuration.jobs, plan.units.count))
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        return slots.withLock { $0 }
    }

    /// Joins one file's chunks in order, walking again any chunk that did not
    /// begin at the previous chunk's handoff.
    private func stitch(
        file: Int, path: String, plan: ScanPlan, results: [Result<ChunkResult, InputError>?], into scan: inout FileScan
    ) {
        var handoff = 0
        var rewalker: (checker: RecordChecker, source: FileSource)?
        for (unitIndex, unit) in plan.units.enumerated() where unit.fileIndex == file {
            do {
                let chunk = try results[unitIndex]!.get()
                if chunk.start == handoff {
                    scan.tally.append(chunk.tally)
                    handoff = chunk.handoff
                } else if handoff < unit.end {
                    if rewalker == nil {
                        rewalker = (RecordChecker(configuration: configuration), try FileSource(path: path))
                    }
                    let again = try ChunkWalk.rewalk(
                        from: handoff, until: unit.end, source: rewalker!.source, path: path, checker: rewalker!.checker)
                    scan.tally.append(again.tally)
                    handoff = again.handoff
                }
            } catch let error as InputError {
                scan.failure = error
                return
            } catch {
                scan.failure = InputError(path: path, reason: "\(error)")
                return
            }
        }
    }
}

/// Counts the bytes a stream delivers.
final class CountingSource: ByteSource {
    private let base: ByteSource
    private(set) var total = 0
    var knownSize: Int? { base.knownSize }

    init(_ base: ByteSource) { self.base = base }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        let count = try base.read(into: buffer, at: offset)
        total = max(total, offset + count)
        return count
    }
}
