import Foundation
import RecordLint
import Testing

/// `convert --algorithm` and `--hyperparameters`: the label and tensor-type rules `check` applies,
/// applied to the rows, so the finding names the line and nothing is written.
@Suite("convert --algorithm, --hyperparameters")
struct ConvertAlgorithmTests {
    private func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        try writeTemporary(Array(text.utf8), name: name, in: directory)
    }

    @Test func labelsOutsideThePredictorTypesDomainAreFindingsWithLineAndColumn() throws {
        try withTemporaryDirectory { directory in
            let csv = try write("1,0.5,2\n2,1,1\n0,3,3\n", "a.csv", in: directory)
            let libsvm = try write("1 1:0.5\n-1 2:1\n", "a.libsvm", in: directory)
            let hyperparameters = try write(
                #"{"predictor_type": "binary_classifier", "feature_dim": "2"}"#, "hp.json", in: directory)
            let output = directory.appendingPathComponent("out.pbr").path
            let run = try recordlint(
                ["convert", csv, "-o", output, "--algorithm", "linear-learner", "--hyperparameters", hyperparameters])
            #expect(run.status == 1)
            #expect(
                run.output
                    == "\(csv):2:1: error: the label is 2; linear-learner expects 0 or 1 for a binary classifier [label-domain]\n"
            )
            let sparse = try recordlint(
                ["convert", libsvm, "-o", output, "--algorithm", "linear-learner", "--hyperparameters", hyperparameters])
            #expect(sparse.status == 1)
            #expect(sparse.output.hasPrefix("\(libsvm):2:1: error: the label is -1; linear-learner expects 0 or 1"))
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    @Test func multiclassLabelsAreCheckedAgainstNumClassesAndBadRowsCanBeSkipped() throws {
        try withTemporaryDirectory { directory in
            let csv = try write("0,1,2\n3,1,2\n2,5,5\n", "m.csv", in: directory)
            let hyperparameters = try write(
                #"{"predictor_type": "multiclass_classifier", "num_classes": "3", "feature_dim": "2"}"#, "hp.json",
                in: directory)
            let output = directory.appendingPathComponent("m.pbr").path
            let run = try recordlint(
                [
                    "convert", csv, "-o", output, "--algorithm", "linear-learner", "--hyperparameters", hyperparameters,
                    "--skip-bad-rows",
                ])
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output.contains("\(csv):2:1: error: the label is 3; linear-learner expects an integer from 0 to 2"))
            var expected = RecordWriter()
            expected.append(.dense([1, 2], label: 0))
            expected.append(.dense([5, 5], label: 2))
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: output))) == expected.bytes)
        }
    }

    @Test func whatTheAlgorithmCannotReadIsRefusedBeforeAnyRow() throws {
        try withTemporaryDirectory { directory in
            let csv = try write("1,0.5,2\n", "a.csv", in: directory)
            let output = directory.appendingPathComponent("out.pbr").path
            let unlabelled = try recordlint(
                ["convert", csv, "-o", output, "--algorithm", "factorization-machines", "--label-column", "none"])
            #expect(unlabelled.status == 2)
            #expect(unlabelled.errors.contains("factorization-machines trains on labels"))
            let float64 = try recordlint(["convert", csv, "-o", output, "--algorithm", "linear-learner", "--dtype", "float64"])
            #expect(float64.status == 2)
            #expect(float64.errors.contains("linear-learner reads only Float32Tensor; this would write Float64Tensor"))
            let kmeans = try recordlint(
                ["convert", csv, "-o", output, "--algorithm", "kmeans", "--label-column", "none", "--dtype", "float64"])
            #expect(kmeans.status == 0, "k-means takes unlabelled Float64 rows: \(kmeans.errors)")
        }
    }

    @Test func hyperparameterErrorsStopTheConversionAndFeatureDimComesFromTheFile() throws {
        try withTemporaryDirectory { directory in
            let csv = try write("1,0.5,2\n0,1,1\n", "a.csv", in: directory)
            let bad = try write(#"{"predictor_type": "bogus"}"#, "bad.json", in: directory)
            let three = try write(#"{"predictor_type": "regressor", "feature_dim": "3"}"#, "three.json", in: directory)
            let output = directory.appendingPathComponent("out.pbr").path
            let refused = try recordlint([
                "convert", csv, "-o", output, "--algorithm", "linear-learner", "--hyperparameters", bad,
            ])
            #expect(refused.status == 1)
            #expect(refused.output.hasPrefix("\(bad): error[invalid-hyperparameter]: predictor_type is \"bogus\""))
            #expect(refused.errors.contains("nothing converted"))
            let wrongWidth = try recordlint(
                ["convert", csv, "-o", output, "--algorithm", "linear-learner", "--hyperparameters", three])
            #expect(wrongWidth.status == 1)
            #expect(wrongWidth.output.contains("\(csv):1: error: the row has 3 columns, expected 4 [column-count]"))
            #expect(!FileManager.default.fileExists(atPath: output))
            let missing = try recordlint(
                [
                    "convert", csv, "-o", output, "--algorithm", "linear-learner", "--hyperparameters",
                    directory.appendingPathComponent("nope.json").path,
                ])
            #expect(missing.status == 2)
            // Without --algorithm the file's keys name it (predictor_type: linear-learner here), or it is a usage error.
            let inferred = try recordlint(["convert", csv, "-o", output, "--hyperparameters", three])
            #expect(inferred.status == 1)
            #expect(inferred.errors.contains("--algorithm linear-learner inferred from"), "\(inferred.errors)")
            let unknown = try write(#"{"feature_dim": "2"}"#, "plain.json", in: directory)
            let unknownRun = try recordlint(["convert", csv, "-o", output, "--hyperparameters", unknown])
            #expect(unknownRun.status == 64)
            #expect(unknownRun.errors.contains("cannot tell the algorithm"), "\(unknownRun.errors)")
        }
    }
}
