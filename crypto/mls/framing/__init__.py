"""MLS message framing (RFC 9420 §6): content, its authentication, and the two protections.

``FramedContent`` is signed into an ``AuthenticatedContent``, which is then
either framed as a ``PublicMessage`` (signature plus membership tag) or
encrypted into a ``PrivateMessage``; either travels inside an ``MLSMessage``.
Received messages are only returned by the ``unprotect_*`` functions after
every check has passed.
"""

from crypto.mls.framing.authenticated import AuthenticatedContent, sign_framed_content
from crypto.mls.framing.content import FramedContent, FramedContentAuthData
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.private import PrivateMessage
from crypto.mls.framing.private_protect import protect_private, unprotect_private
from crypto.mls.framing.public import PublicMessage, protect_public, unprotect_public
from crypto.mls.framing.sender import ContentType, Sender, SenderType, WireFormat

__all__ = [
    "AuthenticatedContent",
    "ContentType",
    "FramedContent",
    "FramedContentAuthData",
    "MLSMessage",
    "PrivateMessage",
    "PublicMessage",
    "Sender",
    "SenderType",
    "WireFormat",
    "protect_private",
    "protect_public",
    "sign_framed_content",
    "unprotect_private",
    "unprotect_public",
]
