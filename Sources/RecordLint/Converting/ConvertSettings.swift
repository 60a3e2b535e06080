/// How `convert` reads its inputs and what tensors it writes.
public struct ConvertSettings: Sendable, Equatable {
    /// An input format.
    public enum InputFormat: String, Sendable, CaseIterable {
        case csv, libsvm, npy
        /// A scipy CSR matrix as a directory of `shape`, `indptr`, `indices` and `data` `.npy` files.
        case csr

        /// The format a file name's extension says (`.csv`, `.libsvm`/`.svm`, `.npy`), if any.
        public init?(extensionOf path: String) {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            guard let dot = name.lastIndex(of: ".") else { return nil }
            switch name[name.index(after: dot)...].lowercased() {
            case "csv": self = .csv
            case "libsvm", "svm", "svmlight": self = .libsvm
            case "npy": self = .npy
            default: return nil
            }
        }
    }

    /// Where a CSV row's label is.
    public enum LabelColumn: Sendable, Equatable {
        case first, last, none
        /// The 0-based column.
        case index(Int)
    }

    /// The tensor type written.
    public enum DType: String, Sendable, CaseIterable {
        /// Float32Tensor for features and labels (what Linear Learner and Factorization Machines read).
        case float32
        /// Float64Tensor for features and labels.
        case float64
        /// The SDK's rule from the array's dtype: float32 → Float32, float64 → Float64, integers → Int32.
        /// Text inputs are float64 arrays (what `np.loadtxt` and `load_svmlight_file` return).
        case auto
    }

    /// The input format; `nil` takes it from each input's extension.
    public var format: InputFormat?
    /// Where a CSV row's label is (default: the first column).
    public var labelColumn: LabelColumn = .first
    /// Whether the first line of each CSV input is a header to skip.
    public var header = false
    /// The CSV field separator.
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Whether libsvm indices count from 0.
    public var zeroBased = false
    /// The feature dimension: every dense row must have it; libsvm's shape (default: largest index + 1).
    public var featureDim: Int?
    /// The tensor type written.
    public var dtype: DType = .float32
    /// Records per output file (`OUT-00000.pbr`, ...); `nil` writes one file, `OUT`.
    public var recordsPerFile: Int?
    /// A 1-D `.npy` of labels for `.npy` or CSR features.
    public var labelsPath: String?
    /// Leave bad rows out (and report them) instead of writing nothing.
    public var skipBadRows = false
    /// The algorithm whose label and tensor-type rules every row must meet (`nil`: none).
    public var algorithm: Algorithm?
    /// A SageMaker hyperparameters JSON file, checked as `check` checks it; its `feature_dim`,
    /// `predictor_type` and `num_classes` apply to the rows.
    public var hyperparametersFile: String?
    /// The rules `algorithm` and the hyperparameters give (set by the converter).
    var labelRules: ConvertLabelRules?

    /// Threads that parse CSV and libsvm blocks; the output is the same for any number.
    public var jobs = 1
    /// The bytes of CSV or libsvm read at a time, cut at line ends and shared among the threads. Two
    /// blocks and their frames are held at once (one parsed while the other is written). 256 KiB keeps
    /// a block, its frames and the next block in a core's L2 cache and touches few fresh pages (a third
    /// faster than 2 MiB on 10,000 x 784 rows); a block of wide rows is made larger, to hold at least
    /// `LineBlockConverter.linesPerPart` lines for each thread (at most 2 MiB, the size that bounds the worst case below), so wide rows still parse
    /// on every core. A row of one-digit fields takes up to 4 times its text as float64 frames (8 with
    /// the arrays' growth): 2 MiB blocks keep a convert within about 50 MiB whatever the input (`ConvertMemoryTests`).
    public var blockSize = 256 << 10
    /// A block smaller than this is parsed by one thread (tests lower it to cut tiny inputs).
    var minimumPartBytes = 1 << 16

    /// The default settings: CSV-by-extension, label first, float32, one output file.
    public init() {}
}
