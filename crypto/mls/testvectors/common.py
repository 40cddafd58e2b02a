"""Helpers shared by the vector checkers: hex fields, comparisons, suite lookup."""

from __future__ import annotations

from typing import Any

from crypto.mls.ciphersuite import CipherSuite, get_cipher_suite

__all__ = ["Case", "VectorMismatchError", "expect", "hex_field", "suite_of"]

Case = dict[str, Any]


class VectorMismatchError(AssertionError):
    """A computed value differs from the vector's expected value."""


def hex_field(case: Case, name: str) -> bytes:
    """A hex-encoded field of a case as bytes."""
    value = case[name]
    if not isinstance(value, str):
        raise VectorMismatchError(f"field {name!r} is not a hex string")
    return bytes.fromhex(value)


def expect(name: str, actual: object, expected: object) -> None:
    """Raise VectorMismatchError naming ``name`` unless the two values are equal."""
    if actual != expected:
        shown_actual = actual.hex() if isinstance(actual, bytes) else actual
        shown_expected = expected.hex() if isinstance(expected, bytes) else expected
        raise VectorMismatchError(f"{name}: got {shown_actual!r}, expected {shown_expected!r}")


def suite_of(case: Case) -> CipherSuite:
    """The case's cipher suite; raises UnsupportedError for suites other than 1-3."""
    return get_cipher_suite(int(case["cipher_suite"]))
