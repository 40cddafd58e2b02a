"""Handles compared as people see them: a normal form and a UTS #39 skeleton.

Two handles are the same handle when their *handle skeletons* are equal
(``accounts.skeleton`` is unique). The handle skeleton is built in three steps
(docs/server.md, "Handles"):

1. :func:`normalise`: NFKC and case folding, so fullwidth, ligature and
   upper-case forms become the plain lower-case letters they stand for;
2. :func:`skeleton`: Unicode's skeleton (UTS #39, section 4): NFD, every code
   point replaced by its prototype from Unicode's confusables data, NFD again,
   so ``1`` becomes ``l``, ``m`` becomes ``rn``, Cyrillic ``\u0430`` becomes ``a``;
3. folding: punctuation, separators and invisible format characters are
   dropped, so ``alice.``, ``a.lice`` and ``al_ice`` are ``alice``, and case
   is folded again (the prototype of ``0`` is ``O``).

The three steps are repeated until nothing changes, since a prototype may
itself be a compatibility or upper-case form (the prototype of ``%`` is
``º/₀``), so the handle skeleton of a handle skeleton is itself.

A skeleton is for comparing, never for showing: it may mix scripts and is
not itself a valid handle.
"""

from __future__ import annotations

import unicodedata

from server import confusables

__all__ = ["MAX_SKELETON_LENGTH", "handle_skeleton", "normalise", "skeleton"]

MAX_SKELETON_LENGTH = 128
"""Room in ``accounts.skeleton``: the longest handle (32) with every letter doubled is 64."""
_DROPPED_CATEGORIES = ("P", "Z", "Cc", "Cf")
_MAX_ROUNDS = 4


def normalise(text: str) -> str:
    """NFKC with case folding (NFKC again after folding, as NFKC_Casefold ends normalised)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def skeleton(text: str) -> str:
    """UTS #39 ``skeleton(X)``: NFD, each code point to its prototype, NFD."""
    prototypes = confusables.load().prototypes
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(prototypes.get(char, char) for char in decomposed)
    return unicodedata.normalize("NFD", mapped)


def _fold(text: str) -> str:
    """Without punctuation, separators and format characters; case folded."""
    kept = (char for char in text if not unicodedata.category(char).startswith(_DROPPED_CATEGORIES))
    return "".join(kept).casefold()


def _round(text: str) -> str:
    return _fold(skeleton(normalise(text)))


def handle_skeleton(handle: str) -> str:
    """The key under which a handle is unique: equal for handles that look alike.

    Raises ValueError for a handle whose skeleton is empty (nothing but
    punctuation) or longer than :data:`MAX_SKELETON_LENGTH`; the handle
    pattern admits neither.
    """
    current = _round(handle)
    for _ in range(_MAX_ROUNDS):
        again = _round(current)
        if again == current:
            break
        current = again
    if not current or len(current) > MAX_SKELETON_LENGTH:
        raise ValueError("handle has no usable skeleton")
    return current
