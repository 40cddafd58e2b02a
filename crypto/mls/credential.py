"""Credentials: the identity a member presents next to its signature key (RFC 9420 §5.3).

Only the two credential types the RFC defines can be parsed: the body of any
other type has an unknown layout, so its bytes cannot even be delimited and
decoding refuses it with :class:`~crypto.errors.DecodeError`. Validating a
credential (does the identity really own the key?) is the Authentication
Service's job and is not done here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from crypto.codec import Reader, Writer
from crypto.errors import DecodeError
from crypto.mls.wire import WireStruct

__all__ = ["Credential", "CredentialType"]


class CredentialType(IntEnum):
    """The credential types of RFC 9420 §17.5 that this codec understands."""

    BASIC = 1
    X509 = 2


def _write_certificate(w: Writer, cert_data: bytes) -> None:
    w.opaque(cert_data)


def _read_certificate(r: Reader) -> bytes:
    return r.opaque()


@dataclass(frozen=True, slots=True)
class Credential(WireStruct):
    """A ``basic`` identity or an ``x509`` chain (end-entity certificate first).

    ``identity`` is used for basic credentials, ``certificates`` for x509; the
    unused one stays empty. Use :meth:`basic` and :meth:`x509` to build one.
    """

    credential_type: CredentialType
    identity: bytes = b""
    certificates: tuple[bytes, ...] = ()

    def __post_init__(self) -> None:
        if self.credential_type is CredentialType.BASIC and self.certificates:
            raise ValueError("a basic credential carries no certificates")
        if self.credential_type is CredentialType.X509 and self.identity:
            raise ValueError("an x509 credential carries its identity in the certificates")

    @classmethod
    def basic(cls, identity: bytes) -> Credential:
        """A bare identity assertion whose format the application defines."""
        return cls(CredentialType.BASIC, identity=identity)

    @classmethod
    def x509(cls, certificates: tuple[bytes, ...]) -> Credential:
        """A chain of DER certificates, end-entity certificate first."""
        return cls(CredentialType.X509, certificates=certificates)

    def encode(self, w: Writer) -> None:
        """Write the ``Credential`` struct."""
        w.u16(self.credential_type)
        if self.credential_type is CredentialType.BASIC:
            w.opaque(self.identity)
        else:
            w.vector(self.certificates, _write_certificate)

    @classmethod
    def decode(cls, r: Reader) -> Credential:
        """Read a ``Credential``; an unknown credential type is malformed input."""
        raw_type = r.u16()
        if raw_type == CredentialType.BASIC:
            return cls.basic(r.opaque())
        if raw_type == CredentialType.X509:
            return cls.x509(tuple(r.vector(_read_certificate)))
        raise DecodeError("unsupported credential type")
