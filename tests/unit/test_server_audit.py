"""The audit's allowlist, value checks and detectors, without a database."""

from __future__ import annotations

import base64
import json
import random
import secrets
import zlib
from collections.abc import Callable

import pytest

from crypto.padding import BLOB_BUCKETS, pad
from crypto.random_ids import ROW_ID_MAX, ROW_ID_MIN, new_row_id
from server.audit import detectors
from server.audit.allowlist import TABLES, Kind
from server.audit.database import describe_url
from server.audit.logfiles import line_fields
from server.audit.report import Finding
from server.audit.values import check
from server.logs import ALLOWED_FIELDS
from server.models import metadata

SENTENCES = [
    "The client told me on Tuesday that her brother is back in touch.",
    "Der Klient hat gestern erzählt, dass er die Gruppe verlassen möchte.",
    "Le jeune homme a quitté le groupe après trois mois de travail.",
    "De cliënt vertelde dat hij weer contact heeft met zijn oude vrienden.",
]


def _random(size: int, seed: int) -> bytes:
    """Reproducible stand-in ciphertext: uniform bytes from a seeded generator."""
    return random.Random(seed).randbytes(size)  # noqa: S311 - reproducible, not secret


def test_allowlist_names_every_table_and_column_of_the_models() -> None:
    """A column added to the models fails here until someone classifies it."""
    modelled = {(t.name, c.name) for t in metadata.tables.values() for c in t.columns}
    modelled.add(("alembic_version", "version_num"))
    listed = {(name, rule.column) for name, rules in TABLES.items() for rule in rules}
    assert listed == modelled


def test_random_bytes_pass_as_ciphertext_in_every_bucket_and_padded_as_envelopes() -> None:
    for seed, bucket in enumerate(BLOB_BUCKETS):
        assert check(Kind.PADDED_CIPHERTEXT, _random(bucket, seed)) is None
    for seed in range(3000):
        size = 32 + seed % 4000
        assert check(Kind.CIPHERTEXT, _random(size, 1000 + seed)) is None, seed
        assert check(Kind.PADDED_ENVELOPE, pad(_random(size, 1000 + seed))) is None, seed


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_sentence_in_ciphertext_is_readable_text(sentence: str) -> None:
    wrapped = _random(300, 1) + sentence.encode() + _random(300, 2)
    problem = check(Kind.CIPHERTEXT, wrapped)
    assert problem is not None
    assert problem.code == "readable-text"


@pytest.mark.parametrize(
    "encode",
    [
        base64.b64encode,
        lambda text: text.hex().encode(),
        lambda text: json.dumps({"body": list(text)}).encode(),
    ],
    ids=["base64", "hex", "json"],
)
def test_encoded_text_in_ciphertext_is_found(encode: Callable[[bytes], bytes]) -> None:
    plain = " ".join(SENTENCES).encode() * 2
    problem = check(Kind.CIPHERTEXT, encode(plain))
    assert problem is not None
    assert problem.code in {"readable-text", "compressible"}


def test_compressed_plaintext_is_a_documented_blind_spot() -> None:
    """zlib output looks random: the audit cannot tell it from ciphertext."""
    assert check(Kind.CIPHERTEXT, zlib.compress(" ".join(SENTENCES).encode() * 3)) is None


@pytest.mark.parametrize(
    "text", ["10.1.2.3", "client at 192.168.0.17 said", "::1", "fe80::1", "2001:db8::8a2e:370:7334"]
)
def test_ip_addresses_are_found(text: str) -> None:
    assert detectors.has_ip_address(text)


@pytest.mark.parametrize(
    "text", ["12:30:45", "1.2.3", "v3.11.4", "999.1.1.1", "/v1/rooms/{id}", "a::", "x :: y"]
)
def test_things_that_are_not_ip_addresses(text: str) -> None:
    assert not detectors.has_ip_address(text)


def test_tokens_are_found_in_their_text_forms() -> None:
    secret = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
    assert detectors.has_token(secret)
    assert detectors.has_token(f"Authorization: Bearer {secret}")
    assert detectors.has_token("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig")
    assert not detectors.has_token(secrets.token_urlsafe(16))


