"""The anonymiser's goals on the labelled corpora in ``tests/data/anon``.

The development corpus and three corpora written by people who never read the
code are scored in process with ``tests.support.anon_score`` (the metric the
corpora's README defines). The scorer itself is checked on the README's two
reference points, so a scorer that cannot see a leak fails here first.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from client_lib.anonymise import anonymise
from tests.support.anon_score import CorpusError, Document, Score, load_corpus, score

DATA = Path(__file__).resolve().parents[1] / "data" / "anon"
DEV_CORPUS = DATA / "dev-cases.jsonl"
RED_TEAM_MAX_LEAK = 1.0  # percent
STRICT_TYPES = (
    "EMAIL", "PHONE", "IBAN", "ID_NUMBER", "IP_ADDRESS", "URL", "HANDLE", "LICENSE_PLATE",
)  # fmt: skip


def _konsil_anonymise(text: str, lang: str) -> str:
    """What ``konsil anonymise --lang LANG`` prints for ``text``."""
    return anonymise(text, lang=lang).text


def _assert_goals(result: Score, max_leak: float) -> None:
    assert result.leak_rate <= max_leak, result.summary()
    for lang in result.spans:
        assert result.leak_rate_of_language(lang) <= 3.0, (lang, result.summary())
    for kind in STRICT_TYPES:
        assert result.leaked_by_type[kind] == 0, (kind, result.summary())
    assert result.keep_rate >= 98.0, result.summary()
    assert result.retained_rate >= 95.0, result.summary()


def _assert_keep_per_language(documents: list[Document]) -> None:
    """Issue 16: keep at least 98% in every language, not only overall."""
    for lang in sorted({doc.lang for doc in documents}):
        result = score([d for d in documents if d.lang == lang], _konsil_anonymise)
        assert result.keep_rate >= 98.0, (lang, result.summary())


def _gold_replaced(doc: Document) -> str:
    text = doc.text
    for span in sorted(doc.spans, key=lambda s: s["start"], reverse=True):
        text = f"{text[: span['start']]}[{span['type']}]{text[span['end'] :]}"
    return text


def test_scorer_sees_every_leak_of_the_unchanged_text() -> None:
    documents = load_corpus(DEV_CORPUS)
    by_id = {doc.doc_id: doc for doc in documents}
    unchanged = score(documents, lambda text, _lang: text)
    assert unchanged.leak_rate == 100.0
    assert unchanged.keep_rate == 100.0
    assert unchanged.retained_rate == 100.0
    gold = score(documents, lambda text, _lang: _gold_replaced(_doc_of(by_id, text)))
    assert gold.leak_rate == 0.0
    assert gold.retained_rate == 100.0


def _doc_of(by_id: dict[str, Document], text: str) -> Document:
    return next(doc for doc in by_id.values() if doc.text == text)


def test_scorer_counts_a_lone_surname_and_spares_the_ordinary_word() -> None:
    text = "Tom Young met the young people."
    span = {"start": 0, "end": 9, "type": "PERSON", "text": "Tom Young"}
    doc = Document("d", "en", text, (span,), ())
    assert score([doc], lambda t, _l: t.replace("Tom Young", "[P]")).leak_rate == 0.0
    assert score([doc], lambda t, _l: t.replace("Tom ", "[P] ")).leak_rate == 100.0


@pytest.mark.parametrize(
    "line",
    [
        "not json",
        json.dumps({"id": "x", "lang": "en", "text": "abc"}),
        json.dumps({"id": "x", "lang": "en", "text": "abc", "keep": [],
                    "pii": [{"start": 0, "end": 2, "type": "PERSON", "text": "abc"}]}),
        json.dumps({"id": "x", "lang": "en", "text": "abc", "keep": [],
                    "pii": [{"start": 0, "end": 9, "type": "PERSON", "text": "abc"}]}),
        json.dumps({"id": "x", "lang": "en", "text": "abc", "keep": [],
                    "pii": [{"start": 0, "end": 3, "type": "SECRET", "text": "abc"}]}),
    ],
    ids=["json", "field", "text", "range", "type"],
)  # fmt: skip
def test_a_corpus_that_lies_is_refused(tmp_path: Path, line: str) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(CorpusError):
        load_corpus(path)


@pytest.mark.slow
def test_dev_corpus_meets_the_goals() -> None:
    documents = load_corpus(DEV_CORPUS)
    _assert_goals(score(documents, _konsil_anonymise), max_leak=2.0)
    _assert_keep_per_language(documents)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["redteam-1", "redteam-2", "redteam-3"])
def test_red_team_corpora_do_not_regress(name: str) -> None:
    """Three corpora written independently of the code, by people who never read it.

    After the rules their findings led to, they leak 1 of 457 spans (0.2%; a
    first name that is also the name of a faith the same text keeps as a
    domain term), 0 of 276 and 0 of 228 (the place name made of two common
    words it once leaked is found since issue 16); the bound is the worst
    rate rounded up.
    """
    documents = load_corpus(DATA / f"{name}.jsonl")
    _assert_goals(score(documents, _konsil_anonymise), max_leak=RED_TEAM_MAX_LEAK)
    _assert_keep_per_language(documents)
