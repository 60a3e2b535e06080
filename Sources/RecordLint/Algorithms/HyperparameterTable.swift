/// The hyperparameters one algorithm takes, as data (HYPERPARAMETERS.md).
/// Where the developer guide and the SageMaker Python SDK disagree, a value
/// either accepts is accepted.
struct HyperparameterTable: Sendable {
    let specs: [HyperparameterSpec]
    /// The SDK's Python argument names that are sent under another name.
    let aliases: [String: String]
    let rules: [CrossFieldRule]
    /// Whether keys outside the table are let through (the generic profile).
    let acceptsUnknownKeys: Bool

    init(
        _ specs: [HyperparameterSpec], aliases: [String: String] = [:], rules: [CrossFieldRule] = [],
        acceptsUnknownKeys: Bool = false
    ) {
        self.specs = specs
        self.aliases = aliases
        self.rules = rules
        self.acceptsUnknownKeys = acceptsUnknownKeys
    }

    func spec(named name: String) -> HyperparameterSpec? { specs.first { $0.name == name } }

    /// The SDK's base estimator defines these two for every algorithm.
    static let base = [
        HyperparameterSpec("feature_dim", .positiveInt),
        HyperparameterSpec("mini_batch_size", .positiveInt),
    ]

    static func of(_ algorithm: Algorithm) -> HyperparameterTable {
        switch algorithm {
        case .linearLearner: linearLearner
        case .factorizationMachines: factorizationMachines
        case .kmeans: kmeans
        case .pca: pca
        case .knn: knn
        case .ntm: ntm
        case .lda: lda
        case .randomCutForest: randomCutForest
        case .generic: HyperparameterTable(base, acceptsUnknownKeys: true)
        }
    }

    // ll_hyperparameters. feature_dim: old docs required, current docs allow auto.
    static let linearLearner = HyperparameterTable(
        [
            HyperparameterSpec("feature_dim", .positiveInt, .auto),
            HyperparameterSpec(
                "predictor_type", .oneOf(["binary_classifier", "multiclass_classifier", "regressor"]), required: true),
            HyperparameterSpec("num_classes", .int(min: 3, max: 1_000_000)),
            // The SDK caps it at 1,000,000; the docs do not: either is accepted.
            HyperparameterSpec("accuracy_top_k", .positiveInt),
            HyperparameterSpec("balance_multiclass_weights", .boolean),
            HyperparameterSpec("beta_1", .auto, .fraction()),
            HyperparameterSpec("beta_2", .auto, .fraction()),
            HyperparameterSpec("bias_lr_mult", .auto, .positiveFloat),
            HyperparameterSpec("bias_wd_mult", .auto, .nonNegativeFloat),
            // The docs list five criteria; the SDK also takes f1 and cross_entropy_loss.
            HyperparameterSpec(
                "binary_classifier_model_selection_criteria",
                .oneOf([
                    "accuracy", "f_beta", "precision_at_target_recall", "recall_at_target_precision", "loss_function", "f1",
                    "cross_entropy_loss",
                ])),
            HyperparameterSpec("early_stopping_patience", .positiveInt),
            HyperparameterSpec("early_stopping_tolerance", .positiveFloat),
            HyperparameterSpec("epochs", .positiveInt),
            HyperparameterSpec("f_beta", .positiveFloat),
            HyperparameterSpec("huber_delta", .nonNegativeFloat),
            HyperparameterSpec("init_bias", .anyFloat),
            HyperparameterSpec("init_method", .oneOf(["uniform", "normal"])),
            HyperparameterSpec("init_scale", .positiveFloat),
            HyperparameterSpec("init_sigma", .positiveFloat),
            HyperparameterSpec("l1", .auto, .nonNegativeFloat),
            HyperparameterSpec("wd", .auto, .nonNegativeFloat),
            HyperparameterSpec("learning_rate", .auto, .positiveFloat),
            HyperparameterSpec(
                "loss",
                .oneOf([
                    "logistic", "squared_loss", "absolute_loss", "hinge_loss", "eps_insensitive_squared_loss",
                    "eps_insensitive_absolute_loss", "quantile_loss", "huber_loss", "softmax_loss", "auto",
                ])),
            HyperparameterSpec("loss_insensitivity", .positiveFloat),
            HyperparameterSpec("lr_scheduler_factor", .fraction(lowExclusive: true)),
            HyperparameterSpec("lr_scheduler_minimum_lr", .positiveFloat),
            HyperparameterSpec("lr_scheduler_step", .positiveInt),
            HyperparameterSpec("margin", .nonNegativeFloat),
            HyperparameterSpec("mini_batch_size", .positiveInt),
            HyperparameterSpec("momentum", .fraction()),
            HyperparameterSpec("normalize_data", .boolean),
            HyperparameterSpec("normalize_label", .boolean),
            HyperparameterSpec("unbias_data", .boolean),
            HyperparameterSpec("unbias_label", .boolean),
            HyperparameterSpec("use_bias", .boolean),
            HyperparameterSpec("use_lr_scheduler", .boolean),
            HyperparameterSpec("num_calibration_samples", .positiveInt),
            HyperparameterSpec("num_models", .auto, .positiveInt),
            HyperparameterSpec("num_point_for_scaler", .positiveInt),
            HyperparameterSpec("optimizer", .oneOf(["sgd", "adam", "rmsprop", "auto"])),
            HyperparameterSpec("positive_example_weight_mult", .positiveFloat, .oneOf(["auto", "balanced"])),
            HyperparameterSpec("quantile", .fraction(lowExclusive: true)),
            HyperparameterSpec("target_precision", .fraction(lowExclusive: true)),
            HyperparameterSpec("target_recall", .fraction(lowExclusive: true)),
        ],
        rules: [
            .requiredWhen(name: "num_classes", key: "predictor_type", values: ["multiclass_classifier"], exclusive: true),
            .onlyWhen(
                name: "target_recall", key: "binary_classifier_model_selection_criteria", values: ["precision_at_target_recall"]),
            .onlyWhen(
                name: "target_precision", key: "binary_classifier_model_selection_criteria",
                values: ["recall_at_target_precision"]),
            .onlyWhen(name: "beta_1", key: "optimizer", values: ["adam"]),
            .onlyWhen(name: "beta_2", key: "optimizer", values: ["adam"]),
        ])

