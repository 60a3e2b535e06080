// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "recordlint",
    products: [
        .library(name: "RecordLint", targets: ["RecordLint"]),
        .executable(name: "recordlint", targets: ["recordlint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The configuration file (recordlint.toml, [tool.recordlint] in pyproject.toml).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // libprotobuf-c, found through pkg-config.
        .systemLibrary(
            name: "CProtobufC",
            pkgConfig: "libprotobuf-c",
            providers: [.apt(["libprotobuf-c-dev"]), .brew(["protobuf-c"])]
        ),
        // protoc-c output for Proto/record.proto plus the arena allocator.
        .target(
            name: "CRecordProto",
            dependencies: ["CProtobufC"],
            exclude: ["GENERATED_BY"]
        ),
        // fast_float (Debian's header-only libfast-float-dev) behind one C function, for parsing numbers.
        .target(name: "CFastFloat"),
        // fallocate(2), which Swift's Glibc module does not import: disk space reserved for filter's copies.
        .target(name: "CFileSpace"),
        .target(
            name: "RecordLint",
            dependencies: ["CRecordProto", "CFastFloat", "CFileSpace"],
            swiftSettings: [
                .enableUpcomingFeature("InternalImportsByDefault")
            ]
        ),
        // Linked into the executable only: binds the Swift runtime's hypotf to glibc's baseline version.
        .target(name: "CGlibcCompat"),
        .executableTarget(
            name: "recordlint",
            dependencies: [
                "RecordLint",
                "CGlibcCompat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // Writes the benchmark and stress inputs with the library's writer (not installed; used by Scripts/bench.sh).
        .executableTarget(name: "recordlint-gen", dependencies: ["RecordLint", "TestSupport"]),
        // What both test targets use: a scratch folder removed at exit, the SARIF schema check, the
        // hostile inputs (which recordlint-gen writes for Scripts/hostile-input.sh).
        .target(name: "TestSupport", dependencies: ["RecordLint"], path: "Tests/TestSupport"),
        .testTarget(
            name: "RecordLintTests", dependencies: ["RecordLint", "TestSupport"], exclude: ["Golden"],
            resources: [.copy("Fixtures")]),
        // Runs a program in a forked child and reports its peak RSS (wait4), for the end-to-end memory bounds.
        .executableTarget(name: "child-rusage", path: "Tests/ChildRusage"),
        .testTarget(
            name: "recordlintTests", dependencies: ["RecordLint", "recordlint", "child-rusage", "TestSupport"],
            exclude: ["ConvertFixtures"]),
    ],
    cxxLanguageStandard: .cxx17
)
