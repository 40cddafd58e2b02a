"""The Welcome message and the GroupSecrets it carries (RFC 9420 §12.4.3.1).

A Welcome holds one ``EncryptedGroupSecrets`` per joiner, addressed by the
KeyPackageRef of the KeyPackage it was made for and HPKE-encrypted to that
package's ``init_key``, plus the GroupInfo encrypted under a key derived from
the joiner secret. Processing lives in :mod:`crypto.mls.welcome_join`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crypto.codec import Reader, Writer
from crypto.mls.psk_id import PreSharedKeyID
from crypto.mls.update_path import HPKECiphertext
from crypto.mls.wire import WireStruct

__all__ = ["EncryptedGroupSecrets", "GroupSecrets", "PathSecret", "Welcome"]


@dataclass(frozen=True, slots=True)
class PathSecret(WireStruct):
    """The path secret of the lowest node shared by committer and joiner.

    Warning: secret; excluded from ``repr``.
    """

    path_secret: bytes = field(repr=False)

    def encode(self, w: Writer) -> None:
        """Write ``struct { opaque path_secret<V>; }``."""
        w.opaque(self.path_secret)

    @classmethod
    def decode(cls, r: Reader) -> PathSecret:
        """Read a ``PathSecret``."""
        return cls(r.opaque())


def _write_path_secret(w: Writer, item: PathSecret) -> None:
    item.encode(w)


def _write_psk_id(w: Writer, item: PreSharedKeyID) -> None:
    item.encode(w)


@dataclass(frozen=True, slots=True)
class GroupSecrets(WireStruct):
    """What each joiner decrypts: the joiner secret, maybe a path secret, the PSKs to use.

    Warning: secret; the secrets are excluded from ``repr``.
    """

    joiner_secret: bytes = field(repr=False)
    path_secret: PathSecret | None = field(default=None, repr=False)
    psks: tuple[PreSharedKeyID, ...] = ()

    def encode(self, w: Writer) -> None:
        """Write the struct."""
        w.opaque(self.joiner_secret)
        w.optional(self.path_secret, _write_path_secret)
        w.vector(self.psks, _write_psk_id)

    @classmethod
    def decode(cls, r: Reader) -> GroupSecrets:
        """Read the struct."""
        joiner_secret = r.opaque()
        path_secret = r.optional(PathSecret.decode)
        return cls(joiner_secret, path_secret, tuple(r.vector(PreSharedKeyID.decode)))


@dataclass(frozen=True, slots=True)
class EncryptedGroupSecrets(WireStruct):
    """One joiner's entry: its KeyPackageRef and the sealed GroupSecrets."""

    new_member: bytes
    encrypted_group_secrets: HPKECiphertext

    def encode(self, w: Writer) -> None:
        """Write the reference and the ciphertext."""
        w.opaque(self.new_member)
        self.encrypted_group_secrets.encode(w)

    @classmethod
    def decode(cls, r: Reader) -> EncryptedGroupSecrets:
        """Read the reference and the ciphertext."""
        new_member = r.opaque()
        return cls(new_member, HPKECiphertext.decode(r))


def _write_entry(w: Writer, item: EncryptedGroupSecrets) -> None:
    item.encode(w)


@dataclass(frozen=True, slots=True)
class Welcome(WireStruct):
    """The ``Welcome`` struct."""

    cipher_suite: int
    secrets: tuple[EncryptedGroupSecrets, ...]
    encrypted_group_info: bytes

    def encode(self, w: Writer) -> None:
        """Write the struct."""
        w.u16(self.cipher_suite)
        w.vector(self.secrets, _write_entry)
        w.opaque(self.encrypted_group_info)

    @classmethod
    def decode(cls, r: Reader) -> Welcome:
        """Read the struct."""
        cipher_suite = r.u16()
        secrets = tuple(r.vector(EncryptedGroupSecrets.decode))
        return cls(cipher_suite, secrets, r.opaque())
