"""PreSharedKeyID: which pre-shared key a group injects into an epoch (RFC 9420 §8.4).

An external PSK is named by an application-chosen ``psk_id``; a resumption PSK
by the group and epoch whose ``resumption_psk`` it is. Every injection carries
a fresh ``psk_nonce`` so that reusing a PSK still yields new key material.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.wire import WireStruct

__all__ = ["PSKType", "PreSharedKeyID", "ResumptionPSKUsage"]


class PSKType(IntEnum):
    """Where a PSK came from (RFC 9420 §8.4)."""

    EXTERNAL = 1
    RESUMPTION = 2


class ResumptionPSKUsage(IntEnum):
    """Why a resumption PSK is used (RFC 9420 §8.4)."""

    APPLICATION = 1
    REINIT = 2
    BRANCH = 3


@dataclass(frozen=True, slots=True)
class PreSharedKeyID(WireStruct):
    """Names one PSK; ``psk_id`` is used for external PSKs, the other three for resumption."""

    psktype: PSKType
    psk_nonce: bytes
    psk_id: bytes = b""
    usage: ResumptionPSKUsage = ResumptionPSKUsage.APPLICATION
    psk_group_id: bytes = b""
    psk_epoch: int = 0

    @classmethod
    def external(cls, psk_id: bytes, psk_nonce: bytes) -> PreSharedKeyID:
        """An application-provisioned PSK."""
        return cls(PSKType.EXTERNAL, psk_nonce, psk_id=psk_id)

    @classmethod
    def resumption(
        cls, usage: ResumptionPSKUsage, group_id: bytes, epoch: int, psk_nonce: bytes
    ) -> PreSharedKeyID:
        """The ``resumption_psk`` of ``group_id`` at ``epoch``."""
        return cls(
            PSKType.RESUMPTION, psk_nonce, usage=usage, psk_group_id=group_id, psk_epoch=epoch
        )

    def encode(self, w: Writer) -> None:
        """Write the ``PreSharedKeyID`` struct."""
        w.u8(self.psktype)
        if self.psktype is PSKType.EXTERNAL:
            w.opaque(self.psk_id)
        else:
            w.u8(self.usage)
            w.opaque(self.psk_group_id)
            w.u64(self.psk_epoch)
        w.opaque(self.psk_nonce)

    @classmethod
    def decode(cls, r: Reader) -> PreSharedKeyID:
        """Read a ``PreSharedKeyID``; unknown PSK types and usages are malformed."""
        psktype = r.u8()
        if psktype == PSKType.EXTERNAL:
            psk_id = r.opaque()
            return cls.external(psk_id, r.opaque())
        if psktype != PSKType.RESUMPTION:
            raise DecodeError("unknown PSK type")
        try:
            usage = ResumptionPSKUsage(r.u8())
        except ValueError as exc:
            raise DecodeError("unknown resumption PSK usage") from exc
        group_id = r.opaque()
        epoch = r.u64()
        return cls.resumption(usage, group_id, epoch, r.opaque())
