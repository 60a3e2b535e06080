import Dispatch
import Synchronization

/// A whole copy of `filter`'s input files, made on a thread of its own while
/// they are checked. Most files a filter is run on turn out clean, and then
/// the output is the inputs end to end: copying them during the check, rather
/// than after it, takes the copy (bound by the disk, not by the checking cores)
/// off the wait. When the check finds anything to leave out the copy is
/// stopped and thrown away, and `RecordFilter.copy` writes the output instead.
public final class SpeculativeCopy: Sendable {
    private let files: [String]
    private let output: String
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let outcome = Mutex<Outcome?>(nil)

    /// What the copying thread ended with: the file (not yet renamed) and each input's copied
    /// size, or why it stopped.
    private enum Outcome: @unchecked Sendable {
        case copied(NamelessFile, sizes: [Int])
        case failed
    }

    /// Starts copying `files`, in order, to a nameless file beside `output` (`NamelessFile`: a
    /// process killed before the commit leaves nothing behind).
    public init(files: [String], output: String) {
        self.files = files
        self.output = output
        DispatchQueue.global().async { [self] in
            let result = copyAll()
            outcome.withLock { $0 = result }
            finished.signal()
        }
    }

    private func copyAll() -> Outcome {
        do {
            _ = try OutputTarget.resolve(output, streams: false)
            guard let out = NamelessFile(beside: output) else { return .failed }
            var sizes: [Int] = []
            for file in files {
                let source = try RecordFilter.CopySource(path: file)
                let size = source.size
                out.reserve(size, at: sizes.reduce(0, +))
                var done = 0
                // In pieces, so that a stop is seen soon.
                while done < size {
                    if stopped.load(ordering: .relaxed) { return .failed }
                    let piece = min(size - done, 64 << 20)
                    let copied = try out.append(from: source.descriptor, offset: done, count: piece)
                    done += copied
                    if copied < piece { break }
                }
                sizes.append(done)
            }
            return .copied(out, sizes: sizes)
        } catch {
            return .failed
        }
    }

    /// Waits for the copy and renames it to the output when `report` leaves nothing out (no
    /// offending record) and found each file whole, with the size it had when copied and unchanged
    /// since `checked` (empty `rejects` are written then too). Returns `nil`, and leaves nothing
    /// behind, otherwise.
    public func commit(report: Report, checked: [String: FileSnapshot], rejects: String?) throws -> FilterResult? {
        guard report.offendingRecords.values.allSatisfy(\.isEmpty) else {
            discard()
            return nil
        }
        return try commit(intact: RecordFilter.intactFiles(of: report), checked: checked, rejects: rejects)
    }

    /// Waits for the copy and renames it to the output when it holds exactly the files the check
    /// found whole: each in `intact`, with the size the check saw, unchanged since `checked`
    /// (empty `rejects` are written then too). Returns `nil`, and leaves nothing behind, otherwise.
    func commit(
        intact: [String: RecordFilter.IntactFile], checked: [String: FileSnapshot], rejects: String?
    ) throws -> FilterResult? {
        waitForCopy()
        guard case .copied(let out, let sizes)? = outcome.withLock({ $0.take() }) else { return nil }
        var result = FilterResult()
        for (file, size) in zip(files, sizes) {
            guard let whole = intact[file], whole.bytes == size, let snapshot = checked[file],
                snapshot.change(of: file) == nil
            else {
                return nil  // the nameless file goes with `out`
            }
            result.kept += whole.records
        }
        let rejected = try rejects.map { try AtomicFile(path: $0) }
        guard try out.link(as: output) else {
            rejected?.discard()
            return nil
        }
        try rejected?.commit()
        return result
    }

    func waitForCopy() {
        finished.wait()
        finished.signal()  // a later commit or discard does not wait again
    }

    /// Stops the copy and removes what it wrote.
    public func discard() {
        stopped.store(true, ordering: .relaxed)
        waitForCopy()
        _ = outcome.withLock { $0.take() }  // a nameless file: closing it removes it
    }
}
