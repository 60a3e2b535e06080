/// What one worker learned from one work unit.
struct ChunkResult: Sendable {
    /// Where the walk began: 0 for a file's first chunk, else the first
    /// plausible record start found in the chunk (`nil` when there was none).
    let start: Int?
    /// Where the walk left the chunk: the next record start at or past its end.
    let handoff: Int
    let tally: ScanTally
}

/// Walks the records that start in a stretch of a file and checks them.
enum ChunkWalk {
    /// Walks `unit`, guessing its first record start unless it begins the file;
    /// `progress` hears of every byte of the unit once, in steps as the walk passes them.
    static func run(
        _ unit: WorkUnit, source: FileSource, path: String, checker: RecordChecker,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> ChunkResult {
        var reported = unit.start
        defer { progress?(unit.end - reported) }
        let window = ByteWindow(source: source, blockSize: blockSize(spanning: unit.end - unit.start))
        window.reposition(to: unit.start)
        let walker = RecordWalker(window: window, maxRecordBytes: checker.configuration.limits.recordBytes)
        // A record reaching more than a chunk past this one is left to the sequential re-walk, so
        // each chunk reads at most two chunks' worth, whatever its guessed start claims.
        walker.reachLimit = unit.end + max(unit.end - unit.start, 1 << 20)
        let start = unit.start == 0 ? 0 : try walker.firstPlausibleStart(from: unit.start, before: unit.end)
        var tally = checker.makeTally()
        guard let start else {
            return ChunkResult(start: nil, handoff: unit.end, tally: tally)
        }
        window.reposition(to: start)
        let handoff = try walk(walker, from: start, until: unit.end, path: path, checker: checker, tally: &tally) { offset in
            guard let progress, offset - reported >= progressStep, offset <= unit.end else { return }
            progress(offset - reported)
            reported = offset
        }
        return ChunkResult(start: start, handoff: handoff, tally: tally)
    }

    /// How far a walk moves between progress reports.
    private static let progressStep = 16 << 20

    /// Walks from a known record start (a previous chunk's handoff).
    static func rewalk(
        from start: Int, until end: Int, source: FileSource, path: String, checker: RecordChecker
    ) throws -> ChunkResult {
        let window = ByteWindow(source: source, blockSize: blockSize(spanning: end - start))
        window.reposition(to: start)
        var tally = checker.makeTally()
        let handoff = try walk(
            RecordWalker(window: window, maxRecordBytes: checker.configuration.limits.recordBytes), from: start, until: end,
            path: path, checker: checker, tally: &tally)
        return ChunkResult(start: start, handoff: handoff, tally: tally)
    }

    private static func walk(
        _ walker: RecordWalker, from start: Int, until end: Int, path: String, checker: RecordChecker,
        tally: inout ScanTally, passing: (Int) -> Void = { _ in }
    ) throws -> Int {
        checker.begin(file: path)
        func visit(_ event: WalkEvent) {
            checker.check(event, index: tally.records, into: &tally)
            tally.records += 1
            if case .record(let record) = event { passing(record.end) }
        }
        guard checker.skimsCleanRuns else { return try walker.walk(from: start, until: end, visit) }
        func skim(_ block: FrameBlock) -> SkimResult {
            let result = checker.skim(block, into: &tally)
            if result.taken > 0 { passing(block.offset + result.taken) }
            return result
        }
        return try withoutActuallyEscaping(skim) { try walker.walk(from: start, until: end, skimming: $0, visit) }
    }

    /// The read size for a walk over `span` bytes: 128 KiB (it fits in L2, so the
    /// decode reads from cache), less for a small file.
    private static func blockSize(spanning span: Int) -> Int {
        min(max(span, 4096), 128 << 10)
    }
}
