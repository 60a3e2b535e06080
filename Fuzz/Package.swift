// swift-tools-version:6.0
// The fuzz targets, kept out of the main package: they build with -sanitize=fuzzer,address.
// One binary; RECORDLINT_FUZZ_TARGET picks the target (Sources/RecordLintFuzz/FuzzEntry.swift):
//   check (default)  raw bytes: the in-memory scan against the parallel chunked scan, and the reader
//   structured       the bytes are a recipe of valid records and mutations of their fields, lengths, tags, cflags, padding
//   differential     raw bytes: recordlint against the plain reader of Tests/TestSupport (FORMAT.md)
//   make fuzz            fuzz each for FUZZ_SECONDS (60) from Fuzz/Corpus/<target>
//   make fuzz-replay     run every saved input once under the address sanitizer
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which is whatever the clone was called.
let rootFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let recordLint = Target.Dependency.product(name: "RecordLint", package: rootFolder.lastPathComponent.lowercased())

let package = Package(
    name: "RecordLintFuzz",
    dependencies: [.package(path: rootFolder.path)],
    targets: [
        // Tests/TestSupport (a symbolic link): the reference reader and the hostile inputs.
        .target(name: "FuzzSupport", dependencies: [recordLint]),
        .executableTarget(
            name: "RecordLintFuzz",
            dependencies: [recordLint, "FuzzSupport"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
