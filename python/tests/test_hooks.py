"""The hooks as shipped: .pre-commit-hooks.yaml through `pre-commit try-repo`, the git pre-commit
recipe (Scripts/hooks/pre-commit) and the aws function (Scripts/hooks/aws-precheck.bash)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "RECORDLINT_ARGS": "--feature-dim 784"}


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, text=True, check=check)


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    work = tmp_path / "data repo"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    (work / "README").write_text("data\n")
    git(work, "add", "README")
    git(work, "commit", "-q", "-m", "start")
    return work


def pre_commit_try_repo(repo: Path, work: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["pre-commit", "try-repo", str(repo), "recordlint", "--verbose"], cwd=work,
                          env={**ENV, "PRE_COMMIT_HOME": str(work.parent / "pre-commit-home")},
                          capture_output=True, text=True)


def test_pre_commit_try_repo_blocks_a_bad_file_and_passes_a_clean_one(repo: Path, sample: Path, scratch: Path) -> None:
    shutil.copy(sample / "truncated.rec", scratch / "train file.rec")
    (scratch / "notes.json").write_text("{}")
    git(scratch, "add", "-A")
    bad = pre_commit_try_repo(repo, scratch)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "train file.rec" in bad.stdout and "truncated" in bad.stdout, bad.stdout
    git(scratch, "rm", "-q", "--cached", "train file.rec")
    (scratch / "train file.rec").unlink()
    shutil.copy(sample / "clean-dense.rec", scratch / "clean.recordio")
    git(scratch, "add", "-A")
    clean = pre_commit_try_repo(repo, scratch)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout


def test_pre_commit_args_reach_recordlint_and_block_the_commit(repo: Path, sample: Path, scratch: Path) -> None:
    rev = git(repo, "rev-parse", "HEAD").stdout.strip()
    (scratch / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: recordlint\n"
        '        args: [--feature-dim, "784", --]\n')
    env = {**ENV, "PRE_COMMIT_HOME": str(scratch.parent / "pre-commit-home")}
    subprocess.run(["pre-commit", "install"], cwd=scratch, env=env, check=True, capture_output=True)
    shutil.copy(sample / "mnist-785.rec", scratch / "-mnist.pbr")  # a name that looks like an option
    git(scratch, "add", "-A")
    refused = subprocess.run(["git", "commit", "-q", "-m", "data"], cwd=scratch, env=env, capture_output=True, text=True)
    assert refused.returncode != 0
    assert "record 7 (offset 22288): error[dimension-mismatch]: has 785 feature values, feature_dim is 784" in refused.stdout + refused.stderr
    git(scratch, "rm", "-q", "--cached", "--", "-mnist.pbr")
    (scratch / "-mnist.pbr").unlink()
    shutil.copy(sample / "clean-dense.rec", scratch / "clean.pbr")
    git(scratch, "add", "-A")
    done = subprocess.run(["git", "commit", "-q", "-m", "data"], cwd=scratch, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def hooked(repo: Path, scratch: Path) -> Path:
    hooks = scratch.parent / "hooks"
    hooks.mkdir()
    shutil.copy(repo / "Scripts/hooks/pre-commit", hooks / "pre-commit")
    git(scratch, "config", "core.hooksPath", str(hooks))
    return scratch


def test_git_hook_checks_the_staged_content_not_the_working_tree(hooked: Path, sample: Path) -> None:
    name = "train data é.rec"
    shutil.copy(sample / "mnist-785.rec", hooked / name)
    git(hooked, "add", name)
    shutil.copy(sample / "clean-dense.rec", hooked / name)  # fixed on disk, not staged
    refused = git(hooked, "commit", "-q", "-m", "bad", check=False)
    assert refused.returncode != 0
    assert "record 7 (offset 22288): error[dimension-mismatch]" in refused.stdout + refused.stderr
    assert name in refused.stdout + refused.stderr
    git(hooked, "add", name)
    done = git(hooked, "commit", "-q", "-m", "clean", check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_git_hook_skips_lfs_pointers_and_other_files(hooked: Path) -> None:
    (hooked / "big.rec").write_text(
        "version https://git-lfs.github.com/spec/v1\noid sha256:" + "0" * 64 + "\nsize 318400000\n")
    (hooked / "model.py").write_text("print('not data')\n")
    git(hooked, "add", "-A")
    done = git(hooked, "commit", "-q", "-m", "lfs", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "skipping big.rec: a Git LFS pointer" in done.stderr


def aws(repo: Path, tmp_path: Path, command: str) -> tuple[subprocess.CompletedProcess, str]:
    stub_bin = tmp_path / "stub-bin"
    stub_bin.mkdir(exist_ok=True)
    log = tmp_path / "aws.log"
    (stub_bin / "aws").write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\n')
    (stub_bin / "aws").chmod(0o755)
    if log.exists():
        log.unlink()
    script = f'source "{repo}/Scripts/hooks/aws-precheck.bash"; {command}'
    env = {**ENV, "PATH": f"{stub_bin}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    return done, log.read_text() if log.exists() else ""


@pytest.fixture
def uploads(tmp_path: Path, sample: Path) -> Path:
    shutil.copy(sample / "mnist-785.rec", tmp_path / "bad.rec")
    shutil.copy(sample / "clean-dense.rec", tmp_path / "clean.rec")
    (tmp_path / "train.py").write_text("print()\n")
    (tmp_path / "hp.json").write_text("{}\n")
    (tmp_path / "bad-dir" / "part").mkdir(parents=True)
    shutil.copy(sample / "clean-dense.rec", tmp_path / "bad-dir" / "part-0.pbr")
    shutil.copy(sample / "nan-values.rec", tmp_path / "bad-dir" / "part" / "part-1.pbr")
    (tmp_path / "clean-dir").mkdir()
    shutil.copy(sample / "clean-dense.rec", tmp_path / "clean-dir" / "part-0.pbr")
    (tmp_path / "clean-dir" / "notes.json").write_text("{}")
    return tmp_path


@pytest.mark.parametrize("command", [
    "aws s3 cp bad.rec s3://bucket/train/",
    "aws s3 cp --dryrun bad.rec s3://bucket/train/",
    "aws --profile x s3 cp bad.rec s3://bucket/train/",
    "aws --region=us-east-1 --debug s3 cp --storage-class STANDARD_IA bad.rec s3://bucket/",
    "aws s3 sync bad-dir s3://bucket/train/ --exclude '*.json'",
    "aws s3 cp --recursive bad-dir s3://bucket/train/",
])
def test_aws_refuses_bad_uploads(repo: Path, uploads: Path, command: str) -> None:
    done, calls = aws(repo, uploads, command)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "recordlint: not uploading" in done.stderr
    assert calls == "", "the real aws ran"


@pytest.mark.parametrize("command", [
    "aws s3 cp clean.rec s3://bucket/train/",
    "aws --profile x s3 cp --dryrun clean.rec s3://bucket/train/",
    "aws s3 cp train.py s3://bucket/code/",
    "aws s3 cp hp.json s3://bucket/config/",
    "aws s3 sync clean-dir s3://bucket/train/",
    "aws s3 cp s3://bucket/train/bad.rec local.rec",
    "aws s3 ls s3://bucket/",
    "aws ec2 describe-instances --profile x",
])
def test_aws_lets_everything_else_through(repo: Path, uploads: Path, command: str) -> None:
    done, calls = aws(repo, uploads, command)
    assert done.returncode == 0, done.stdout + done.stderr
    assert calls.strip() == command[len("aws "):].replace("'", ""), calls
