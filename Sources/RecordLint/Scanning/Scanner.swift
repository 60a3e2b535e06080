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
    /// Shard workers keep the first records of every dimension for `merge` (`recordsDimensionRecords`).
    private var keptMembers: Set<Int>? {
        fileDimensions == nil ? memberDimensions : (configuration.recordsDimensionRecords ? nil : [])
    }

    /// A listing limit above this lists "all" findings, as far as memory goes.
    static let boundedListing = 100_000
    /// The largest chunk when every finding is listed.
    static let chunkSizeListingAll = 256 << 10
    /// The most work units one scan plans.
    static let maximumUnits = 1 << 16
    /// How many final findings are gathered before they are handed over.
    static let findingsPerHandover = 4096

    /// How an input is read.
    private enum Plan {
        case chunks(position: Int, size: Int, opened: FileSource.Fingerprint)
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
        if configuration.featureDim == nil, !configuration.countsDimensionsOnly, memberDimensions == nil,
            fileDimensions == nil,
            Self.rereadableFiles(inputs).count > 1
                || (onFindings != nil && configuration.listingLimit > Self.boundedListing
                    && inputs.contains(where: { $0.path != nil }))
        {
            var twoPass = self
            // The first pass's counts and the second's findings must come from one file.
            let before = inputs.compactMap(\.path).compactMap { path in
                FileStatus(path)?.isRegularFile == true ? (try? FileSource(path: path)).map { (path, $0.fingerprint) } : nil
            }
            let opened = Dictionary(before, uniquingKeysWith: { first, _ in first })
            twoPass.fileDimensions = learnDimensions(of: inputs)
            return twoPass.scan(inputs, progress: progress, onFindings: onFindings) { scan in
                var scan = scan
                if scan.failure == nil, let path = scan.input.path, let fingerprint = opened[path],
                    let change = FileSource.change(of: path, since: fingerprint)
                {
                    scan.failure = InputError(path: path, reason: change)
                }
                onFile(scan)
            }
        }
        let streamsFindings = onFindings != nil && (configuration.featureDim != nil || fileDimensions != nil)
        var plans: [Plan] = []
        var paths: [String] = []
        var sizes: [Int] = []
        for input in inputs {
            do {
                let source = try input.open()
                if let path = input.path, let size = source.knownSize, let file = source as? FileSource {
                    // What the file was when opened, to tell at the end of its scan whether it changed.
                    plans.append(.chunks(position: paths.count, size: size, opened: file.fingerprint))
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
        // Memory follows the input, not the number typed: a tiny --chunk-size on a large file
        // still makes at most `maximumUnits` units (each has a slot and a semaphore).
        chunkSize = max(chunkSize, sizes.reduce(0, +) / Self.maximumUnits + 1)
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
            case .chunks(let position, let size, let opened):
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
                // Chunks, walks again and a second pass read by path: they read one file only if it did not change.
                if scan.failure == nil, let change = FileSource.change(of: paths[position], since: opened) {
                    scan.failure = InputError(path: paths[position], reason: change)
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

    /// A first pass over the files (not the streams), counting dimensions only:
    /// the dataset's most common dimension, and what each file whose records do
    /// not all have it is checked against (SPEC.md, "Whole datasets"). Streams
    /// are not read twice: each is checked against its own most common dimension.
    private func learnDimensions(of inputs: [ScanInput]) -> [String: FileDimensions] {
        var counting = configuration
        counting.maxFindings = 1
        counting.collectsOffendingRecords = false
        counting.countsDimensionsOnly = true
        var files: [(path: String, dimensions: [Int: Int], records: Int)] = []
        Scanner(configuration: counting).scan(Self.rereadableFiles(inputs)) { scan in
            guard scan.failure == nil else { return }
            files.append((scan.input.displayName, scan.tally.dimensions, scan.tally.records))
        }
        guard let dataset = DatasetDimensions(files.map { ($0.path, $0.dimensions) }) else { return [:] }
        var learned: [String: FileDimensions] = [:]
        for file in files {
            learned[file.path] = dataset.expectation(for: file.dimensions, fileRecords: file.records)
        }
        return learned
    }

    /// The inputs that are regular files, once each: what a first pass can read again.
    static func rereadableFiles(_ inputs: [ScanInput]) -> [ScanInput] {
        var seen = Set<String>()
        return inputs.filter { input in
            input.path.flatMap(FileStatus.init)?.isRegularFile == true && seen.insert(input.displayName).inserted
        }
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
