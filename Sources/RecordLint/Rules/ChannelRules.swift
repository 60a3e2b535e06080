/// The channel rules of a training job (`--channel NAME=PATH`), decided on the
/// files' merged counts at the end, which is also what `merge` decides them on:
/// a channel the algorithm does not read (`unused-channel`), and a train
/// channel with fewer records than `mini_batch_size` (`too-few-records`).
/// Labels per channel are a record rule (`missing-label`); one feature_dim in
/// every channel is the dataset-level dimension rule, as all channels of one
/// check form one dataset.
enum ChannelRules {
    /// The findings for `files` checked with `settings`; none when no channel is named.
    static func findings(files: [Report.FileReport], settings: Report.Settings) -> [Finding] {
        guard let named = settings.channels, !named.isEmpty,
            let algorithm = Algorithm(rawValue: settings.algorithm)
        else { return [] }
        let profile = algorithm.profile
        var findings: [Finding] = []
        let given = named.keys.compactMap(Channel.init(rawValue:)).sorted()
        for channel in given where !profile.channels.contains(channel) {
            let reads = profile.channels.map(\.rawValue).joined(separator: ", ")
            findings.append(
                Finding(
                    rule: .unusedChannel, severity: profile.severity(of: .unusedChannel), file: channel.findingFile,
                    message:
                        "the \(channel.rawValue) channel (\((named[channel.rawValue] ?? []).joined(separator: ", "))) is not read by \(algorithm.rawValue), which reads \(reads): its data would be ignored",
                    channel: channel.rawValue))
        }
        if let miniBatchSize = settings.miniBatchSize, given.contains(.train) {
            let records = files.filter { $0.channel == Channel.train.rawValue }.reduce(0) { $0 + $1.records }
            if records < miniBatchSize {
                findings.append(
                    Finding(
                        rule: .tooFewRecords, severity: profile.severity(of: .tooFewRecords), file: Channel.train.findingFile,
                        message:
                            "the train channel holds \(records) records, fewer than mini_batch_size \(miniBatchSize): the training job fails when a host's data does not fill one mini-batch",
                        expected: miniBatchSize, actual: records, hyperparameter: "mini_batch_size",
                        channel: Channel.train.rawValue))
            }
        }
        return findings
    }
}
