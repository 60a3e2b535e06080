/// Where rules put what they learn about a record, as ripgrep's searcher
/// pushes matches into a `Sink`: rules know nothing of threads, files, tallies
/// or output formats. The scan's `ScanTally` implements it.
protocol FindingSink {
    /// Counts a finding of `rule` for `record`; `make` builds it only when it will be listed.
    mutating func add(_ rule: RuleID, _ severity: Severity, record: Int?, make: () -> Finding)
    /// Notes a record's feature dimension.
    mutating func noteDimension(_ dimension: Int, record: Int, offset: Int, uid: () -> String?)
    /// Notes that a dense record of `dimension` values fired `dimension-mismatch` (for hints).
    mutating func noteMismatchedDimension(_ dimension: Int)
}
