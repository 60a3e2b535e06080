"""`recordlint.check`: runs `recordlint check --format json` and returns its report as objects."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from recordlint._find_recordlint import find_recordlint_bin

PathLike = Union[str, "os.PathLike[str]"]

# Exit statuses (SPEC.md): 0 clean, 1 findings, 2 something could not be checked, 64 bad command line.
_USAGE = 64


class RecordLintError(Exception):
    """The command failed in a way that is not a finding (an unexpected exit status, bad output)."""


class UsageError(RecordLintError, ValueError):
    """The arguments were refused (exit 64); the message is recordlint's."""


class CheckFailed(RecordLintError):
    """`Report.raise_for_errors()`: the data has error findings (or warnings, with strict)."""

    def __init__(self, message: str, report: "Report") -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    file: str
    message: str
    record: Optional[int] = None
    offset: Optional[int] = None
    uid: Optional[str] = None
    expected: Any = None
    actual: Any = None
    position: Optional[int] = None
    key: Optional[int] = None
    value: Any = None
    hyperparameter: Optional[str] = None
    suggestion: Optional[str] = None
    extra: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def _from_json(cls, obj: Mapping[str, Any]) -> "Finding":
        known = {name for name in cls.__dataclass_fields__ if name != "extra"}
        return cls(**{k: v for k, v in obj.items() if k in known},
                   extra={k: v for k, v in obj.items() if k not in known})


@dataclass(frozen=True)
class FileResult:
    path: str
    bytes: int
    records: int
    errors: int
    warnings: int
    dimensions: Dict[int, int]

    @classmethod
    def _from_json(cls, obj: Mapping[str, Any]) -> "FileResult":
        return cls(path=obj["path"], bytes=obj["bytes"], records=obj["records"], errors=obj["errors"],
                   warnings=obj["warnings"], dimensions={int(k): v for k, v in obj.get("dimensions", {}).items()})


@dataclass(frozen=True)
class Summary:
    files: int
    records: int
    bytes: int
    errors: int
    warnings: int
    listed: int
    truncated: bool
    seconds: float
    rules: Dict[str, int]

    @classmethod
    def _from_json(cls, obj: Mapping[str, Any]) -> "Summary":
        return cls(files=obj["files"], records=obj["records"], bytes=obj["bytes"], errors=obj["errors"],
                   warnings=obj["warnings"], listed=obj["listed"], truncated=obj["truncated"],
                   seconds=obj["seconds"], rules=dict(obj.get("rules", {})))


@dataclass(frozen=True)
class Report:
    """What `recordlint check --format json` reports (SPEC.md, "JSON report")."""

    version: int
    settings: Dict[str, Any]
    files: List[FileResult]
    findings: List[Finding]
    hints: List[str]
    summary: Summary
    exit_status: int
    #: Every offending record, from `--indices-out`: complete whatever `max_findings` listed.
    _offending: Dict[str, List[int]] = field(repr=False, default_factory=dict)

    @property
    def ok(self) -> bool:
        """No error findings (no findings at all with strict): the command's exit status 0."""
        return self.exit_status == 0

    def offending_records(self) -> Dict[str, List[int]]:
        """`{path: [record indices]}` of every offending record, in file order."""
        return {path: list(indices) for path, indices in self._offending.items()}

    def raise_for_errors(self, limit: int = 10) -> None:
        """Raises `CheckFailed` naming the first offending records unless the report is ok."""
        if self.ok:
            return
        s = self.summary
        lines = [f"recordlint: {s.errors} error{'s' * (s.errors != 1)}, "
                 f"{s.warnings} warning{'s' * (s.warnings != 1)} in {s.files} file{'s' * (s.files != 1)}"]
        offending = [(path, i) for path, indices in self._offending.items() for i in indices]
        if offending:
            first = ", ".join(f"{path} record {i}" for path, i in offending[:limit])
            more = f" and {len(offending) - limit} more" if len(offending) > limit else ""
            lines.append(f"offending records: {first}{more}")
        lines += [f"  {f.file}: {f.message} [{f.rule}]" for f in self.findings[:limit]]
        lines += [f"hint: {h}" for h in self.hints]
        raise CheckFailed("\n".join(lines), self)


