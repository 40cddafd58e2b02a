"""Finding the pre-shared keys a Commit or Welcome names and combining them (RFC 9420 §8.4).

External PSKs come from the application (``ExternalPsks``: psk_id -> secret).
Resumption PSKs of this group come from the group's recent epochs; those of
other groups (branch, reinit) are not supported and are reported as missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.group.errors import InvalidProposalError, MissingPskError
from crypto.mls.psk_id import PreSharedKeyID, PSKType, ResumptionPSKUsage
from crypto.mls.psk_secret import PskInput, psk_secret

__all__ = ["ExternalPsks", "combine_psks"]

ExternalPsks = Mapping[bytes, bytes]
"""Application-provisioned PSKs by ``psk_id``. Warning: the values are secret."""

ResumptionLookup = Callable[[bytes, int], bytes | None]
"""``(group_id, epoch) -> resumption_psk`` of this group's recent epochs, or None."""


def _no_resumption(_group_id: bytes, _epoch: int) -> bytes | None:
    return None


def _find(psk_id: PreSharedKeyID, external: ExternalPsks, resumption: ResumptionLookup) -> bytes:
    if psk_id.psktype is PSKType.EXTERNAL:
        found = external.get(psk_id.psk_id)
    elif psk_id.usage is ResumptionPSKUsage.APPLICATION:
        found = resumption(psk_id.psk_group_id, psk_id.psk_epoch)
    else:
        found = None
    if found is None:
        raise MissingPskError("a referenced pre-shared key is not available")
    return found


def combine_psks(
    suite: CipherSuite,
    psk_ids: Sequence[PreSharedKeyID],
    external: ExternalPsks,
    resumption: ResumptionLookup = _no_resumption,
) -> bytes | None:
    """The ``psk_secret`` for ``psk_ids`` in order, or None when there are none (§8.4).

    Each nonce must be Nh bytes long (§8.4); MissingPskError names no key.
    """
    if not psk_ids:
        return None
    inputs = []
    for psk_id in psk_ids:
        if len(psk_id.psk_nonce) != suite.hash_size:
            raise InvalidProposalError("a pre-shared key nonce has the wrong length")
        inputs.append(PskInput(psk_id, _find(psk_id, external, resumption)))
    return psk_secret(suite, inputs)
