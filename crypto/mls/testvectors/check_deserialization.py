"""deserialization.json: the variable-length integer header (RFC 9420 §2.1.2)."""

from __future__ import annotations

from crypto.codec import Reader, decode_exact, encode_varint
from crypto.mls.testvectors.common import Case, expect, hex_field


def check(case: Case) -> None:
    """Decode the header, compare, and re-encode to the same bytes."""
    header = hex_field(case, "vlbytes_header")
    expect("length", decode_exact(header, Reader.varint), case["length"])
    expect("encoding", encode_varint(int(case["length"])), header)
