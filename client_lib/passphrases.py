"""Judging a new passphrase before it seals the local store.

The passphrase is all that stands between a stolen laptop and the identity
key, the room secrets and every case read on it; Argon2id only slows each
guess down. So a new passphrase (``konsil init``, ``konsil passphrase
change``) must reach score 3 of 4 in zxcvbn's estimate ("safely
unguessable: moderate protection from an offline slow-hash scenario"),
which knows common passwords, names, dictionary words, dates, keyboard
patterns and l33t spellings, and the handle given as a hint. The refusal
says what to choose instead and never repeats the passphrase.
"""

from __future__ import annotations

from collections.abc import Sequence

from zxcvbn import zxcvbn

from client_lib.errors import WeakPassphraseError

__all__ = ["MIN_SCORE", "check_strength"]

MIN_SCORE = 3
"""zxcvbn's scale is 0 to 4; 3 means about 10^10 guesses or more."""
_JUDGED = 72
"""zxcvbn judges at most this many characters; a longer passphrase is judged by its start."""
_ADVICE = (
    "choose four or more words picked at random (not a saying or a song line), "
    "or a long sentence only you would write"
)


def check_strength(passphrase: str, hints: Sequence[str] = ()) -> None:
    """Return if ``passphrase`` is strong enough, else raise WeakPassphraseError with advice."""
    if not passphrase:
        raise WeakPassphraseError(f"the passphrase is empty; {_ADVICE}")
    result = zxcvbn(passphrase[:_JUDGED], user_inputs=[*hints, "konsil"])
    if result["score"] >= MIN_SCORE:
        return
    warning = str(result["feedback"]["warning"] or "").rstrip(".")
    reason = f" ({warning.lower()})" if warning else ""
    raise WeakPassphraseError(
        f"this passphrase is too easy to guess{reason}; {_ADVICE}; then run the command again"
    )
