"""Detectors for things that must never be in a seized database or log.

Each detector answers "does this value contain an X?" and never returns the
matching text, so the audit cannot echo a leaked value by accident.

The tests are chosen so that random bytes (ciphertext) essentially never
trigger them, while ordinary plaintext does. Limits, both ways:

- *Readable text* is four or more words of two or more Latin letters (ASCII,
  or the UTF-8 accented letters of German, French and Dutch) separated by
  single spaces, or 48 printable ASCII bytes in a row. In uniformly random
  bytes the first occurs with probability below 1e-12 per byte position and
  the second below 1e-20, so a false positive in a full 4 MiB blob is below
  one in a million. It misses plaintext shorter than four words, non-Latin
  scripts, UTF-16, and anything encoded or encrypted.
- *Compressibility* stands in for byte entropy: ciphertext does not compress,
  while text, base64 or hex of text, and structured records do. Every chunk of
  64 KiB (or the whole value, from 128 bytes up) must not shrink below 90 %
  under zlib. Random bytes shrinking by 10 % is far beyond any realistic
  chance; plaintext shorter than 128 bytes, or compressed before being stored,
  is not caught.
- *IP addresses* are dotted quads or IPv6 literals that ``ipaddress`` accepts;
  *e-mail addresses* are ``local@domain.tld``. In binary values they are
  searched only in a value that is printable throughout or in printable
  stretches of 24 bytes or more, which keeps chance matches in random bytes
  below one in ten million per 4 MiB. IPv6 needs two groups with four hex
  digits between them, or is ``::1``: a bare ``::`` is too common by chance.
  An address stored as raw bytes, or wedged between non-printable bytes in a
  short stretch, is missed.
- *Tokens* are Konsil's own secret text form (43 base64url characters that
  decode to 32 bytes), ``Bearer`` credentials and JWT-shaped strings.
- *Payload encodings* in log values are hex runs of 32 or more digits, or
  base64 runs of 24 or more characters that mix capitals, small letters and
  digits; about 2 % of random 24-character base64 runs lack a digit and slip
  through, far fewer of longer ones.
"""

from __future__ import annotations

import ipaddress
import re
import zlib

from server.store.credentials import hash_secret_text

__all__ = [
    "compresses",
    "has_email_address",
    "has_ip_address",
    "has_payload_encoding",
    "has_readable_text",
    "has_token",
    "printable_pieces",
]

_LETTER = rb"(?:[A-Za-z]|\xc3[\x80-\xbf])"
_WORD = _LETTER + rb"{2,}"
_SENTENCE = re.compile(_WORD + rb"(?:[,;:]?\x20" + _WORD + rb"){3,}")
_PRINTABLE_RUN = re.compile(rb"[\x20-\x7e]{48,}")
_PRINTABLE_PIECE = re.compile(rb"[\x20-\x7e]{24,}")
_ALL_PRINTABLE = re.compile(rb"[\x20-\x7e]+")

_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
_IPV6 = re.compile(r"(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_SECRET_TEXT = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_=-])")
_BEARER = re.compile(r"\bBearer\s+\S{8,}", re.IGNORECASE)
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{24,}={0,2}")
_HEX_RUN = re.compile(r"[0-9A-Fa-f]{32,}")

_CHUNK = 64 * 1024
_MIN_COMPRESSIBLE = 128
_MAX_RATIO = 0.9


def has_readable_text(data: bytes) -> bool:
    """Whether ``data`` holds a run of words or a long printable stretch."""
    return _SENTENCE.search(data) is not None or _PRINTABLE_RUN.search(data) is not None


def compresses(data: bytes) -> bool:
    """Whether some chunk of ``data`` shrinks under zlib, as no ciphertext does."""
    for start in range(0, len(data), _CHUNK):
        chunk = data[start : start + _CHUNK]
        if len(chunk) >= _MIN_COMPRESSIBLE and len(zlib.compress(chunk)) < _MAX_RATIO * len(chunk):
            return True
    return False


def printable_pieces(data: bytes) -> list[str]:
    """The printable stretches of binary ``data`` worth running the text detectors on.

    That is the whole value when all of it is printable, else stretches of 24
    bytes or more: shorter ones turn up by chance in megabytes of ciphertext,
    and an address such as ``a@b.cd`` would then match every few thousand
    blobs.
    """
    if _ALL_PRINTABLE.fullmatch(data):
        return [data.decode("ascii")]
    return [match.group().decode("ascii") for match in _PRINTABLE_PIECE.finditer(data)]


def has_ip_address(text: str) -> bool:
    """Whether ``text`` contains an IPv4 or IPv6 address literal."""
    for pattern in (_IPV4, _IPV6):
        for match in pattern.finditer(text):
            if _is_address(match.group()):
                return True
    return False


def _is_address(candidate: str) -> bool:
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return False
    if "." in candidate or candidate == "::1":
        return True
    groups = [group for group in candidate.split(":") if group]
    return len(groups) >= 2 and sum(map(len, groups)) >= 4


def has_email_address(text: str) -> bool:
    """Whether ``text`` contains something shaped like an e-mail address."""
    return _EMAIL.search(text) is not None


def has_token(text: str) -> bool:
    """Whether ``text`` contains a Konsil secret's text form, a Bearer credential or a JWT."""
    if _BEARER.search(text) or _JWT.search(text):
        return True
    return any(hash_secret_text(m.group()) is not None for m in _SECRET_TEXT.finditer(text))


def has_payload_encoding(text: str) -> bool:
    """Whether ``text`` carries encoded bytes: a long hex run, or base64 mixing cases and digits.

    Event names such as ``keypackages_claimed`` are long but lack digits or
    capitals; a 16-digit hex request id is below the hex threshold.
    """
    if _HEX_RUN.search(text):
        return True
    for match in _BASE64_RUN.finditer(text):
        run = match.group()
        if all(any(test(c) for c in run) for test in (str.isdigit, str.isupper, str.islower)):
            return True
    return False
