#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A hyperparameters file's values as the service receives them (strings),
/// and what the data rules take from them.
public struct Hyperparameters: Sendable {
    /// Keys (sorted) and values turned into strings as CreateTrainingJob sends them. A key given
    /// more than once has its last value, as Python's `json` reads it.
    public private(set) var values: [(key: String, value: String)]
    /// The keys given more than once, with every value in file order.
    public private(set) var duplicates: [(key: String, values: [String])] = []
    private var positions: [String: Int] = [:]

    /// The largest hyperparameters file read: far above any real one (CreateTrainingJob takes
    /// values of at most 2,500 characters and a few hundred keys), so that memory and time stay
    /// bounded whatever file is given.
    public static let maximumFileSize = 4 << 20

    /// Reads a JSON object whose values are strings, numbers, booleans (or lists, kept as JSON text).
    public init(json bytes: [UInt8]) throws {
        let members = try HyperparameterJSON(bytes).members
        var given: [String: [String]] = [:]
        var order: [String] = []
        for (key, value) in members {
            if given[key] == nil { order.append(key) }
            given[key, default: []].append(value)
        }
        self.init(order.map { ($0, given[$0]!.last!) }.sorted { $0.key < $1.key })
        duplicates = order.compactMap { key in given[key]!.count > 1 ? (key, given[key]!) : nil }
    }

    /// Creates hyperparameters from strings.
    public init(_ values: [(key: String, value: String)]) {
        self.values = values
        for (position, member) in values.enumerated() where positions[member.key] == nil { positions[member.key] = position }
    }

    public subscript(key: String) -> String? { positions[key].map { values[$0].value } }
}

/// Why a hyperparameters file could not be read.
public enum HyperparameterFileError: Error, CustomStringConvertible {
    case notAnObject

    public var description: String { "the file is not a JSON object of hyperparameter names to values" }
}

/// `unknown-hyperparameter`, `invalid-hyperparameter`, `missing-hyperparameter`
/// against an algorithm's table, and the values the data rules take from it.
public struct HyperparameterCheck: Sendable {
    /// The findings, in the file's key order, then missing ones.
    public private(set) var findings: [Finding] = []
    /// `feature_dim`, when valid and not `auto`.
    public private(set) var featureDim: Int?
    /// `predictor_type`, when valid.
    public private(set) var predictorType: String?
    /// `num_classes`, when valid.
    public private(set) var numClasses: Int?
    /// `mini_batch_size`, when valid.
    public private(set) var miniBatchSize: Int?

    /// The longest value CreateTrainingJob takes.
    public static let maximumValueLength = 2500

    /// Validates `hyperparameters` (read from `file`) for `algorithm`.
    public init(_ hyperparameters: Hyperparameters, algorithm: Algorithm, file: String) {
        let table = HyperparameterTable.of(algorithm)
        var valid: [String: String] = [:]
        // The names an unknown key may be a typo of, made once: a file may hold many unknown keys.
        let candidates = (table.specs.map(\.name) + Array(table.aliases.keys)).sorted().map { ($0, Array($0.utf8)) }
        for (key, values) in hyperparameters.duplicates {
            findings.append(
                Finding(
                    rule: .invalidHyperparameter, severity: .error, file: file,
                    message:
                        "\(key) is given \(values.count) times (\(values.prefix(3).map(Self.quote).joined(separator: ", "))\(values.count > 3 ? ", ..." : "")): "
                        + "JSON readers disagree on which one counts (Python's json keeps the last); give it once",
                    value: Self.excerpt(values.last!), hyperparameter: key))
        }
        for (key, value) in hyperparameters.values {
            guard let spec = table.spec(named: key) else {
                if !table.acceptsUnknownKeys {
                    findings.append(
                        unknown(key, value: value, table: table, candidates: candidates, algorithm: algorithm, file: file))
                }
                continue
            }
            if let problem = Self.problem(with: value, spec: spec) {
                findings.append(
                    Finding(
                        rule: .invalidHyperparameter, severity: .error, file: file,
                        message: "\(key) is \(Self.quote(value)): \(problem)", value: Self.excerpt(value),
                        hyperparameter: key))
            } else {
                valid[key] = value
            }
        }
        for spec in table.specs where spec.required && hyperparameters[spec.name] == nil {
            findings.append(
                Finding(
                    rule: .missingHyperparameter, severity: .error, file: file,
                    message: "\(spec.name) is required by \(algorithm.rawValue): \(spec.explanation)", hyperparameter: spec.name))
        }
        for rule in table.rules {
            if let finding = Self.check(rule, given: hyperparameters, valid: valid, file: file) { findings.append(finding) }
        }
        featureDim = valid["feature_dim"].flatMap(ValueForm.integer)
        if let given = featureDim, given > CheckConfiguration.maximumFeatureDim {
            findings.append(
                Finding(
                    rule: .invalidHyperparameter, severity: .error, file: file,
                    message: "feature_dim is \(given): \(CheckConfiguration.featureDimRange)", value: String(given),
                    hyperparameter: "feature_dim"))
            featureDim = nil
        }
        predictorType = valid["predictor_type"]
        numClasses = valid["num_classes"].flatMap(ValueForm.integer)
        miniBatchSize = valid["mini_batch_size"].flatMap(ValueForm.integer)
    }

