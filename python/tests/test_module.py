"""recordlint.check and its Report, against SampleData (see SampleData/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

import recordlint


def test_offending_records_of_sample_data(sample: Path) -> None:
    files = [sample / n for n in ("clean-dense.rec", "mnist-785.rec", "nan-values.rec", "truncated.rec")]
    report = recordlint.check(files, feature_dim=784)
    assert not report.ok and report.exit_status == 1
    assert report.offending_records() == {
        str(sample / "mnist-785.rec"): [7, 23],
        str(sample / "nan-values.rec"): [4, 12],
        str(sample / "truncated.rec"): [9],
    }
    assert [f.path for f in report.files] == [str(f) for f in files]
    assert report.files[1].dimensions == {784: 38, 785: 2}
    assert report.summary.files == 4 and report.summary.errors == 5
    mismatch = [f for f in report.findings if f.rule == "dimension-mismatch"]
    assert [(f.record, f.expected, f.actual) for f in mismatch] == [(7, 784, 785), (23, 784, 785)]
    assert any("label" in hint for hint in report.hints), report.hints
    assert report.settings["featureDim"] == 784


def test_offending_records_are_complete_whatever_max_findings(sample: Path) -> None:
    report = recordlint.check(sample / "sparse-out-of-range.rec", feature_dim=784, max_findings=1)
    assert len(report.findings) == 1 and report.summary.truncated
    assert len(report.offending_records()[str(sample / "sparse-out-of-range.rec")]) == 31


def test_raise_for_errors_names_the_first_offending_records(sample: Path) -> None:
    report = recordlint.check([sample / "mnist-785.rec"], feature_dim=784)
    with pytest.raises(recordlint.CheckFailed) as raised:
        report.raise_for_errors()
    message = str(raised.value)
    assert "2 errors" in message
    assert f"{sample / 'mnist-785.rec'} record 7, {sample / 'mnist-785.rec'} record 23" in message
    assert raised.value.report is report


def test_a_clean_file_is_ok(sample: Path) -> None:
    report = recordlint.check(str(sample / "clean-dense.rec"), feature_dim=784)
    assert report.ok and report.findings == [] and report.offending_records() == {}
    report.raise_for_errors()


def test_hyperparameters_as_a_mapping(sample: Path) -> None:
    # A hyperparameters mapping is written to a file for --hyperparameters; feature_dim comes from it.
    hp = {"feature_dim": "785", "predictor_type": "binary_classifier"}
    report = recordlint.check(sample / "clean-dense.rec", algorithm="linear-learner", hyperparameters=hp)
    assert report.settings["featureDim"] == 785
    assert not report.ok
    assert {f.rule for f in report.findings} >= {"dimension-mismatch"}


def test_a_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as raised:
        recordlint.check(tmp_path / "nope.rec")
    assert raised.value.filename == str(tmp_path / "nope.rec")


def test_bad_arguments_are_value_errors_with_recordlints_message(sample: Path) -> None:
    with pytest.raises(ValueError, match="--feature-dim must be a positive integer"):
        recordlint.check(sample / "clean-dense.rec", feature_dim=0)
    with pytest.raises(ValueError, match="xgboost"):
        recordlint.check(sample / "clean-dense.rec", algorithm="xgboost")
    with pytest.raises(TypeError, match="feature_dim must be an int"):
        recordlint.check(sample / "clean-dense.rec", feature_dim="784")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        recordlint.check([])


def test_a_configuration_file_is_read_only_when_named(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "recordlint.toml").write_text("feature-dim = 785\n")
    monkeypatch.chdir(tmp_path)
    path = sample / "clean-dense.rec"
    assert recordlint.check(path).ok, "a recordlint.toml in the working directory is not read unasked"
    named = recordlint.check(path, config=tmp_path / "recordlint.toml")
    assert not named.ok and named.settings["featureDim"] == 785