    // fact-machines-hyperparameters
    static let factorizationMachines = HyperparameterTable(
        [
            HyperparameterSpec("feature_dim", .positiveInt, required: true),
            HyperparameterSpec("num_factors", .positiveInt, required: true),
            HyperparameterSpec("predictor_type", .oneOf(["binary_classifier", "regressor"]), required: true),
            HyperparameterSpec("mini_batch_size", .positiveInt),
            HyperparameterSpec("epochs", .positiveInt),
            HyperparameterSpec("clip_gradient", .anyFloat),
            HyperparameterSpec("eps", .anyFloat),
            HyperparameterSpec("rescale_grad", .anyFloat),
        ]
            + ["bias", "linear", "factors"].flatMap { term in
                [
                    HyperparameterSpec("\(term)_init_method", .oneOf(["uniform", "normal", "constant"])),
                    HyperparameterSpec("\(term)_init_scale", .nonNegativeFloat),
                    HyperparameterSpec("\(term)_init_sigma", .nonNegativeFloat),
                    HyperparameterSpec("\(term)_init_value", .anyFloat),
                    HyperparameterSpec("\(term)_lr", .nonNegativeFloat),
                    HyperparameterSpec("\(term)_wd", .nonNegativeFloat),
                ]
            })

    // k-means-api-config. The SDK sends force_dense="True" and renames four arguments.
    static let kmeans = HyperparameterTable(
        [
            HyperparameterSpec("feature_dim", .positiveInt, required: true),
            // The docs say positive; the SDK demands k > 1: accept what either accepts.
            HyperparameterSpec("k", .positiveInt, required: true),
            HyperparameterSpec("mini_batch_size", .positiveInt),
            HyperparameterSpec("epochs", .positiveInt),
            HyperparameterSpec("eval_metrics", .jsonList(["msd", "ssd"])),
            HyperparameterSpec("extra_center_factor", .auto, .positiveInt),
            HyperparameterSpec("half_life_time_size", .nonNegativeInt),
            HyperparameterSpec("init_method", .oneOf(["random", "kmeans++"])),
            HyperparameterSpec("local_lloyd_init_method", .oneOf(["random", "kmeans++"])),
            HyperparameterSpec("local_lloyd_max_iter", .positiveInt),
            HyperparameterSpec("local_lloyd_num_trials", .auto, .positiveInt),
            HyperparameterSpec("local_lloyd_tol", .fraction(highExclusive: false)),
            HyperparameterSpec("force_dense", .boolean),
        ],
        aliases: [
            "max_iterations": "local_lloyd_max_iter", "tol": "local_lloyd_tol", "num_trials": "local_lloyd_num_trials",
            "center_factor": "extra_center_factor",
        ])

