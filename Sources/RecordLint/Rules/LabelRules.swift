/// `missing-label`, `label-shape`, `label-non-finite`, `label-domain`, and
/// `tensor-type` for the label tensor.
enum LabelRules {
    static func check(_ label: MapValue, context: RecordContext, sink: inout some FindingSink) {
        let scope = context.scope
        switch label {
        case .missing:
            if scope.profile.requiresLabel(in: scope.channel) {
                let algorithm = scope.configuration.algorithm.rawValue
                context.report(
                    .missingLabel, to: &sink,
                    message: scope.channel.map {
                        "has no label[\"values\"], and \(algorithm) needs labels in the \($0.rawValue) channel"
                    } ?? "has no label[\"values\"], and \(algorithm) trains on labels")
            }
        case .unsupported(let kind):
            context.report(
                .labelShape, to: &sink,
                message: "has a label of kind \(kind.rawValue); a one-value Float32Tensor was expected",
                value: kind.rawValue)
        case .tensor(let tensor):
            FeatureRules.checkType(of: tensor, role: "label", context: context, sink: &sink)
            guard tensor.values.count == 1 else {
                context.report(
                    .labelShape, to: &sink,
                    message: "has a label with \(tensor.values.count) values; exactly 1 was expected",
                    expected: 1, actual: tensor.values.count)
                return
            }
            let value = tensor.values.double(at: 0)
            guard value.isFinite else {
                let shown = NonFiniteScan.describe(value)
                context.report(.labelNonFinite, to: &sink, message: "has label \(shown)", value: shown)
                return
            }
            if let domain = scope.labelDomain, !domain.contains(value) {
                context.report(
                    .labelDomain, to: &sink,
                    message: "has label \(describe(value)); expected \(domain.explanation)",
                    value: describe(value))
            }
        }
    }

    /// A label value as users wrote it: `2` rather than `2.0` for whole numbers.
    static func describe(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
