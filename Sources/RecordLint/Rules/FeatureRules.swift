/// `missing-features`, `unsupported-value` and `tensor-type` for the features:
/// whether `features["values"]` holds a tensor the algorithms can read.
enum FeatureRules {
    /// The `invalid-protobuf` message for a payload that decodes neither way (one text for every command).
    static func undecodable(payloadBytes: Int, parts: Int) -> String {
        "has a \(payloadBytes)-byte payload that does not decode as aialgs.data.Record"
            + (parts > 1 ? " (its \(parts) parts joined either way)" : "")
    }

    /// Returns the feature tensor when there is one to check further.
    static func check(_ features: MapValue, context: RecordContext, sink: inout some FindingSink) -> TensorView? {
        switch features {
        case .missing:
            context.report(.missingFeatures, to: &sink, message: "has no features[\"values\"] entry")
            return nil
        case .unsupported(let kind):
            context.report(
                .unsupportedValue, to: &sink,
                message: "has features[\"values\"] of kind \(kind.rawValue); a Float32Tensor was expected",
                value: kind.rawValue)
            return nil
        case .tensor(let tensor):
            checkType(of: tensor, role: "feature", context: context, sink: &sink)
            return tensor
        }
    }

    /// `tensor-type`: the algorithms read Float32Tensor; `role` is "feature" or "label".
    static func checkType(of tensor: TensorView, role: String, context: RecordContext, sink: inout some FindingSink) {
        guard tensor.kind != .float32 else { return }
        context.report(
            .tensorType, to: &sink,
            message:
                "has \(tensor.kind.withArticle) \(role) tensor; \(context.configuration.algorithm.rawValue) reads Float32Tensor",
            value: tensor.kind.rawValue)
    }
}
