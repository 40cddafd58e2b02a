"""What the server accepts as an envelope: a padded MLS message, exactly a bucket long.

Every log post and every Welcome is an MLS message the client padded to one
of :data:`crypto.padding.BLOB_BUCKETS` (ISO/IEC 7816-4, in the clear around
the MLS bytes), so that its size tells a seizure only its bucket: not how
many members a Commit or Welcome covers, not how long a message is. The
server refuses any other size, an empty body included, and any envelope whose
padding is malformed; both answers are fixed phrases that echo nothing.
"""

from __future__ import annotations

from crypto.errors import DecodeError
from crypto.padding import BLOB_BUCKETS, unpad
from server.errors import PayloadTooLargeError, UnprocessableError

__all__ = ["check_envelope"]


def check_envelope(ciphertext: bytes, limit: int) -> None:
    """413 past ``limit`` bytes; 422 for a size off the buckets or a malformed padding."""
    if len(ciphertext) > limit:
        raise PayloadTooLargeError
    if len(ciphertext) not in BLOB_BUCKETS:
        raise UnprocessableError("envelope size is not a padding bucket")
    try:
        unpad(ciphertext)
    except DecodeError:
        raise UnprocessableError("envelope padding is malformed") from None
