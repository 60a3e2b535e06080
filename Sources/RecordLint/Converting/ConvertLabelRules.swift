/// What `convert --algorithm` (with its hyperparameters) asks of every row's
/// label and tensor type: the same label rules `check` applies to the records,
/// applied to the input rows so a finding names the line and column.
struct ConvertLabelRules: Sendable, Equatable {
    /// The algorithm, for messages.
    let algorithm: Algorithm
    /// Whether every row needs a label.
    let requiresLabel: Bool
    /// Whether only Float32 tensors are read (Linear Learner, Factorization Machines).
    let float32Only: Bool
    /// The labels the algorithm takes with its predictor type, when that is known.
    let domain: LabelDomain?

    /// The rules of `algorithm` for a predictor type and class count.
    init(algorithm: Algorithm, predictorType: String?, numClasses: Int?) {
        self.algorithm = algorithm
        let profile = algorithm.profile
        requiresLabel = profile.requiresLabel
        float32Only = profile.float32Only
        domain = profile.labelDomain(predictorType: predictorType, numClasses: numClasses)
    }

    /// The message for a finite label outside the domain, or `nil` when it is inside (or no domain is known).
    /// The label is judged as written: a float32 tensor holds `Float(label)`, which `check` reads back.
    func outsideDomain(_ parsed: Double, kind: ValueKind) -> String? {
        let label = kind == .float32 ? Double(Float(parsed)) : parsed
        guard let domain, !domain.contains(label) else { return nil }
        return "the label is \(LabelRules.describe(label)); \(algorithm.rawValue) expects \(domain.explanation)"
    }

    /// Refuses a conversion that cannot give the algorithm what it reads, before any row is read.
    func refuse(hasLabels: Bool, kinds: [ValueKind]) throws {
        if requiresLabel && !hasLabels {
            throw ConversionError(
                "\(algorithm.rawValue) trains on labels: give the label column (CSV --label-column) or --labels (npy, csr)")
        }
        if float32Only, let other = kinds.first(where: { $0 != .float32 }) {
            throw ConversionError(
                "\(algorithm.rawValue) reads only Float32Tensor; this would write \(other.rawValue) (--dtype float32 converts)")
        }
    }
}
