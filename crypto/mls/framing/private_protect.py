"""Encrypting AuthenticatedContent into a PrivateMessage and back (RFC 9420 §6.3).

The content is sealed with the sender's next ratchet key and a nonce XORed
with a fresh 4-byte reuse guard (§6.3.1); the sender data is sealed under a
key derived from ``sender_data_secret`` and a sample of that ciphertext
(§6.3.2). Every failure to open a message, whatever the cause (wrong epoch,
tampered byte, unknown sender, used generation, bad padding), raises the same
:class:`~crypto.errors.DecryptError` with the same text, so a receiver's
answers cannot serve as an oracle.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Final

from crypto.errors import CryptoError, DecryptError
from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.framing.authenticated import AuthenticatedContent
from crypto.mls.framing.content import FramedContent
from crypto.mls.framing.private import (
    REUSE_GUARD_SIZE,
    PrivateMessage,
    SenderData,
    decode_private_content,
    encode_private_content,
)
from crypto.mls.framing.sender import ContentType, Sender, SenderType, WireFormat
from crypto.mls.group_context import GroupContext
from crypto.mls.secret_tree import ContentKind, SecretTree, sender_data_key_and_nonce
from crypto.padding import private_message_padding

__all__ = ["OpenedPrivate", "open_private", "protect_private", "unprotect_private"]

_UNDECRYPTABLE: Final = "private message could not be decrypted"


def _kind(content_type: ContentType) -> ContentKind:
    """Application data uses the application ratchet, proposals and commits the handshake one."""
    if content_type is ContentType.APPLICATION:
        return ContentKind.APPLICATION
    return ContentKind.HANDSHAKE


def _guarded(nonce: bytes, reuse_guard: bytes) -> bytes:
    """XOR the reuse guard into the first four bytes of the ratchet nonce."""
    head = bytes(a ^ b for a, b in zip(nonce[:REUSE_GUARD_SIZE], reuse_guard, strict=True))
    return head + nonce[REUSE_GUARD_SIZE:]


def protect_private(
    suite: CipherSuite,
    authenticated: AuthenticatedContent,
    secret_tree: SecretTree,
    sender_data_secret: bytes,
    *,
    padding: Callable[[int], int] = private_message_padding,
    random: Callable[[int], bytes] = os.urandom,
) -> PrivateMessage:
    """Encrypt signed content from a member into a PrivateMessage."""
    content = authenticated.content
    if authenticated.wire_format is not WireFormat.PRIVATE_MESSAGE:
        raise ValueError("content was signed for another wire format")
    leaf = content.sender.leaf_index
    secrets = secret_tree.next_for_sending(leaf, _kind(content.content_type))
    reuse_guard = random(REUSE_GUARD_SIZE)
    unpadded = encode_private_content(content.content, authenticated.auth, 0)
    plaintext = unpadded + bytes(padding(len(unpadded)))
    header = PrivateMessage(
        content.group_id, content.epoch, content.content_type, content.authenticated_data, b"", b""
    )
    nonce = _guarded(secrets.nonce, reuse_guard)
    ciphertext = suite.seal(secrets.key, nonce, header.content_aad(), plaintext)
    sender_data = SenderData(leaf, secrets.generation, reuse_guard).to_bytes()
    key, sd_nonce = sender_data_key_and_nonce(suite, sender_data_secret, ciphertext)
    encrypted_sender_data = suite.seal(key, sd_nonce, header.sender_data_aad(), sender_data)
    return replace(header, encrypted_sender_data=encrypted_sender_data, ciphertext=ciphertext)


def _decrypt(
    suite: CipherSuite,
    message: PrivateMessage,
    group_context: GroupContext,
    secret_tree: SecretTree,
    sender_data_secret: bytes,
) -> tuple[AuthenticatedContent, int]:
    """Decrypt with a peeked key; returns the content and the generation to consume."""
    if message.group_id != group_context.group_id or message.epoch != group_context.epoch:
        raise DecryptError(_UNDECRYPTABLE)
    key, nonce = sender_data_key_and_nonce(suite, sender_data_secret, message.ciphertext)
    sender_plain = suite.open(key, nonce, message.sender_data_aad(), message.encrypted_sender_data)
    sender_data = SenderData.from_bytes(sender_plain)
    kind = _kind(message.content_type)
    secrets = secret_tree.peek_for_receiving(sender_data.leaf_index, kind, sender_data.generation)
    nonce = _guarded(secrets.nonce, sender_data.reuse_guard)
    plaintext = suite.open(secrets.key, nonce, message.content_aad(), message.ciphertext)
    body, auth = decode_private_content(plaintext, message.content_type)
    framed = FramedContent(
        message.group_id,
        message.epoch,
        Sender(SenderType.MEMBER, sender_data.leaf_index),
        message.authenticated_data,
        body,
    )
    return AuthenticatedContent(WireFormat.PRIVATE_MESSAGE, framed, auth), sender_data.generation


@dataclass(frozen=True, slots=True)
class OpenedPrivate:
    """A PrivateMessage that decrypted and whose signature verified, key not yet consumed.

    The caller calls :meth:`consume` once it accepts the content, and must
    not use the secret tree for anything else in between.
    """

    content: AuthenticatedContent
    generation: int

    def consume(self, secret_tree: SecretTree) -> None:
        """Delete the message's ratchet key from ``secret_tree`` (RFC 9420 §9.2)."""
        content = self.content.content
        kind = _kind(content.content_type)
        secret_tree.for_receiving(content.sender.leaf_index, kind, self.generation)


def open_private(
    suite: CipherSuite,
    message: PrivateMessage,
    *,
    group_context: GroupContext,
    secret_tree: SecretTree,
    sender_data_secret: bytes,
    signature_key_of: Callable[[Sender], bytes],
) -> OpenedPrivate:
    """Decrypt a PrivateMessage and verify its signature, consuming nothing (RFC 9420 §6.3).

    Raises the one opaque DecryptError for anything that prevents
    decryption, then InvalidSignature if the sender's signature does not
    verify; ``secret_tree`` is left exactly as it was either way. The key of
    the sending leaf comes from ``signature_key_of``, which must refuse a
    blank leaf (§6.3.2).
    """
    try:
        authenticated, generation = _decrypt(
            suite, message, group_context, secret_tree, sender_data_secret
        )
    except (CryptoError, ValueError):
        raise DecryptError(_UNDECRYPTABLE) from None
    sender = authenticated.content.sender
    authenticated.verify_signature(suite, signature_key_of(sender), group_context)
    return OpenedPrivate(authenticated, generation)


def unprotect_private(
    suite: CipherSuite,
    message: PrivateMessage,
    *,
    group_context: GroupContext,
    secret_tree: SecretTree,
    sender_data_secret: bytes,
    signature_key_of: Callable[[Sender], bytes],
) -> AuthenticatedContent:
    """:func:`open_private`, then consume the ratchet key at once (RFC 9420 §6.3, §9.2).

    Only a genuine message consumes its key, so a forgery cannot make the
    real message at that generation undecryptable; a failure leaves
    ``secret_tree`` untouched.
    """
    opened = open_private(
        suite,
        message,
        group_context=group_context,
        secret_tree=secret_tree,
        sender_data_secret=sender_data_secret,
        signature_key_of=signature_key_of,
    )
    opened.consume(secret_tree)
    return opened.content
