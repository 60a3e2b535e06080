import Foundation

/// One folder for every temporary file this test process makes, removed when
/// the process exits (also after failing tests), so a run leaves nothing behind.
public let testScratch: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("recordlint-tests-\(getpid())-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: testScratch) }
    return url
}()

/// A fresh folder under `testScratch`.
public func scratchDirectory(_ prefix: String = "case") -> URL {
    testScratch.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
}
