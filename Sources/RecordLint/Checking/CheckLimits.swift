/// The ranges of the numbers a check takes from outside (options, hyperparameters), in one
/// place: every one is refused with a sentence outside its range, and none sizes memory by itself.
extension CheckConfiguration {
    /// The largest feature dimension: 2^53 - 1, the largest integer a JSON report holds exactly
    /// (JavaScript and every JSON reader that uses doubles), far above any real model.
    public static let maximumFeatureDim = (1 << 53) - 1

    /// The sentence that says the range of a feature dimension.
    public static let featureDimRange = "a feature dimension is from 1 to \(maximumFeatureDim) (2^53 - 1)"

    /// The most worker threads asked for that is accepted.
    public static let maximumJobs = 4096

    /// The largest work unit (`--chunk-size`): bigger ones only hold more of a stream in memory.
    public static let maximumChunkSize = 1 << 30

    /// The threads that help: the scan is bound by the processor, so never more than four per
    /// core; memory for batches and chunks follows the threads, so it follows this, not the number typed.
    public static func usefulJobs(_ requested: Int, cores: Int) -> Int {
        max(1, min(requested, max(1, cores) * 4))
    }
}
