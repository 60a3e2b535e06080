/// One scanned input: its size and tally, or why it could not be read.
struct FileScan: Sendable {
    let input: ScanInput
    var bytes: Int
    var tally: ScanTally
    var failure: InputError?
}

/// Scans inputs on `configuration.jobs` threads and stitches the chunks back
/// into exactly what a sequential walk from offset 0 gives, one input at a
/// time in the given order, so that each input's findings are final (and can
/// be passed on) as soon as its last chunk is stitched.
///
/// The stitch accepts a chunk only if it began where the previous one handed
/// off, and walks it again from the true handoff otherwise.
struct Scanner: Sendable {
    let configuration: CheckConfiguration
    /// For a second pass over a file: keep the records of only these dimensions, all of them.
    var memberDimensions: Set<Int>?
    /// Files' dimensions from a first pass, when every finding is listed and no feature_dim
    /// is given: `inconsistent-dimension` is then decided record by record, so findings
    /// stream in order instead of waiting for the end of the file.
    var fileDimensions: [String: FileDimensions]?

    /// The dimensions whose records the tallies keep: none when a first pass lets
    /// `inconsistent-dimension` be decided record by record.
    private var keptMembers: Set<Int>? { fileDimensions == nil ? memberDimensions : [] }

    /// A listing limit above this lists "all" findings, as far as memory goes.
    static let boundedListing = 100_000
    /// The largest chunk when every finding is listed.
    static let chunkSizeListingAll = 256 << 10
    /// How many final findings are gathered before they are handed over.
    static let findingsPerHandover = 4096

    /// How an input is read.
    private enum Plan {
        case chunks(position: Int, size: Int)
        case stream(ByteSource)
        case failed(InputError)
    }

    /// Scans every input; `progress` is called with bytes done (from any thread);
    /// `onFile` is called, in input order on the caller's thread, with each input once it is
    /// final (and nothing of it is kept after that). With `onFindings`, a file's
    /// listed findings are handed over chunk by chunk as soon as they are final, so
    /// they are not all held until the file ends; `onFile` then gets the rest. That
    /// needs a feature_dim, or (when every finding is listed) a counting first pass
    /// that lets `inconsistent-dimension` be decided record by record.
    func scan(
        _ inputs: [ScanInput], progress: (@Sendable (Int) -> Void)? = nil, onFindings: (([Finding]) -> Void)? = nil,
        onFile: (FileScan) -> Void
    ) {
        if onFindings != nil, configuration.featureDim == nil, configuration.listingLimit > Self.boundedListing,
            memberDimensions == nil, fileDimensions == nil, inputs.contains(where: { $0.path != nil })
        {
            var twoPass = self
            twoPass.fileDimensions = learnDimensions(of: inputs)
            return twoPass.scan(inputs, progress: progress, onFindings: onFindings, onFile: onFile)
        }
        let streamsFindings = onFindings != nil && (configuration.featureDim != nil || fileDimensions != nil)
        var plans: [Plan] = []
        var paths: [String] = []
        var sizes: [Int] = []
        for input in inputs {
            do {
                let source = try input.open()
                if let path = input.path, let size = source.knownSize {
                    plans.append(.chunks(position: paths.count, size: size))
                    paths.append(path)
                    sizes.append(size)
                } else {
                    plans.append(.stream(source))  // standard input, a FIFO, a device or bytes in memory: read in order
                }
            } catch {
                plans.append(.failed(error as? InputError ?? InputError(path: input.displayName, reason: "\(error)")))
            }
        }
        var chunkSize =
            configuration.chunkSize ?? ScanPlan.defaultChunkSize(totalBytes: sizes.reduce(0, +), jobs: configuration.jobs)
        // A chunk holds its findings until it is stitched: when all are listed, small chunks bound that memory.
        if configuration.chunkSize == nil, configuration.listingLimit > Self.boundedListing {
            chunkSize = min(chunkSize, Self.chunkSizeListingAll)
        }
        let plan = ScanPlan(fileSizes: sizes, chunkSize: chunkSize)
        let pool = ChunkPool(
            plan: plan, paths: paths, configuration: configuration,
            memberDimensions: keptMembers, fileDimensions: fileDimensions ?? [:],
            progress: progress)
        defer { pool.finish() }
        var nextUnit = 0
        for (input, inputPlan) in zip(inputs, plans) {
            var scan = FileScan(
                input: input, bytes: 0,
                tally: ScanTally(configuration: configuration, memberDimensions: keptMembers),
                failure: nil)
            switch inputPlan {
            case .stream(let source):
                scan = scanStream(input, source: source, progress: progress)
            case .failed(let error):
                scan.failure = error
            case .chunks(let position, let size):
                // Units were planned file by file, so this file's are the next ones.
                let first = nextUnit
                while nextUnit < plan.units.count, plan.units[nextUnit].fileIndex == position { nextUnit += 1 }
                scan.bytes = size
                stitch(
                    units: first..<nextUnit, plan: plan, path: paths[position], pool: pool, into: &scan,
                    onFindings: streamsFindings ? onFindings : nil)
                if memberDimensions == nil, fileDimensions == nil {
                    DimensionTracking.collectMembers(of: input, into: &scan, configuration: configuration)
                }
            }
            // Files with more than one dimension had theirs decided record by record after a first
            // pass; the others (streams among them) are decided here.
            if scan.failure == nil, memberDimensions == nil, fileDimensions?[input.displayName] == nil {
                DimensionTracking.inconsistentDimensions(in: &scan.tally, file: input.displayName, configuration: configuration)
            }
            onFile(scan)
        }
    }

