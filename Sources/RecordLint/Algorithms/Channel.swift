/// A data channel of a SageMaker training job (`--channel NAME=PATH`).
public enum Channel: String, CaseIterable, Codable, Sendable, Comparable {
    case train
    case validation
    case test

    public static func < (a: Channel, b: Channel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The name channel-level findings give as their `file`: `<train channel>`.
    public var findingFile: String { "<\(rawValue) channel>" }
}
