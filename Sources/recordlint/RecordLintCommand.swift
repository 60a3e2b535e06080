import ArgumentParser

/// `recordlint`: checks SageMaker recordio-protobuf training data before upload.
@main
struct RecordLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recordlint",
        abstract: "Checks SageMaker application/x-recordio-protobuf training data before a training job reads it.",
        version: "0.1.0",
        subcommands: [Check.self, Inspect.self, Stats.self, Merge.self, Convert.self, Export.self, Filter.self],
        defaultSubcommand: nil
    )
}