    // PCA-reference
    static let pca = HyperparameterTable([
        HyperparameterSpec("feature_dim", .positiveInt, required: true),
        HyperparameterSpec("mini_batch_size", .positiveInt, required: true),
        HyperparameterSpec("num_components", .positiveInt, required: true),
        HyperparameterSpec("algorithm_mode", .oneOf(["regular", "randomized"])),
        HyperparameterSpec("extra_components", .int(min: -1)),
        HyperparameterSpec("subtract_mean", .boolean),
    ])

    // kNN_hyperparameters
    static let knn = HyperparameterTable(
        [
            HyperparameterSpec("feature_dim", .positiveInt, required: true),
            HyperparameterSpec("k", .positiveInt, required: true),
            HyperparameterSpec("sample_size", .positiveInt, required: true),
            HyperparameterSpec("predictor_type", .oneOf(["classifier", "regressor"]), required: true),
            HyperparameterSpec("mini_batch_size", .positiveInt),
            HyperparameterSpec("dimension_reduction_type", .oneOf(["sign", "fjlt"])),
            HyperparameterSpec("dimension_reduction_target", .positiveInt),
            HyperparameterSpec("faiss_index_ivf_nlists", .auto, .positiveInt),
            HyperparameterSpec(
                "faiss_index_pq_m",
                .oneOf(["1", "2", "3", "4", "8", "12", "16", "20", "24", "28", "32", "40", "48", "56", "64", "96"])),
            HyperparameterSpec("index_metric", .oneOf(["L2", "INNER_PRODUCT", "COSINE"])),
            HyperparameterSpec("index_type", .oneOf(["faiss.Flat", "faiss.IVFFlat", "faiss.IVFPQ"])),
        ],
        rules: [
            .requiredWhen(
                name: "dimension_reduction_target", key: "dimension_reduction_type", values: ["sign", "fjlt"], exclusive: false),
            .lessThan(name: "dimension_reduction_target", other: "feature_dim"),
        ])

    // ntm_hyperparameters
    static let ntm = HyperparameterTable([
        HyperparameterSpec("feature_dim", .int(min: 1, max: 1_000_000), required: true),
        HyperparameterSpec("num_topics", .int(min: 2, max: 1000), required: true),
        HyperparameterSpec("batch_norm", .boolean),
        HyperparameterSpec("clip_gradient", .float(min: 1e-3, max: nil, minExclusive: false, maxExclusive: false)),
        HyperparameterSpec("encoder_layers", .auto, .integerList),
        HyperparameterSpec("encoder_layers_activation", .oneOf(["sigmoid", "tanh", "relu"])),
        HyperparameterSpec("epochs", .positiveInt),
        HyperparameterSpec("learning_rate", .float(min: 1e-6, max: 1, minExclusive: false, maxExclusive: false)),
        HyperparameterSpec("mini_batch_size", .int(min: 1, max: 10_000)),
        HyperparameterSpec("num_patience_epochs", .positiveInt),
        HyperparameterSpec("optimizer", .oneOf(["sgd", "adam", "adagrad", "rmsprop", "adadelta"])),
        HyperparameterSpec("rescale_gradient", .float(min: 1e-3, max: 1, minExclusive: false, maxExclusive: false)),
        HyperparameterSpec("sub_sample", .fraction(highExclusive: false)),
        // The SDK bounds these (1e-6…0.1, 0…1); the docs give no range, so any number passes.
        HyperparameterSpec("tolerance", .anyFloat),
        HyperparameterSpec("weight_decay", .anyFloat),
    ])

    // lda_hyperparameters: mini_batch_size is the number of documents in the corpus.
    static let lda = HyperparameterTable([
        HyperparameterSpec("num_topics", .positiveInt, required: true),
        HyperparameterSpec("feature_dim", .positiveInt, required: true),
        HyperparameterSpec("mini_batch_size", .positiveInt, required: true),
        HyperparameterSpec("alpha0", .positiveFloat),
        HyperparameterSpec("max_restarts", .positiveInt),
        HyperparameterSpec("max_iterations", .positiveInt),
        HyperparameterSpec("tol", .positiveFloat),
    ])

    // rcf_hyperparameters
    static let randomCutForest = HyperparameterTable([
        HyperparameterSpec("feature_dim", .int(min: 1, max: 10_000), required: true),
        HyperparameterSpec("eval_metrics", .jsonList(["accuracy", "precision_recall_fscore"])),
        HyperparameterSpec("num_samples_per_tree", .int(min: 1, max: 2048)),
        HyperparameterSpec("num_trees", .int(min: 50, max: 1000)),
        HyperparameterSpec("mini_batch_size", .positiveInt),
    ])
}
