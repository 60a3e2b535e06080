import Testing

@testable import RecordLint

/// `Shard.select` gives every file the shard the first, quadratic assignment gave it (files
/// largest first to the lightest shard, ties to the lowest index), for shard counts below, at
/// and far above the number of files, while time and memory follow the files.
@Suite("Shards, any count")
struct ShardHeapTests {
    /// The assignment as it was first written: a scan of every shard for each file.
    private func reference(_ inputs: [ScanInput], sizes: [Int], count: Int) -> [Int] {
        var loads = [Int](repeating: 0, count: count)
        var owner = [Int](repeating: 0, count: inputs.count)
        let order = inputs.indices.sorted { a, b in
            if sizes[a] != sizes[b] { return sizes[a] > sizes[b] }
            return Array(inputs[a].displayName.utf8).lexicographicallyPrecedes(Array(inputs[b].displayName.utf8))
        }
        for position in order {
            if inputs[position] == .standardInput { continue }
            let lightest = loads.indices.min { loads[$0] < loads[$1] || (loads[$0] == loads[$1] && $0 < $1) }!
            owner[position] = lightest
            loads[lightest] += sizes[position]
        }
        return owner
    }

    @Test(arguments: 0..<30)
    func theHeapAssignsAsTheScanOfEveryShardDid(seed: Int) {
        var random = SplitMix64(state: UInt64(7000 + seed))
        let files = Int.random(in: 1...40, using: &random)
        var inputs = (0..<files).map { ScanInput.file("f\($0)") }
        if seed % 3 == 0 { inputs.insert(.standardInput, at: 0) }
        // Zero-size files and ties included.
        let sizes = inputs.map { _ in
            [0, 10, 10, 100, Int.random(in: 0...1000, using: &random)][Int.random(in: 0..<5, using: &random)]
        }
        for count in [1, 2, 3, files, files + 1, 3 * files + 7] {
            let expected = reference(inputs, sizes: sizes, count: count)
            for index in 0..<count {
                let selected = Shard(index: index, count: count)!.select(inputs, sizes: sizes)
                #expect(selected == inputs.indices.filter { expected[$0] == index }.map { inputs[$0] }, "count \(count)")
            }
        }
    }

    @Test func aHugeCountAllocatesNothingForTheEmptyShards() {
        let inputs = (0..<3).map { ScanInput.file("f\($0)") }
        #expect(Shard(index: 0, count: .max)!.select(inputs, sizes: [3, 2, 1]) == [inputs[0]])
        #expect(Shard(index: 2, count: .max)!.select(inputs, sizes: [3, 2, 1]) == [inputs[2]])
        #expect(Shard(index: .max - 1, count: .max)!.select(inputs, sizes: [3, 2, 1]).isEmpty)
    }
}
