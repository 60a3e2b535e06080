#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a configuration's hyperparameters file adds to a check: the file's
/// findings, the data configuration it feeds (feature_dim, predictor_type,
/// num_classes), where feature_dim came from, and notes for the user.
struct HyperparameterSetup: Sendable {
    /// The configuration the data rules run with.
    var configuration: CheckConfiguration
    /// Findings about the hyperparameters file.
    var findings: [Finding] = []
    /// Whether feature_dim came from the file (not from the configuration).
    var featureDimFromFile = false
    /// Things the user should know (a feature_dim given twice and differing).
    var notes: [String] = []
    /// The file, when it could not be read or is not a JSON object.
    var unchecked: [Report.UncheckedInput] = []

    /// Reads and validates `configuration.hyperparametersFile`, when there is one.
    /// `--feature-dim` wins over the file's feature_dim; a difference is a note that names both.
    init(_ configuration: CheckConfiguration) {
        self.configuration = configuration
        notes = configuration.notes
        guard let path = configuration.hyperparametersFile else { return }
        let hyperparameters: Hyperparameters
        do {
            hyperparameters = try Hyperparameters(json: try Self.read(path))
        } catch let error as InputError {
            unchecked.append(Report.UncheckedInput(path: path, reason: error.reason))
            return
        } catch {
            unchecked.append(Report.UncheckedInput(path: path, reason: "\(error)"))
            return
        }
        let check = HyperparameterCheck(hyperparameters, algorithm: configuration.algorithm, file: path)
        findings = check.findings
        if let fromFile = check.featureDim {
            if let given = configuration.featureDim {
                if given != fromFile {
                    notes.append(
                        "--feature-dim \(given) differs from feature_dim \(fromFile) in \(path); checking against \(given)")
                }
            } else {
                self.configuration.featureDim = fromFile
                featureDimFromFile = true
            }
        }
        self.configuration.predictorType = check.predictorType ?? configuration.predictorType
        self.configuration.numClasses = check.numClasses ?? configuration.numClasses
        self.configuration.miniBatchSize = check.miniBatchSize ?? configuration.miniBatchSize
    }

    /// The file's bytes, read in order (so `--hyperparameters <(cat hp.json)`, a pipe, works),
    /// at most `Hyperparameters.maximumFileSize` of them.
    static func read(_ path: String) throws -> [UInt8] {
        let limit = Hyperparameters.maximumFileSize
        return try WholeFile.read(
            path, limit: limit,
            tooLarge:
                "the hyperparameters file is larger than \(limit >> 20) MiB; CreateTrainingJob takes a few hundred values of at most 2,500 characters"
        )
    }
}
