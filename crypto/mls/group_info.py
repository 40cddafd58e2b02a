"""GroupInfo: the signed description of a group that joiners start from (RFC 9420 §12.4.3).

It carries the GroupContext of the new epoch, the Commit's confirmation tag
and the committer's leaf index; the committer signs it under the label
``"GroupInfoTBS"``. A Welcome encrypts it; an external joiner fetches it in
the clear.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from crypto.codec import Reader, Writer
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.extension import Extension, read_extensions, write_extensions
from crypto.mls.group_context import GroupContext
from crypto.mls.labelled import sign_with_label, verify_with_label
from crypto.mls.treemath import LeafIndex
from crypto.mls.wire import WireStruct

__all__ = ["GroupInfo"]

_SIGN_LABEL = "GroupInfoTBS"


@dataclass(frozen=True, slots=True)
class GroupInfo(WireStruct):
    """The ``GroupInfo`` struct; :meth:`tbs` is the ``GroupInfoTBS`` encoding."""

    group_context: GroupContext
    extensions: tuple[Extension, ...]
    confirmation_tag: bytes
    signer: LeafIndex
    signature: bytes

    def _encode_content(self, w: Writer) -> None:
        self.group_context.encode(w)
        write_extensions(w, self.extensions)
        w.opaque(self.confirmation_tag)
        w.u32(self.signer)

    def tbs(self) -> bytes:
        """Every field but the signature (``GroupInfoTBS``)."""
        w = Writer()
        self._encode_content(w)
        return w.to_bytes()

    def encode(self, w: Writer) -> None:
        """Write the struct including the signature."""
        self._encode_content(w)
        w.opaque(self.signature)

    @classmethod
    def decode(cls, r: Reader) -> GroupInfo:
        """Read the struct."""
        group_context = GroupContext.decode(r)
        extensions = read_extensions(r)
        confirmation_tag = r.opaque()
        signer = LeafIndex(r.u32())
        return cls(group_context, extensions, confirmation_tag, signer, r.opaque())

    def signed(self, suite: CipherSuite, signature_private_key: bytes) -> GroupInfo:
        """A copy signed with ``SignWithLabel(., "GroupInfoTBS", GroupInfoTBS)``."""
        signature = sign_with_label(suite, signature_private_key, _SIGN_LABEL, self.tbs())
        return replace(self, signature=signature)

    def verify_signature(self, suite: CipherSuite, signer_public_key: bytes) -> None:
        """Raise InvalidSignature unless the signer's key (leaf ``signer``) signed it."""
        verify_with_label(suite, signer_public_key, _SIGN_LABEL, self.tbs(), self.signature)