def check(
    paths: Union[PathLike, Iterable[PathLike]],
    *,
    feature_dim: Optional[int] = None,
    algorithm: Optional[str] = None,
    hyperparameters: Union[PathLike, Mapping[str, Any], None] = None,
    strict: bool = False,
    max_findings: Optional[int] = None,
    jobs: Optional[int] = None,
    chunk_size: Union[int, str, None] = None,
    shard: Optional[Tuple[int, int]] = None,
    config: Optional[PathLike] = None,
) -> Report:
    """Checks files and directories as `recordlint check` does and returns the report.

    `hyperparameters` is a JSON file's path or a mapping (as in CreateTrainingJob). A
    configuration file (`recordlint.toml`) is read only when `config` names one: the arguments
    say everything, whatever directory the notebook runs in. Raises
    `FileNotFoundError` for a path that does not exist, `OSError` for one that cannot be read,
    `UsageError` (a `ValueError`) for arguments recordlint refuses, and `TypeError` for arguments
    of the wrong type. Findings in the data are not exceptions: see `Report.ok` and
    `Report.raise_for_errors()`.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    path_list = [os.fspath(p) for p in paths]
    if not all(isinstance(p, str) for p in path_list):
        raise TypeError("paths are str or os.PathLike[str]")
    args: List[str] = []
    for name, value in (("--feature-dim", feature_dim), ("--max-findings", max_findings), ("--jobs", jobs)):
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name[2:].replace('-', '_')} must be an int, not {type(value).__name__}")
            args += [name, str(value)]
    if algorithm is not None:
        args += ["--algorithm", str(algorithm)]
    if chunk_size is not None:
        args += ["--chunk-size", str(chunk_size)]
    if shard is not None:
        args += ["--shard", f"{shard[0]}/{shard[1]}"]
    if strict:
        args.append("--strict")
    args += ["--config", os.fspath(config)] if config is not None else ["--no-config"]
    with tempfile.TemporaryDirectory(prefix="recordlint-") as scratch:
        if isinstance(hyperparameters, Mapping):
            hp_path = os.path.join(scratch, "hyperparameters.json")
            with open(hp_path, "w", encoding="utf-8") as out:
                json.dump(dict(hyperparameters), out)
            args += ["--hyperparameters", hp_path]
        elif hyperparameters is not None:
            args += ["--hyperparameters", os.fspath(hyperparameters)]
        indices = os.path.join(scratch, "indices.tsv")
        command = [find_recordlint_bin(), "check", "--format", "json", "--no-progress",
                   "--indices-out", indices, *args, "--", *path_list]
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True)
        stderr = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode == _USAGE:
            message = []
            for line in stderr.splitlines():
                if line.startswith("Usage:"):
                    break
                message.append(line.removeprefix("Error: ").strip())
            raise UsageError(" ".join(message) or "recordlint refused the arguments")
        try:
            obj = json.loads(done.stdout)
        except ValueError:
            raise RecordLintError(f"recordlint exited {done.returncode}: {stderr}") from None
        _raise_unchecked(obj.get("unchecked", []), stderr)
        if done.returncode not in (0, 1):
            raise RecordLintError(f"recordlint exited {done.returncode}: {stderr}")
        offending: Dict[str, List[int]] = {}
        if os.path.exists(indices):
            with open(indices, encoding="utf-8", errors="surrogateescape") as lines:
                for line in lines:
                    path, _, index = line.rstrip("\n").rpartition("\t")
                    offending.setdefault(path, []).append(int(index))
    return Report(
        version=obj["version"],
        settings=obj["settings"],
        files=[FileResult._from_json(f) for f in obj["files"]],
        findings=[Finding._from_json(f) for f in obj["findings"]],
        hints=list(obj.get("hints", [])),
        summary=Summary._from_json(obj["summary"]),
        exit_status=done.returncode,
        _offending=offending,
    )


def _raise_unchecked(unchecked: List[Mapping[str, str]], stderr: str) -> None:
    if not unchecked:
        return
    missing = [u["path"] for u in unchecked if u.get("reason") == "no such file or directory"]
    if len(missing) == len(unchecked):
        raise FileNotFoundError(errno.ENOENT, "recordlint: no such file or directory", ", ".join(missing))
    raise OSError("recordlint could not check " + "; ".join(f"{u['path']}: {u.get('reason')}" for u in unchecked))
