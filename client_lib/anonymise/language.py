"""Which language a case is written in, or a refusal to guess.

Detection uses py3langid's bundled model (no download). A text in a
language the detectors do not cover must not pass through with names
intact, so anything but a confident English, German, French or Dutch
result is an ``AnonymiseError`` that asks for manual review.
"""

from __future__ import annotations

import functools
from typing import Protocol

from client_lib.anonymise.cues import SUPPORTED_LANGUAGES
from client_lib.anonymise.types import PLACEHOLDER
from client_lib.errors import AnonymiseError

__all__ = ["check_language", "detect_language"]

MIN_LETTERS = 20
MIN_CONFIDENCE = 0.5


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


@functools.cache
def _identifier() -> _Identifier:
    from py3langid.langid import (  # noqa: PLC0415 - numpy and the model load on demand
        MODEL_FILE,
        LanguageIdentifier,
    )

    identifier: _Identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return identifier


def check_language(lang: str) -> str:
    """Normalise a language given by the author; refuse unsupported ones."""
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    if code not in SUPPORTED_LANGUAGES:
        supported = ", ".join(SUPPORTED_LANGUAGES)
        raise AnonymiseError(
            f"language {lang!r} is not supported by the anonymiser ({supported}); "
            "the text needs manual review"
        )
    return code


def detect_language(text: str) -> str:
    """The supported language ``text`` is written in; raises when unsure."""
    plain = PLACEHOLDER.sub(" ", text)
    if sum(ch.isalpha() for ch in plain) < MIN_LETTERS:
        raise AnonymiseError(
            "the text is too short to detect its language; pass --lang or review it manually"
        )
    code, confidence = _identifier().classify(plain)
    if code not in SUPPORTED_LANGUAGES or confidence < MIN_CONFIDENCE:
        raise AnonymiseError(
            f"could not detect a supported language (best guess {code!r}, "
            f"confidence {confidence:.2f}); the text needs manual review"
        )
    return code
