"""The derived lexicon: built from installed packages, cached, never pickled."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from client_lib.anonymise import lexicon


def test_cache_honours_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = lexicon.cache_path()
    assert path.parent == tmp_path / "konsil"
    assert path.suffix == ".sqlite3"


def test_cache_is_plain_sqlite_with_names_places_and_words() -> None:
    lex = lexicon.open_lexicon()
    assert "first" in lex.name_kinds("Katharina")
    place = lex.place("Rotterdam")
    assert place is not None
    assert place.country == "NL"
    assert lex.zipf("de", "und") > lex.zipf("de", "Gefährdungseinschätzung")
    with sqlite3.connect(lexicon.cache_path()) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"names", "places", "words"} <= tables


def test_unwritable_cache_falls_back_to_temp_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built = lexicon.open_lexicon()
    source = lexicon.cache_path()
    assert built is not None
    attempts: list[Path] = []

    def fake_build(target: Path, _progress: object = None) -> None:
        attempts.append(target)
        if len(attempts) == 1:
            raise PermissionError("read-only cache")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "readonly"))
    monkeypatch.setattr(lexicon, "build_lexicon", fake_build)
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path / "tmp"))
    lexicon.open_lexicon.cache_clear()
    try:
        fallback = lexicon.open_lexicon()
        assert "first" in fallback.name_kinds("Katharina")
        assert attempts[1].is_relative_to(tmp_path / "tmp")
    finally:
        lexicon.open_lexicon.cache_clear()
