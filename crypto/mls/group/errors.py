"""The errors of group operation (RFC 9420 §12), all below :class:`~crypto.errors.CryptoError`.

::

    CryptoError
    +-- GroupError                     a group operation was refused
        +-- StaleEpochError            the message belongs to another epoch (§6, §12.4.2)
        +-- WrongGroupError            the message names another group
        +-- UnknownSenderError         the sender is not a current member (§6.1)
        +-- InvalidProposalError       a proposal or proposal list breaks §12.1/§12.2
        +-- InvalidCommitError         a Commit fails the checks of §12.4.2
        +-- InvalidLeafNodeError       a LeafNode breaks the rules of §7.3
        +-- InvalidKeyPackageError     a KeyPackage fails §10.1
        +-- MissingPskError            a referenced pre-shared key is not available (§8.4)
        +-- JoinError                  a Welcome or GroupInfo cannot be joined (§12.4.3)
        +-- CorruptStateError          serialised group state does not parse (also DecodeError)

Lower layers raise their own typed errors (``InvalidSignature``,
``DecryptError``, ``InvalidTreeError``), which pass through unchanged. Every
message names the check that failed and never the bytes involved. Whenever one
of these is raised while processing a message, the group state is unchanged.
"""

from __future__ import annotations

from crypto.errors import CryptoError, DecodeError

__all__ = [
    "CorruptStateError",
    "GroupError",
    "InvalidCommitError",
    "InvalidKeyPackageError",
    "InvalidLeafNodeError",
    "InvalidProposalError",
    "JoinError",
    "MissingPskError",
    "StaleEpochError",
    "UnknownSenderError",
    "WrongGroupError",
]


class GroupError(CryptoError):
    """A group operation was refused; the group state is unchanged."""


class StaleEpochError(GroupError):
    """The message was sent in another epoch than the group's current one."""


class WrongGroupError(GroupError):
    """The message names a different group id."""


class UnknownSenderError(GroupError):
    """The sender does not name a current member (or a permitted external sender)."""


class InvalidProposalError(GroupError):
    """A proposal, or the list of proposals a Commit covers, violates RFC 9420 §12.1-§12.2."""


class InvalidCommitError(GroupError):
    """A Commit fails validation (RFC 9420 §12.4.2)."""


class InvalidLeafNodeError(GroupError):
    """A LeafNode violates the rules of RFC 9420 §7.3."""


class InvalidKeyPackageError(GroupError):
    """A KeyPackage fails the checks of RFC 9420 §10.1."""


class MissingPskError(GroupError):
    """A pre-shared key the message refers to is not known to this client (§8.4)."""


class JoinError(GroupError):
    """A Welcome or GroupInfo cannot be used to join (RFC 9420 §12.4.3)."""


class CorruptStateError(GroupError, DecodeError):
    """Serialised group state is truncated, altered or of an unknown version."""
