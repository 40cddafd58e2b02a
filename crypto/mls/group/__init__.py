"""RFC 9420 group operation: the engine of every Konsil room.

One concept per module: ``state`` (an epoch as an immutable value), ``keys``
(own private keys), ``key_packages`` (§10), ``create`` (§11), ``propose``
and ``proposals`` (§12.1-§12.3), ``commit_create`` and ``commit_process``
(§12.4.1-§12.4.2), ``staged_commit`` (stage, inspect, then merge),
``welcome_join`` (§12.4.3.1), ``external`` (§12.4.3.2), ``application``
(§6.3, §9), ``persist`` (the sealed store's byte form) and ``errors``. The
:class:`Group` facade ties them together for one member, reading its
epoch through ``group_view``.
"""

from crypto.mls.group.application import ApplicationMessage
from crypto.mls.group.commit_create import CommitOutput
from crypto.mls.group.errors import (
    GroupError,
    InvalidCommitError,
    InvalidProposalError,
    JoinError,
    StaleEpochError,
)
from crypto.mls.group.group import Group
from crypto.mls.group.key_packages import (
    KeyPackageBundle,
    generate_key_package,
    validate_key_package,
)
from crypto.mls.group.receive import Received
from crypto.mls.group.staged_commit import StagedCommit
from crypto.mls.group.state import GroupState

__all__ = [
    "ApplicationMessage",
    "CommitOutput",
    "Group",
    "GroupError",
    "GroupState",
    "InvalidCommitError",
    "InvalidProposalError",
    "JoinError",
    "KeyPackageBundle",
    "Received",
    "StagedCommit",
    "StaleEpochError",
    "generate_key_package",
    "validate_key_package",
]
