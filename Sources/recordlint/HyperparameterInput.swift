import RecordLint

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `--hyperparameters` adds to a check: findings about the file, where
/// feature_dim came from, and notes for the user.
struct CheckSetup {
    var findings: [Finding] = []
    var featureDimSource: String
    var notes: [String] = []
}

/// Reads and validates `--hyperparameters FILE` and lets it feed the data rules.
enum HyperparameterInput {
    /// `--feature-dim` wins over the file's feature_dim; a difference is a note that names both.
    static func apply(path: String, to configuration: inout CheckConfiguration, unchecked: inout [Report.UncheckedInput])
        -> CheckSetup
    {
        var setup = CheckSetup(featureDimSource: "--feature-dim")
        let hyperparameters: Hyperparameters
        do {
            guard let data = FileManager.default.contents(atPath: path) else {
                unchecked.append(Report.UncheckedInput(path: path, reason: "cannot read the hyperparameters file"))
                return setup
            }
            hyperparameters = try Hyperparameters(json: [UInt8](data))
        } catch {
            unchecked.append(Report.UncheckedInput(path: path, reason: "\(error)"))
            return setup
        }
        let check = HyperparameterCheck(hyperparameters, algorithm: configuration.algorithm, file: path)
        setup.findings = check.findings
        if let fromFile = check.featureDim {
            if let given = configuration.featureDim {
                if given != fromFile {
                    setup.notes.append(
                        "--feature-dim \(given) differs from feature_dim \(fromFile) in \(path); checking against \(given)")
                }
            } else {
                configuration.featureDim = fromFile
                setup.featureDimSource = "the hyperparameter in \(path)"
            }
        }
        configuration.predictorType = check.predictorType
        configuration.numClasses = check.numClasses
        return setup
    }
}
