#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The raw bytes beside an escaped path in JSON reports: a path whose escaped text
/// (`PathText`) differs from its bytes (a name that is not UTF-8, or holds a backslash or a
/// control character) gets a sibling field, `fileBytes` for a finding's `file` and `pathBytes`
/// for a `path`, holding its bytes in base64 (RFC 4648, with padding). In Python,
/// `base64.b64decode(f["fileBytes"])` is the name to `open()`, and `os.fsdecode` of it the
/// `str` that `os.listdir` gives. A path without the field is its own bytes as UTF-8.
enum PathBytesJSON {
    /// The base64 of the bytes `path` stands for, or `nil` when nothing in it is escaped.
    static func base64(_ path: String) -> String? {
        guard PathText.isEscaped(path), let bytes = PathText.bytes(of: path) else { return nil }
        return Data(bytes).base64EncodedString()
    }

    /// `value` encoded as it encodes itself, plus `key` with `path`'s bytes when it is escaped.
    struct Field<Value: Encodable>: Encodable {
        let value: Value
        let path: String
        let key: String

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: Encoder) throws {
            try value.encode(to: encoder)
            guard let bytes = PathBytesJSON.base64(path) else { return }
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(bytes, forKey: Key(stringValue: key))
        }
    }

    /// Files with `pathBytes` where their path is escaped.
    static func files(_ files: [Report.FileReport]) -> [Field<Report.FileReport>] {
        files.map { Field(value: $0, path: $0.path, key: "pathBytes") }
    }

    /// Unchecked inputs with `pathBytes` where their path is escaped.
    static func unchecked(_ inputs: [Report.UncheckedInput]) -> [Field<Report.UncheckedInput>] {
        inputs.map { Field(value: $0, path: $0.path, key: "pathBytes") }
    }
}
