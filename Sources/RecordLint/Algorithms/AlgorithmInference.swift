/// Which algorithm a hyperparameters file is for, told from its keys, so that
/// `--hyperparameters` without `--algorithm` never validates nothing
/// (SPEC.md, "Whole datasets"). An algorithm scores one point for each key
/// of the file its table takes (a key with a fixed set of values, such as
/// `predictor_type`, only when the value is in the set); `feature_dim` and
/// `mini_batch_size`, which every algorithm takes, say nothing. The best
/// scorers are kept, and among them the ones whose required keys are all
/// there; one left is the answer.
public enum AlgorithmInference {
    /// What the keys say.
    public enum Verdict: Sendable, Equatable {
        /// One algorithm takes the keys; `keys` are the ones that told it.
        case inferred(Algorithm, keys: [String])
        /// Several algorithms take the keys equally well.
        case ambiguous([Algorithm])
        /// No key belongs to one algorithm more than another.
        case unknown
    }

    /// Keys every algorithm takes.
    private static let common: Set<String> = ["feature_dim", "mini_batch_size"]

    /// Tells the algorithm from `hyperparameters`' keys.
    public static func infer(from hyperparameters: Hyperparameters) -> Verdict {
        let given = hyperparameters.values.filter { !common.contains($0.key) }
        var best: [(algorithm: Algorithm, keys: [String])] = []
        for algorithm in Algorithm.allCases where algorithm != .generic {
            let table = HyperparameterTable.of(algorithm)
            let keys = given.filter { takes(table, key: $0.key, value: $0.value) }.map(\.key)
            guard !keys.isEmpty else { continue }
            if let top = best.first?.keys.count, keys.count < top { continue }
            if let top = best.first?.keys.count, keys.count > top { best = [] }
            best.append((algorithm, keys))
        }
        if best.count > 1 {
            let complete = best.filter { candidate in
                HyperparameterTable.of(candidate.algorithm).specs.allSatisfy { spec in
                    !spec.required || common.contains(spec.name) || hyperparameters[spec.name] != nil
                }
            }
            if !complete.isEmpty { best = complete }
        }
        switch best.count {
        case 0: return .unknown
        case 1: return .inferred(best[0].algorithm, keys: best[0].keys)
        default: return .ambiguous(best.map(\.algorithm))
        }
    }

    /// Whether `table` takes `key` with `value`: by its name (or an SDK alias),
    /// and for a key with a fixed set of words, with one of them.
    private static func takes(_ table: HyperparameterTable, key: String, value: String) -> Bool {
        if table.aliases[key] != nil { return true }
        guard let spec = table.spec(named: key) else { return false }
        let words = spec.forms.allSatisfy { form in
            if case .oneOf = form { return true }
            return false
        }
        return !words || spec.forms.contains { $0.accepts(value) }
    }
}