    /// Why `value` is not valid for `spec`, or `nil` when it is.
    static func problem(with value: String, spec: HyperparameterSpec) -> String? {
        if value.count > maximumValueLength {
            return "\(value.count) characters; CreateTrainingJob takes at most \(maximumValueLength)"
        }
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            let inner = String(value.dropFirst().dropLast())
            let verdict =
                spec.forms.contains { $0.accepts(inner) } ? "without them it would be valid" : "it must be \(spec.explanation)"
            return "the value is wrapped in extra quotes, which the algorithm receives as part of it; remove them (\(verdict))"
        }
        return spec.forms.contains { $0.accepts(value) } ? nil : "it must be \(spec.explanation)"
    }

    private func unknown(
        _ key: String, value: String, table: HyperparameterTable, candidates: [(String, [UInt8])], algorithm: Algorithm,
        file: String
    ) -> Finding {
        if let sent = table.aliases[key] {
            return Finding(
                rule: .unknownHyperparameter, severity: .error, file: file,
                message: "\(key) is the SageMaker Python SDK's argument name; \(algorithm.rawValue) receives it as \(sent)",
                value: Self.excerpt(value), hyperparameter: key, suggestion: sent)
        }
        var nearest: (name: String, distance: Int)?
        // A suggestion is at most 3 edits away: names whose lengths differ more cannot be one.
        let bytes = Array(key.utf8)
        for (name, nameBytes) in candidates where abs(nameBytes.count - bytes.count) <= 3 {
            let distance = EditDistance.between(bytes, nameBytes)
            if distance < nearest?.distance ?? .max { nearest = (name, distance) }
        }
        var suggestion: String?
        if let (name, distance) = nearest, distance <= max(1, min(3, key.count / 3)) {
            suggestion = table.aliases[name] ?? name
        }
        return Finding(
            rule: .unknownHyperparameter, severity: .error, file: file,
            message: "\(key) is not a hyperparameter of \(algorithm.rawValue)"
                + (suggestion.map { "; did you mean \($0)?" } ?? ""),
            value: Self.excerpt(value), hyperparameter: key, suggestion: suggestion)
    }

    private static func check(_ rule: CrossFieldRule, given: Hyperparameters, valid: [String: String], file: String) -> Finding? {
        switch rule {
        case .requiredWhen(let name, let key, let values, let exclusive):
            guard let setting = valid[key] else { return nil }
            let triggers = values.contains(setting)
            if triggers, given[name] == nil {
                return Finding(
                    rule: .missingHyperparameter, severity: .error, file: file,
                    message: "\(name) is required when \(key) is \(setting)", hyperparameter: name)
            }
            if exclusive, !triggers, let value = given[name] {
                return Finding(
                    rule: .invalidHyperparameter, severity: .error, file: file,
                    message:
                        "\(name) is set, but it applies only when \(key) is \(values.joined(separator: " or ")), and \(key) is \(setting)",
                    value: excerpt(value), hyperparameter: name)
            }
            return nil
        case .onlyWhen(let name, let key, let values):
            guard let value = given[name], !values.contains(given[key] ?? "") else { return nil }
            return Finding(
                rule: .invalidHyperparameter, severity: .error, file: file,
                message:
                    "\(name) applies only when \(key) is \(values.joined(separator: " or ")); \(key) is \(given[key].map(quote) ?? "not set")",
                value: excerpt(value), hyperparameter: name)
        case .lessThan(let name, let other):
            guard let value = valid[name].flatMap(ValueForm.integer), let bound = valid[other].flatMap(ValueForm.integer),
                value >= bound
            else { return nil }
            return Finding(
                rule: .invalidHyperparameter, severity: .error, file: file,
                message: "\(name) is \(value): it must be less than \(other) (\(bound))", value: String(value),
                hyperparameter: name)
        }
    }

    /// The longest value a finding's `value` field holds: longer ones are cut, with a note of their length.
    public static let maximumExcerptLength = 200

    /// `value`, cut to `maximumExcerptLength` characters with its length said when longer.
    static func excerpt(_ value: String) -> String {
        guard value.count > maximumExcerptLength else { return value }
        return String(value.prefix(maximumExcerptLength)) + "... (\(value.count) characters)"
    }

    static func quote(_ value: String) -> String {
        let shown = value.count > 60 ? String(value.prefix(57)) + "..." : value
        return "\"\(shown)\""
    }
}

/// Levenshtein distance, for suggesting the name a user meant.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int { between(Array(a.utf8), Array(b.utf8)) }

    /// The distance between two names' bytes (the tables' names are ASCII), with two rows reused.
    static func between(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
