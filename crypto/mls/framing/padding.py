"""How much zero padding a PrivateMessage plaintext gets (RFC 9420 §6.3.1, §16.4.1).

The RFC leaves the amount to the application. Konsil pads every plaintext up
to one of a few bucket sizes so that ciphertext lengths reveal little more
than a coarse size class: powers of four from 256 bytes to 16 KiB, then whole
multiples of 16 KiB.
"""

from __future__ import annotations

from typing import Final

__all__ = ["BUCKETS", "padding_for"]

BUCKETS: Final = (256, 1024, 4096, 16384)
"""The plaintext sizes, in bytes, that padded content is rounded up to."""


def padding_for(unpadded_size: int) -> int:
    """The number of zero bytes that brings ``unpadded_size`` to the next bucket."""
    if unpadded_size < 0:
        raise ValueError("negative size")
    for bucket in BUCKETS:
        if unpadded_size <= bucket:
            return bucket - unpadded_size
    largest = BUCKETS[-1]
    return -unpadded_size % largest
