/// What one hyperparameter value may be. A spec lists alternatives (e.g.
/// `auto` or a float), and a value is valid when any of them accepts it.
enum ValueForm: Sendable, Equatable {
    /// An integer in `min...max` (either bound optional).
    case integer(min: Int?, max: Int?)
    /// A float between bounds; `exclusive` bounds exclude the bound itself.
    case float(min: Double?, max: Double?, minExclusive: Bool, maxExclusive: Bool)
    /// `true`, `True`, `false` or `False`.
    case boolean
    /// One of a fixed set of words.
    case oneOf([String])
    /// A JSON list of words from a fixed set, such as `["msd", "ssd"]`.
    case jsonList([String])
    /// Comma-separated positive integers, such as `64,32`.
    case integerList

    static func int(min: Int? = nil, max: Int? = nil) -> ValueForm { .integer(min: min, max: max) }
    static let positiveInt = ValueForm.integer(min: 1, max: nil)
    static let nonNegativeInt = ValueForm.integer(min: 0, max: nil)
    static let anyFloat = ValueForm.float(min: nil, max: nil, minExclusive: false, maxExclusive: false)
    static let positiveFloat = ValueForm.float(min: 0, max: nil, minExclusive: true, maxExclusive: false)
    static let nonNegativeFloat = ValueForm.float(min: 0, max: nil, minExclusive: false, maxExclusive: false)
    static let auto = ValueForm.oneOf(["auto"])
    /// A float in [low, high).
    static func fraction(_ low: Double = 0, _ high: Double = 1, lowExclusive: Bool = false, highExclusive: Bool = true)
        -> ValueForm
    {
        .float(min: low, max: high, minExclusive: lowExclusive, maxExclusive: highExclusive)
    }

    /// What the form allows, for messages.
    var explanation: String {
        switch self {
        case .integer(let min, let max):
            switch (min, max) {
            case (1?, nil): "a positive integer"
            case (0?, nil): "a non-negative integer"
            case (let low?, let high?): "an integer from \(low) to \(high)"
            case (let low?, nil): "an integer of at least \(low)"
            case (nil, let high?): "an integer of at most \(high)"
            case (nil, nil): "an integer"
            }
        case .float(let min, let max, let minExclusive, let maxExclusive):
            switch (min, max) {
            case (nil, nil): "a number"
            case (0?, nil): minExclusive ? "a positive number" : "a non-negative number"
            case (let low?, nil): "a number \(minExclusive ? ">" : "≥") \(Self.show(low))"
            case (nil, let high?): "a number \(maxExclusive ? "<" : "≤") \(Self.show(high))"
            case (let low?, let high?):
                "a number in \(minExclusive ? "(" : "[")\(Self.show(low)), \(Self.show(high))\(maxExclusive ? ")" : "]")"
            }
        case .boolean: "true or false"
        case .oneOf(let words): words.count == 1 ? "\"\(words[0])\"" : "one of " + words.joined(separator: ", ")
        case .jsonList(let words): "a JSON list of " + words.map { "\"\($0)\"" }.joined(separator: ", ")
        case .integerList: "comma-separated positive integers"
        }
    }

    private static func show(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Whether `text` (as the service receives it, a string) is of this form.
    func accepts(_ text: String) -> Bool {
        switch self {
        case .integer(let min, let max):
            guard let value = Self.integer(text) else { return false }
            return (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
        case .float(let min, let max, let minExclusive, let maxExclusive):
            guard let value = Self.number(text) else { return false }
            if let min, minExclusive ? value <= min : value < min { return false }
            if let max, maxExclusive ? value >= max : value > max { return false }
            return true
        case .boolean:
            return ["true", "True", "false", "False"].contains(text)
        case .oneOf(let words):
            return words.contains(text)
        case .jsonList(let words):
            let trimmed = text.trimmingWhitespace()
            guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return false }
            let items = trimmed.dropFirst().dropLast().split(separator: ",").map { String($0).trimmingWhitespace() }
            return !items.isEmpty
                && items.allSatisfy { item in
                    item.count >= 2 && (item.first == "\"" || item.first == "'") && item.last == item.first
                        && words.contains(String(item.dropFirst().dropLast()))
                }
        case .integerList:
            let items = text.split(separator: ",", omittingEmptySubsequences: false)
            return !items.isEmpty && items.allSatisfy { Self.integer(String($0).trimmingWhitespace()).map { $0 >= 1 } ?? false }
        }
    }

    /// An integer written as digits with an optional minus sign (`^-?(0|[1-9][0-9]*)$`).
    static func integer(_ text: String) -> Int? {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            digits == "0" || digits.first != "0"
        else { return nil }
        return Int(text)
    }

    /// A finite number, or Infinity (clip_gradient's default).
    static func number(_ text: String) -> Double? {
        guard let value = Double(text), !value.isNaN else { return nil }
        return value
    }
}

/// One hyperparameter an algorithm takes.
struct HyperparameterSpec: Sendable {
    let name: String
    /// The forms a value may take; any one is enough.
    let forms: [ValueForm]
    let required: Bool

    init(_ name: String, _ forms: ValueForm..., required: Bool = false) {
        self.name = name
        self.forms = forms
        self.required = required
    }

    /// What a valid value looks like, for messages.
    var explanation: String { forms.map(\.explanation).joined(separator: " or ") }
}

/// A rule between hyperparameters, as data.
enum CrossFieldRule: Sendable {
    /// `name` is required exactly when `key` has one of `values` (and not allowed otherwise when `exclusive`).
    case requiredWhen(name: String, key: String, values: [String], exclusive: Bool)
    /// `name` may be given only when `key` has one of `values`.
    case onlyWhen(name: String, key: String, values: [String])
    /// `name` must be below the value of `other` (both integers).
    case lessThan(name: String, other: String)
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