    /// A first pass over the files (not the streams), counting only: each file's most
    /// common dimension, for the files with more than one.
    private func learnDimensions(of inputs: [ScanInput]) -> [String: FileDimensions] {
        var counting = configuration
        counting.maxFindings = 1
        counting.collectsOffendingRecords = false
        var learned: [String: FileDimensions] = [:]
        // Regular files only: a FIFO cannot be read twice.
        let files = inputs.filter { input in input.path.flatMap(FileStatus.init)?.isRegularFile == true }
        Scanner(configuration: counting).scan(files) { scan in
            let dimensions = scan.tally.dimensions
            guard scan.failure == nil, dimensions.count > 1, let mode = DimensionRules.mode(of: dimensions) else { return }
            learned[scan.input.displayName] = FileDimensions(mode: mode.key, modeCount: mode.value, records: scan.tally.records)
        }
        return learned
    }

    private func scanStream(_ input: ScanInput, source: ByteSource, progress: (@Sendable (Int) -> Void)?) -> FileScan {
        let counting = CountingSource(source, progress: progress)
        var scan = FileScan(input: input, bytes: 0, tally: ScanTally(configuration: configuration), failure: nil)
        do {
            scan.tally = try StreamScan(configuration: configuration).run(counting, path: input.displayName)
        } catch {
            scan.failure = error as? InputError ?? InputError(path: input.displayName, reason: "\(error)")
        }
        scan.bytes = counting.total
        return scan
    }

    /// Joins one file's chunks in order, walking again any chunk that did not
    /// begin at the previous chunk's handoff. Every unit is taken from the pool,
    /// even after a failure, so that none is left behind.
    private func stitch(
        units: Range<Int>, plan: ScanPlan, path: String, pool: ChunkPool, into scan: inout FileScan,
        onFindings: (([Finding]) -> Void)?
    ) {
        defer { if let onFindings, scan.failure == nil { onFindings(scan.tally.findings.takeListed()) } }
        var handoff = 0
        var rewalker: (checker: RecordChecker, source: FileSource)?
        for unitIndex in units {
            let outcome = pool.outcome(of: unitIndex)
            guard scan.failure == nil else { continue }
            let unit = plan.units[unitIndex]
            do {
                let chunk = try outcome.get()
                if chunk.start == handoff {
                    scan.tally.append(chunk.tally)
                    handoff = chunk.handoff
                    if let onFindings, scan.tally.findings.listed.count >= Self.findingsPerHandover {
                        onFindings(scan.tally.findings.takeListed())
                    }
                } else if handoff < unit.end {
                    if rewalker == nil {
                        rewalker = (
                            RecordChecker(
                                configuration: configuration, memberDimensions: keptMembers,
                                fileDimensions: fileDimensions ?? [:]),
                            try FileSource(path: path)
                        )
                    }
                    let again = try ChunkWalk.rewalk(
                        from: handoff, until: unit.end, source: rewalker!.source, path: path, checker: rewalker!.checker)
                    scan.tally.append(again.tally)
                    handoff = again.handoff
                }
            } catch {
                scan.failure = error as? InputError ?? InputError(path: path, reason: "\(error)")
            }
        }
        // The last chunk stopped before a record reaching past it (`RecordWalker.reachLimit`): walk the rest in order.
        guard scan.failure == nil, let last = units.last, handoff < plan.units[last].end else { return }
        do {
            let source = try rewalker?.source ?? FileSource(path: path)
            let checker =
                rewalker?.checker
                ?? RecordChecker(
                    configuration: configuration, memberDimensions: keptMembers, fileDimensions: fileDimensions ?? [:])
            let again = try ChunkWalk.rewalk(
                from: handoff, until: plan.units[last].end, source: source, path: path, checker: checker)
            scan.tally.append(again.tally)
        } catch {
            scan.failure = error as? InputError ?? InputError(path: path, reason: "\(error)")
        }
    }
}
