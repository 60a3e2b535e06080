#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A hyperparameters file's values as the service receives them (strings),
/// and what the data rules take from them.
public struct Hyperparameters: Sendable {
    /// Keys (sorted) and values turned into strings as CreateTrainingJob sends them.
    public var values: [(key: String, value: String)]

    /// Reads a JSON object whose values are strings, numbers, booleans (or lists, kept as JSON text).
    public init(json bytes: [UInt8]) throws {
        let object: [String: JSONValue]
        do {
            object = try JSONDecoder().decode([String: JSONValue].self, from: Data(bytes))
        } catch {
            throw HyperparameterFileError.notAnObject
        }
        values = object.map { ($0.key, $0.value.serviceString) }.sorted { $0.key < $1.key }
    }

    /// Creates hyperparameters from strings.
    public init(_ values: [(key: String, value: String)]) {
        self.values = values
    }

    public subscript(key: String) -> String? { values.first { $0.key == key }?.value }
}

/// A JSON value, turned into the string the service would receive.
private enum JSONValue: Decodable {
    case string(String)
    case text(String)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .text(value ? "true" : "false")
        } else if let value = try? container.decode(Int64.self) {
            self = .text(String(value))
        } else if let value = try? container.decode(Double.self) {
            self = .text(String(value))
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let list = try? container.decode([JSONValue].self) {
            self = .text("[" + list.map(\.jsonText).joined(separator: ", ") + "]")
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a nested object")
        }
    }

    var serviceString: String {
        switch self {
        case .string(let value), .text(let value): value
        }
    }

    var jsonText: String {
        switch self {
        case .string(let value): "\"" + value + "\""
        case .text(let value): value
        }
    }
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
        for (key, value) in hyperparameters.values {
            guard let spec = table.spec(named: key) else {
                if !table.acceptsUnknownKeys {
                    findings.append(unknown(key, value: value, table: table, algorithm: algorithm, file: file))
                }
                continue
            }
            if let problem = Self.problem(with: value, spec: spec) {
                findings.append(
                    Finding(
                        rule: .invalidHyperparameter, severity: .error, file: file,
                        message: "\(key) is \(Self.quote(value)): \(problem)", value: value, hyperparameter: key))
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

    private func unknown(_ key: String, value: String, table: HyperparameterTable, algorithm: Algorithm, file: String) -> Finding
    {
        if let sent = table.aliases[key] {
            return Finding(
                rule: .unknownHyperparameter, severity: .error, file: file,
                message: "\(key) is the SageMaker Python SDK's argument name; \(algorithm.rawValue) receives it as \(sent)",
                value: value, hyperparameter: key, suggestion: sent)
        }
        let candidates: [String] = table.specs.map(\.name) + Array(table.aliases.keys)
        var nearest: (name: String, distance: Int)?
        for name in candidates.sorted() {
            let distance = EditDistance.between(key, name)
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
            value: value, hyperparameter: key, suggestion: suggestion)
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
                    value: value, hyperparameter: name)
            }
            return nil
        case .onlyWhen(let name, let key, let values):
            guard let value = given[name], !values.contains(given[key] ?? "") else { return nil }
            return Finding(
                rule: .invalidHyperparameter, severity: .error, file: file,
                message:
                    "\(name) applies only when \(key) is \(values.joined(separator: " or ")); \(key) is \(given[key].map(quote) ?? "not set")",
                value: value, hyperparameter: name)
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

    static func quote(_ value: String) -> String {
        let shown = value.count > 60 ? String(value.prefix(57)) + "..." : value
        return "\"\(shown)\""
    }
}

/// Levenshtein distance, for suggesting the name a user meant.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
