/// A finding as JSON text, written directly rather than through `JSONEncoder`
/// (which costs tens of microseconds a finding: minutes for millions of them),
/// with the same bytes the encoder writes: keys sorted, slashes not escaped.
enum FindingJSON {
    /// The finding's members, sorted by key, as `(key, JSON value)`; `extra` adds members (jsonl's `type`).
    static func members(of finding: Finding, extra: [(String, String)] = []) -> [(String, String)] {
        var members = extra
        func add(_ key: String, _ value: Int?) { if let value { members.append((key, String(value))) } }
        func add(_ key: String, _ value: String?) { if let value { members.append((key, quote(value))) } }
        add("actual", finding.actual)
        add("channel", finding.channel)
        add("expected", finding.expected)
        add("file", finding.file)
        add("fileBytes", PathBytesJSON.base64(finding.file))
        add("hyperparameter", finding.hyperparameter)
        add("key", finding.key)
        add("message", finding.sentence)
        add("offset", finding.offset)
        add("position", finding.position)
        add("record", finding.record)
        add("rule", finding.rule.rawValue)
        add("severity", finding.severity.rawValue)
        add("suggestion", finding.suggestion)
        add("uid", finding.uid)
        add("value", finding.value)
        return extra.isEmpty ? members : members.sorted { $0.0 < $1.0 }
    }

    /// One line: `{"actual":785,...}`.
    static func compact(_ members: [(String, String)]) -> String {
        "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// Pretty-printed as `JSONEncoder` does, each line after the first indented by `indent`.
    static func pretty(_ members: [(String, String)], indent: String) -> String {
        "{\n" + members.map { "\(indent)  \"\($0.0)\" : \($0.1)" }.joined(separator: ",\n") + "\n\(indent)}"
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        // Most strings need no escape: copy them whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
