/// `--shard I/N`: which files shard I of N checks. Files go, largest first
/// (ties by path), to the shard with the fewest bytes so far (ties to the
/// lowest index), so the shards' byte totals are balanced and every worker
/// given the same file list computes the same assignment. Standard input
/// belongs to shard 0. Each shard keeps its files in the original order.
public struct Shard: Sendable, Equatable {
    /// This shard's 0-based index.
    public let index: Int
    /// How many shards there are.
    public let count: Int

    /// Creates a shard; `nil` unless `0 <= index < count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// The report's entry for this shard of `inputs` (the whole expanded list):
    /// its index and count, and the list's fingerprint, so that `merge` can tell
    /// a complete set of one run's shards.
    /// `delivered`: the engine gave this worker only its own files (nothing to select, no shared list).
    public func entry(for inputs: [ScanInput], delivered: Bool = false) -> Report.ShardSet {
        delivered
            ? Report.ShardSet(index: index, count: count, files: nil, fingerprint: nil)
            : Report.ShardSet(index: index, count: count, files: inputs.count, fingerprint: Self.fingerprint(of: inputs))
    }

    /// A 64-bit FNV-1a hash of the inputs' names and sizes, in order, as 16 hex digits.
    static func fingerprint(of inputs: [ScanInput]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for input in inputs {
            for byte in Array("\(input.displayName)\u{0}\(FileStatus.size(of: input))\n".utf8) {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The inputs this shard checks.
    public func select(_ inputs: [ScanInput]) -> [ScanInput] {
        select(inputs, sizes: inputs.map(FileStatus.size(of:)))
    }

    /// The inputs this shard checks, given their sizes. Only the first `min(count, inputs)`
    /// shards can get a file (a file goes to an empty shard of the lowest index while there is
    /// one), so time and memory follow the inputs, not the number of shards typed: a heap of
    /// those shards, ordered by (bytes, index), gives each file the same shard as a scan of all.
    func select(_ inputs: [ScanInput], sizes: [Int]) -> [ScanInput] {
        let order = inputs.indices.sorted { a, b in
            if sizes[a] != sizes[b] { return sizes[a] > sizes[b] }
            return Array(inputs[a].displayName.utf8).lexicographicallyPrecedes(Array(inputs[b].displayName.utf8))
        }
        var shards = LoadHeap(count: min(count, max(1, inputs.count)))
        var owner = [Int](repeating: 0, count: inputs.count)
        for position in order {
            if inputs[position] == .standardInput { continue }  // shard 0's
            owner[position] = shards.assign(sizes[position])
        }
        return inputs.indices.filter { owner[$0] == index }.map { inputs[$0] }
    }
}

/// Shards by (bytes so far, index): the lightest, ties to the lowest index, is at the top.
private struct LoadHeap {
    private var heap: [(load: Int, shard: Int)]

    init(count: Int) { heap = (0..<count).map { (0, $0) } }  // sorted, so already a heap

    /// Gives `bytes` to the lightest shard and returns it.
    mutating func assign(_ bytes: Int) -> Int {
        let shard = heap[0].shard
        heap[0].load = heap[0].load &+ bytes
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, precedes(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, precedes(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { return shard }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    private func precedes(_ a: (load: Int, shard: Int), _ b: (load: Int, shard: Int)) -> Bool {
        a.load < b.load || (a.load == b.load && a.shard < b.shard)
    }
}
