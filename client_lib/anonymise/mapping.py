"""The placeholder map: the secret half of an anonymisation, and the way back.

Each placeholder id lists the original surfaces it replaced ("Mehmet Demir",
"Mehmet", "Mehmets"), and the map also keeps, in text order, every
replacement as it was made: the placeholder as shown and the exact
original. With that list :meth:`PlaceholderMap.restore` rebuilds the
original byte for byte, where the first surface of an id would put the
full name back for every short mention.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

__all__ = ["PlaceholderMap", "restore"]

Occurrence = tuple[str, str]  # (placeholder as shown, exact original)


def restore(text: str, occurrences: Sequence[Occurrence], first: int = 0) -> tuple[str, int]:
    """Put the originals back into ``text``, from ``occurrences[first]`` on.

    Returns the restored text and the index of the first occurrence not
    found in it, so that the fields of one anonymised text (a case's title,
    background, ...) can be restored one after the other.
    """
    pieces: list[str] = []
    cursor, index = 0, first
    while index < len(occurrences):
        shown, original = occurrences[index]
        found = text.find(shown, cursor)
        if found < 0:
            break
        pieces += [text[cursor:found], original]
        cursor, index = found + len(shown), index + 1
    pieces.append(text[cursor:])
    return "".join(pieces), index


class PlaceholderMap(Mapping[str, tuple[str, ...]]):
    """Placeholder id to the original surfaces it replaced.

    This is the secret half of the result: it belongs in the author's sealed
    local store and nowhere else, so neither ``repr`` nor ``str`` shows it.
    """

    def __init__(
        self, entries: Mapping[str, tuple[str, ...]], occurrences: Sequence[Occurrence] = ()
    ) -> None:
        self._entries = dict(entries)
        self.occurrences: tuple[Occurrence, ...] = tuple(occurrences)
        """Every replacement in text order: (placeholder as shown, exact original)."""

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<PlaceholderMap with {len(self._entries)} entries>"

    __str__ = __repr__

    def restore(self, text: str) -> str:
        """The original of the anonymised ``text``, exactly as it was written."""
        return restore(text, self.occurrences)[0]
