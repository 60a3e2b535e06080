import RecordLint

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The command line as the process received it, bytes and all. `CommandLine.arguments` puts
/// U+FFFD in place of bytes that are not UTF-8, which would lose the name of a file such as
/// Latin-1 `café.rec`; here such an argument is its escaped text (`PathText`), and the set of
/// those texts tells a path option that the argument is escaped already.
struct RawCommandLine: Sendable {
    /// The arguments after the program's name: valid UTF-8 ones as they are, others escaped.
    let arguments: [String]
    /// The escaped arguments, and what follows each `=` in them (`--out=NAME`, `train=NAME`).
    let escaped: Set<String>
    /// A valid UTF-8 argument that spells the escaped text of another one, which would make a
    /// path ambiguous (`$'caf\xe9'` and `'caf\xE9'` given together).
    let ambiguous: String?

    /// The process's own command line.
    static let current = RawCommandLine(
        (1..<Int(CommandLine.argc)).map { index in
            let pointer = CommandLine.unsafeArgv[index]!
            return UnsafeBufferPointer(start: pointer, count: strlen(pointer)).map { UInt8(bitPattern: $0) }
        })

    /// The command line of `arguments`' bytes.
    init(_ arguments: [[UInt8]]) {
        var texts: [String] = []
        var escaped = Set<String>()
        var plain: [String] = []
        for bytes in arguments {
            if let text = String(validating: bytes, as: UTF8.self) {
                texts.append(text)
                plain.append(text)
            } else {
                let text = PathText.text(of: bytes)
                texts.append(text)
                // Text without a backslash reads the same escaped or not: only the others need telling apart.
                escaped.formUnion(Self.values(in: text).filter(PathText.isEscaped))
            }
        }
        self.arguments = texts
        self.escaped = escaped
        ambiguous = plain.first { Self.values(in: $0).contains(where: escaped.contains) }
    }

    /// The argument and what follows each `=` in it: the values an option or `--channel` may take from it.
    private static func values(in argument: String) -> [String] {
        var values = [argument]
        var rest = Substring(argument)
        while let equals = rest.firstIndex(of: "=") {
            rest = rest[rest.index(after: equals)...]
            values.append(String(rest))
        }
        return values
    }
}

/// The path an argument names, as escaped text: what every path option and argument goes through once.
enum PathArgument {
    /// `argument` as escaped text: an argument that was not UTF-8 is escaped already; any other
    /// is a name given as text (its backslashes doubled, its control characters escaped).
    @Sendable static func path(_ argument: String) -> String {
        RawCommandLine.current.escaped.contains(argument) ? argument : PathText.text(ofName: argument)
    }
}
