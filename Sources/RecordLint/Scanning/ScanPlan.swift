/// A stretch of one file that one worker walks: the records that start in `start..<end`.
struct WorkUnit: Sendable {
    let fileIndex: Int
    let start: Int
    let end: Int
}

/// How files are cut into work units: chunks at 4-aligned offsets, so that
/// every core has work whether there is one large file or many small ones.
struct ScanPlan: Sendable {
    let units: [WorkUnit]

    /// The chunk size used when none is given: about four chunks per worker
    /// over all the bytes, between 1 MiB and 64 MiB; with one worker, whole files.
    static func defaultChunkSize(totalBytes: Int, jobs: Int) -> Int {
        guard jobs > 1 else { return .max }
        return min(max(totalBytes / (jobs * 4), 1 << 20), 64 << 20)
    }

    init(fileSizes: [Int], chunkSize: Int) {
        let step = chunkSize == .max ? .max : max(4, chunkSize & ~3)
        var units: [WorkUnit] = []
        for (fileIndex, size) in fileSizes.enumerated() {
            var start = 0
            repeat {
                let end = size - start > step ? start + step : size
                units.append(WorkUnit(fileIndex: fileIndex, start: start, end: end))
                start = end
            } while start < size
        }
        self.units = units
    }
}
