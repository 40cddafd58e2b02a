"""The vector runner: kind detection, counting, exit status (on small synthetic files)."""

from __future__ import annotations

import gzip
import json
import lzma
from pathlib import Path
from typing import Any

import pytest

from crypto.mls.testvectors.__main__ import main
from crypto.mls.testvectors.kinds import KINDS, detect_kind
from crypto.mls.testvectors.runner import run_file

_TREE_MATH_OK = {
    "n_leaves": 2,
    "n_nodes": 3,
    "root": 1,
    "left": [None, 0, None],
    "right": [None, 2, None],
    "parent": [1, None, 1],
    "sibling": [2, None, 0],
}


def _write(tmp_path: Path, name: str, content: Any) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_passing_file_prints_counts_and_exits_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "any-name.json", [_TREE_MATH_OK])
    assert main([str(path)]) == 0
    assert capsys.readouterr().out == "any-name.json: 1 passed, 0 failed, 0 unsupported\n"


def test_failing_case_is_counted_and_exit_is_nonzero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = dict(_TREE_MATH_OK, root=2)
    path = _write(tmp_path, "t.json", [_TREE_MATH_OK, wrong])
    assert main(["-v", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("t.json: 1 passed, 1 failed, 0 unsupported\n")
    assert "case 1" in out
    assert "root" in out


def test_other_suites_count_as_unsupported(tmp_path: Path) -> None:
    case = {"cipher_suite": 7, "psks": [], "psk_secret": "00"}
    result = run_file(_write(tmp_path, "p.json", [case]))
    assert (result.passed, result.failed, result.unsupported) == (0, 0, 1)
    assert result.unsupported_suites == {7}


@pytest.mark.parametrize("content", ["not json", "[]", "{}", '["x"]', '[{"unknown": 1}]'])
def test_unreadable_or_unrecognised_files_fail(tmp_path: Path, content: str) -> None:
    result = run_file(_write(tmp_path, "bad.json", content))
    assert result.failed > 0
    assert result.failures


@pytest.mark.parametrize(("suffix", "compress"), [(".xz", lzma.compress), (".gz", gzip.compress)])
def test_compressed_files_are_read_and_named_without_the_suffix(
    tmp_path: Path, suffix: str, compress: Any
) -> None:
    path = tmp_path / f"tree-math.json{suffix}"
    path.write_bytes(compress(json.dumps([_TREE_MATH_OK]).encode()))
    result = run_file(path)
    assert (result.name, result.passed, result.failed) == ("tree-math.json", 1, 0)


@pytest.mark.parametrize("suffix", [".xz", ".gz"])
def test_a_damaged_compressed_file_fails_with_a_reason(tmp_path: Path, suffix: str) -> None:
    whole = (lzma.compress if suffix == ".xz" else gzip.compress)(b"[" + b"{}," * 1000 + b"{}]")
    path = tmp_path / f"t.json{suffix}"
    path.write_bytes(whole[: len(whole) // 2])
    result = run_file(path)
    assert result.failed == 1
    assert result.failures[0].startswith("cannot read file")


def test_missing_file_fails(tmp_path: Path) -> None:
    assert main([str(tmp_path / "absent.json")]) == 1


def test_detection_uses_fields_not_names() -> None:
    assert detect_kind(_TREE_MATH_OK) is not None
    assert detect_kind({"vlbytes_header": "00", "length": 0}) is not None
    assert detect_kind({"nothing": 1}) is None
    assert len({kind.name for kind in KINDS}) == len(KINDS)
    for kind in KINDS:
        assert callable(kind.checker())
