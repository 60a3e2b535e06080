// swift-tools-version:6.0
// The fuzz target, kept out of the main package: it builds with -sanitize=fuzzer,address.
//   make fuzz            fuzz for FUZZ_SECONDS (60) from Fuzz/Corpus and the SampleData files
//   make fuzz-replay     run every saved input once under the address sanitizer
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which is whatever the clone was called.
let rootFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "RecordLintFuzz",
    dependencies: [.package(path: rootFolder.path)],
    targets: [
        .executableTarget(
            name: "RecordLintFuzz",
            dependencies: [.product(name: "RecordLint", package: rootFolder.lastPathComponent.lowercased())],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ]
)
