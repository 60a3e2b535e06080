import Foundation
import RecordLint
import TestSupport

/// Feeds bytes to the checker through a FIFO, the way a pipe into standard input arrives.
enum StreamScanHarness {
    static func check(_ bytes: [UInt8], configuration: CheckConfiguration) throws -> Report {
        let directory = scratchDirectory("fifo")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fifo = directory.appendingPathComponent("pipe").path
        signal(SIGPIPE, SIG_IGN)
        guard mkfifo(fifo, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: fifo)!
            handle.write(Data(bytes))
            handle.closeFile()
        }
        writer.start()
        return Checker(configuration: configuration).check([.file(fifo)])
    }
}
