import RecordLint
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress bar on standard error: bytes done of the total, MB/s and time
/// left, redrawn at most ten times a second and cleared at the end. When
/// standard error is not a terminal (a CI log), plain lines instead, at most
/// one a second, with no carriage returns or escape codes. For inputs of
/// unknown size (standard input) it shows the bytes read and the rate. Workers
/// report from any thread through atomics: the one that moves the time of the
/// last drawing forward draws.
final class ProgressBar: Sendable {
    /// The bytes expected; 0 when unknown.
    private let total: Int
    private let onTerminal: Bool
    private let started = ContinuousClock.now
    private let done = Atomic<Int>(0)
    /// Milliseconds since `started` of the last drawing (-1: none yet).
    private let lastDraw = Atomic<Int>(-1)
    /// Whether a bar is on the terminal's line now (to be cleared before other output).
    private let onScreen = Atomic<Bool>(false)
    private static let width = 30
    private var intervalMilliseconds: Int { onTerminal ? 100 : 1000 }

    init(total: Int, onTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.total = max(total, 0)
        self.onTerminal = onTerminal
    }

    /// Whether a bar is wanted: `--progress` / `--no-progress`, else whether standard error is a terminal.
    static func wanted(explicit: Bool?) -> Bool {
        explicit ?? (isatty(STDERR_FILENO) == 1)
    }

    /// Counts bytes done (from any worker) and redraws when it is time.
    func advance(by bytes: Int) {
        let doneNow = done.add(bytes, ordering: .relaxed).newValue
        let elapsed = ContinuousClock.now - started
        let milliseconds = Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
        let last = lastDraw.load(ordering: .relaxed)
        guard last < 0 || milliseconds - last >= intervalMilliseconds,
            lastDraw.compareExchange(expected: last, desired: milliseconds, ordering: .relaxed).exchanged
        else { return }
        StandardStream.error.write(render(done: doneNow, elapsed: elapsed))
        if onTerminal { onScreen.store(true, ordering: .relaxed) }
    }

    /// Clears the bar so that what follows starts on a clean line.
    func finish() {
        if onScreen.exchange(false, ordering: .relaxed) { StandardStream.error.write("\r\u{1B}[K") }
    }

    private func render(done: Int, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let megabytes = TextReporter.decimal(Double(done) / 1e6, places: 1)
        let speed = "\(TextReporter.decimal(rate / 1e6, places: 0)) MB/s"
        guard total > 0 else {
            return onTerminal ? "\r\(megabytes) MB read  \(speed)\u{1B}[K" : "recordlint: \(megabytes) MB read, \(speed)\n"
        }
        let fraction = min(1, Double(done) / Double(total))
        guard onTerminal else {
            let left = rate > 0 ? Double(total - done) / rate : 0
            return "recordlint: \(megabytes) of \(TextReporter.decimal(Double(total) / 1e6, places: 1)) MB "
                + "(\(TextReporter.decimal(fraction * 100, places: 0))%), \(speed), \(TextReporter.decimal(left, places: 0)) s left\n"
        }
        let filled = Int(fraction * Double(Self.width))
        let left = rate > 0 ? Double(total - done) / rate : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: Self.width - filled)
        let percent = TextReporter.decimal(fraction * 100, places: 0)
        return "\r[\(bar)] \(String(repeating: " ", count: max(0, 3 - percent.count)))\(percent)%  "
            + "\(TextReporter.decimal(Double(done) / 1e6, places: 1)) of \(TextReporter.decimal(Double(total) / 1e6, places: 1)) MB  "
            + "\(TextReporter.decimal(rate / 1e6, places: 0)) MB/s  \(TextReporter.decimal(left, places: 0)) s left\u{1B}[K"
    }
}
