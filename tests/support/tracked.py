"""The files git tracks in this repository, for checks that read the whole tree."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

__all__ = ["REPO_ROOT", "tracked_files"]

REPO_ROOT = Path(__file__).resolve().parents[2]


def tracked_files() -> list[Path]:
    """Every tracked file that exists in the working tree, as an absolute path."""
    git = shutil.which("git")
    assert git is not None, "the check lists tracked files with git"
    listed = subprocess.run(
        [git, "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True
    ).stdout.decode()
    paths = [REPO_ROOT / name for name in listed.split("\0") if name]
    return [path for path in paths if path.is_file()]
