import Foundation
import Testing

@testable import RecordLint

/// The hyperparameters reader gives what JSONDecoder gave (values as the service receives
/// them), in linear time, and tells duplicate keys apart.
@Suite("Hyperparameters JSON reader")
struct HyperparameterJSONTests {
    /// JSONDecoder's reading, as recordlint first did it.
    private enum Reference: Decodable {
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
            } else if let list = try? container.decode([Reference].self) {
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

    private func reference(_ json: String) -> [String: String]? {
        guard let object = try? JSONDecoder().decode([String: Reference].self, from: Data(json.utf8)) else { return nil }
        return object.mapValues(\.serviceString)
    }

    @Test(arguments: [
        #"{}"#, #" { "a" : "1" } "#, #"{"a": 1, "b": -2, "c": 0}"#, #"{"a": 1.0, "b": 1e3, "c": 2.5, "d": -0.125}"#,
        #"{"a": 12345678901234567890, "b": 1e300, "c": 0.1}"#, #"{"a": true, "b": false}"#,
        #"{"a": [1, "x", true, 2.5], "b": [], "c": [[1, 2], ["y"]]}"#,
        #"{"a": "tab\there", "b": "q\"uote", "c": "back\\slash", "d": "\u00e9\u4e2d", "e": "\ud83d\ude00", "f": "\/"}"#,
        #"{"caf\u00e9": "x", "emoji😀": "y"}"#, #"{"a": null}"#, #"{"a": {"b": "c"}}"#, #"["a"]"#,
        #"{"a" "1"}"#, #"{"a": 01}"#, #"{"a": 1.}"#, #"{"a": "\ud800"}"#, #"{"a": "1"} x"#, "{\"a\": \"new\nline\"}",
    ])
    func readsAsJSONDecoderDid(json: String) {
        let expected = reference(json)
        let read = try? Hyperparameters(json: Array(json.utf8))
        #expect(read.map { Dictionary(uniqueKeysWithValues: $0.values.map { ($0.key, $0.value) }) } == expected, "\(json)")
    }

    @Test func duplicateKeysKeepTheLastValueAndAreListed() throws {
        let read = try Hyperparameters(json: Array(#"{"k": "1", "j": "x", "k": "2", "k": "3"}"#.utf8))
        #expect(read["k"] == "3")
        #expect(read.values.map(\.key) == ["j", "k"])
        #expect(read.duplicates.map(\.key) == ["k"])
        #expect(read.duplicates.first?.values == ["1", "2", "3"])
    }

    /// JSONDecoder took `{"a": "1",}`; Python's json, which the SDK's users load the file with, refuses it.
    @Test func aTrailingCommaIsRefusedAsPythonRefusesIt() {
        #expect(throws: HyperparameterFileError.self) { try Hyperparameters(json: Array(#"{"a": "1",}"#.utf8)) }
        #expect(throws: HyperparameterFileError.self) { try Hyperparameters(json: Array(#"{"a": [1,]}"#.utf8)) }
    }

    @Test func aByteOrderMarkIsAllowed() throws {
        let read = try Hyperparameters(json: [0xEF, 0xBB, 0xBF] + Array(#"{"k": "1"}"#.utf8))
        #expect(read["k"] == "1")
    }
}