def test_payload_encodings_but_not_request_ids_or_event_names() -> None:
    assert detectors.has_payload_encoding("a" * 8 + secrets.token_hex(16))
    assert detectors.has_payload_encoding("data=Zm9vYmFyMTIzNDU2Nzg5MGFiY2RlZmdo")
    assert not detectors.has_payload_encoding(secrets.token_hex(8))
    assert not detectors.has_payload_encoding("keypackages_claimed_last_resort")


@pytest.mark.parametrize(
    ("kind", "value", "code"),
    [
        (Kind.HASH, bytes(31), "bad-length"),
        (Kind.COARSE_TIME, 3600 * 500_000 + 1, "unrounded-time"),
        (Kind.PSEUDONYM, "Max Mustermann", "bad-format"),
        (Kind.PSEUDONYM, "10.0.0.1", "ip-address"),
        (Kind.SKELETON, "carol-c", "bad-format"),
        (Kind.ENUM, "secret", "bad-format"),
        (Kind.PADDED_CIPHERTEXT, _random(1000, 3), "bad-size"),
        (Kind.CLIENT_ID, "mail-me-at-someone@example.org", "email-address"),
        (Kind.KEY_PACKAGE, b"\x00\x01" + SENTENCES[0].encode(), "readable-text"),
        (Kind.COUNT, b"\x00\x01", "wrong-type"),
        (Kind.PADDED_ENVELOPE, _random(1000, 4), "bad-size"),
        (Kind.PADDED_ENVELOPE, _random(1025, 4), "bad-size"),
        (Kind.PADDED_ENVELOPE, b"", "bad-size"),
        (Kind.PADDED_ENVELOPE, _random(1023, 5) + b"\x01", "bad-padding"),
        (Kind.PADDED_ENVELOPE, pad(b""), "bad-length"),
        (Kind.PADDED_ENVELOPE, pad(bytes(500)), "compressible"),
        (Kind.PADDED_ENVELOPE, pad(SENTENCES[0].encode()), "readable-text"),
        (Kind.ROW_ID, 7, "counted-id"),
        (Kind.ACCOUNT_REF, ROW_ID_MIN - 1, "counted-id"),
        (Kind.ROW_ID, ROW_ID_MAX + 1, "counted-id"),
    ],
)
def test_values_that_do_not_fit_their_class(kind: Kind, value: object, code: str) -> None:
    problem = check(kind, value)
    assert problem is not None
    assert problem.code == code


def test_values_that_fit_their_class() -> None:
    assert check(Kind.PSEUDONYM, "carol-c") is None
    assert check(Kind.SKELETON, "carolc") is None
    assert check(Kind.RANDOM_ID, secrets.token_urlsafe(16)) is None
    assert check(Kind.CLIENT_ID, secrets.token_urlsafe(16)) is None
    assert check(Kind.COARSE_TIME, 3600 * 500_000) is None
    assert check(Kind.FLAG, True) is None
    assert check(Kind.FLAG, 0) is None
    assert check(Kind.ENUM, "commit") is None
    assert check(Kind.ROW_ID, new_row_id()) is None
    assert check(Kind.ACCOUNT_REF, ROW_ID_MIN) is None
    assert check(Kind.ACCOUNT_REF, ROW_ID_MAX) is None


def test_log_fields_are_read_off_the_formatter() -> None:
    assert line_fields() == ALLOWED_FIELDS | {"time", "level", "logger", "event", "error"}


def test_a_finding_names_length_and_class_but_not_the_value() -> None:
    finding = Finding(
        "readable-text",
        "messages.ciphertext",
        "room_id=abc, seq=3",
        "readable text",
        length=1234,
        unit="bytes",
        value_class="ciphertext",
    )
    assert finding.line() == (
        "messages.ciphertext, room_id=abc, seq=3: readable-text: readable text "
        "(value not shown: 1,234 bytes, class ciphertext)"
    )


def test_a_printed_database_url_never_shows_its_password() -> None:
    label = describe_url("postgresql+psycopg://konsil:hunter2-secret@db.internal/konsil")
    assert "hunter2" not in label
    assert "db.internal/konsil" in label
