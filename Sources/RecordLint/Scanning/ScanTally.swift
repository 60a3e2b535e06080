/// A record named by index, offset and uid, kept for rules decided after the
/// whole file is read (`inconsistent-dimension`).
struct RecordReference: Sendable {
    let index: Int
    let offset: Int
    let uid: String?
}

/// Everything the scan learns from one stretch of one file. Stretches of a
/// file are appended in order; record indices are local until then.
struct ScanTally: Sendable, FindingSink {
    /// Record indices used (damaged and truncated records included).
    var records = 0
    var findings: FindingCollector
    /// How many records have each feature dimension.
    var dimensions: [Int: Int] {
        var all = counted
        if runCount > 0 { all[runDimension] = runBase + runCount }
        return all
    }
    /// The counts of `dimensions` but the current run's: records come in long runs of one dimension,
    /// which are counted without hashing (`noteDimension`).
    private var counted: [Int: Int] = [:]
    private var runDimension = Int.min
    private var runBase = 0
    private var runCount = 0
    /// The records of each dimension, up to the listing limit (only without feature_dim).
    var dimensionMembers: [Int: [RecordReference]] = [:]
    /// The actual dimensions of dense records that fired `dimension-mismatch`.
    var mismatchedDimensions: [Int: Int] = [:]
    /// Whether the label is still among the features.
    var labelColumns = LabelColumnEvidence()
    /// Whether `dimensionMembers` is kept.
    let tracksMembers: Bool
    /// How many members of each dimension are kept: the listing limit (or all
    /// when every offending record is wanted), but never more than
    /// `memberCap`, so that memory does not grow with the file; a second pass
    /// collects the rest when they are needed.
    let memberLimit: Int
    /// Only these dimensions' members are kept (a second pass), when set.
    let memberDimensions: Set<Int>?
    /// The most members of one dimension kept in a first pass.
    static let memberCap = 100_000

    /// `memberDimensions`, for a second pass over a file: keep the records of only these dimensions, all of them.
    init(configuration: CheckConfiguration, memberDimensions: Set<Int>? = nil) {
        findings = FindingCollector(
            limit: configuration.listingLimit,
            offendingSeverity: configuration.collectsOffendingRecords ? configuration.offendingSeverity : nil)
        tracksMembers = configuration.featureDim == nil
        self.memberDimensions = memberDimensions
        let wanted = configuration.collectsOffendingRecords ? Int.max : configuration.listingLimit
        memberLimit = memberDimensions == nil ? min(wanted, Self.memberCap) : .max
    }

    /// Notes a record's dimension.
    mutating func noteDimension(_ dimension: Int, record: Int, offset: Int, uid: () -> String?) {
        enterRun(of: dimension)
        runCount += 1
        let count = runBase + runCount
        if tracksMembers, count <= memberLimit, memberDimensions?.contains(dimension) ?? true {
            dimensionMembers[dimension, default: []].append(RecordReference(index: record, offset: offset, uid: uid()))
        }
    }

    /// Notes `count` records of one dimension that keep no member references (`countsOnly(dimension)`).
    mutating func noteDimensionRun(_ dimension: Int, count: Int) {
        precondition(countsOnly(dimension), "the records of \(dimension) must be kept as members")
        enterRun(of: dimension)
        runCount += count
    }

    /// Makes `dimension`'s the current run, moving the previous run's count into `counted`.
    private mutating func enterRun(of dimension: Int) {
        guard dimension != runDimension else { return }
        flushRun()
        runDimension = dimension
        runBase = counted[dimension, default: 0]
    }

    /// Whether a record of `dimension` would only be counted (no member reference kept).
    func countsOnly(_ dimension: Int) -> Bool {
        guard tracksMembers else { return true }
        guard memberDimensions?.contains(dimension) ?? true else { return true }
        let count = dimension == runDimension ? runBase + runCount : counted[dimension, default: 0]
        return count >= memberLimit
    }

    /// Which records' dimensions `noteDimensionRun` can note now: every dimension's when no
    /// member references are kept, else the current run's once its dimension has all it keeps.
    var dimensionsCountedOnly: DimensionsCountedOnly {
        if !tracksMembers { return .any }
        if runCount > 0, countsOnly(runDimension) { return .only(runDimension) }
        return .none
    }

    /// Moves the current run's count into `counted`.
    private mutating func flushRun() {
        if runCount > 0 { counted[runDimension] = runBase + runCount }
        runCount = 0
        runDimension = .min
    }

    mutating func add(_ rule: RuleID, _ severity: Severity, record: Int?, make: () -> Finding) {
        findings.add(rule, severity, record: record, make: make)
    }

    mutating func noteMismatchedDimension(_ dimension: Int) {
        mismatchedDimensions[dimension, default: 0] += 1
    }

    /// Notes a dense record's values beside its one-value label (whether the label is among the features).
    mutating func noteLabelColumns(values: TensorValues, label: Double) {
        labelColumns.note(values: values, label: label)
    }

    /// Appends the tally of the stretch that follows this one in the same file.
    mutating func append(_ other: ScanTally) {
        let base = records
        records += other.records
        findings.append(other.findings, indexOffset: base)
        flushRun()
        for (dimension, count) in other.dimensions { counted[dimension, default: 0] += count }
        for (dimension, count) in other.mismatchedDimensions { mismatchedDimensions[dimension, default: 0] += count }
        labelColumns.add(other.labelColumns)
        for (dimension, members) in other.dimensionMembers {
            var list = dimensionMembers[dimension, default: []]
            let room = memberLimit - list.count
            if room > 0 {
                list.append(
                    contentsOf: members.prefix(room).map {
                        RecordReference(index: $0.index + base, offset: $0.offset, uid: $0.uid)
                    })
            }
            dimensionMembers[dimension] = list
        }
    }
}

/// The dimensions of records a tally would only count (`ScanTally.dimensionsCountedOnly`).
enum DimensionsCountedOnly: Equatable {
    case any
    case only(Int)
    case none
}
