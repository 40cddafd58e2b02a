"""The vector files in ``tests/data/vectors`` are exactly the published ones.

Each file decompresses to the bytes whose SHA-256 ``SHA256SUMS`` records (see
``tests/data/README.md`` for where they come from). A truncated, edited or
missing file fails here, with the file's name.
"""

from __future__ import annotations

import hashlib
import lzma

import pytest

from tests.vectors.loader import DATA_DIR, vector_path

pytestmark = pytest.mark.vectors


def _manifest() -> list[tuple[str, str]]:
    lines = (DATA_DIR / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    return [(name, digest) for digest, name in (line.split() for line in lines if line)]


def test_manifest_names_every_vector_file_kept() -> None:
    kept = {str(path.relative_to(DATA_DIR)).removesuffix(".xz") for path in DATA_DIR.rglob("*.xz")}
    assert kept == {name for name, _ in _manifest()}


@pytest.mark.parametrize(("name", "digest"), _manifest())
def test_vector_file_is_the_published_one(name: str, digest: str) -> None:
    path = vector_path(name)
    with lzma.open(path) as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == digest, name
