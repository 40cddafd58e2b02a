"""Helpers for the MLS group tests: fresh clients, and delivering a Commit to everyone.

Every message goes through its wire encoding (``MLSMessage`` bytes) on the
way, as it would through the Delivery Service.
"""

from __future__ import annotations

from collections.abc import Mapping

from crypto.mls.ciphersuite import CipherSuite, get_cipher_suite
from crypto.mls.credential import Credential
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import CommitOutput, Group, KeyPackageBundle, StagedCommit
from crypto.mls.group.key_packages import generate_key_package

SUITE: CipherSuite = get_cipher_suite(1)


def new_client(name: str, suite: CipherSuite = SUITE) -> KeyPackageBundle:
    """A client with a fresh signature key and one KeyPackage."""
    signature = suite.generate_signature_key_pair()
    return generate_key_package(suite, Credential.basic(name.encode()), signature.private_key)


def wire(message: MLSMessage) -> MLSMessage:
    """The message as a receiver parses it from the wire."""
    return MLSMessage.from_bytes(message.to_bytes())


def deliver_commit(
    committer: Group, output: CommitOutput, others: Mapping[str, Group]
) -> dict[str, StagedCommit]:
    """Every other member processes and merges the Commit, then the committer merges its own."""
    received = wire(MLSMessage(output.message))
    staged: dict[str, StagedCommit] = {}
    for name, group in others.items():
        if group is committer:
            continue
        result = group.process(received)
        assert isinstance(result, StagedCommit)
        group.merge(result)
        staged[name] = result
    committer.merge(output.staged)
    return staged


def grow_group(
    names: list[str], suite: CipherSuite = SUITE, *, handshake_private: bool = True
) -> dict[str, Group]:
    """A group of ``names`` built by the first one adding the others, one Commit each."""
    first = new_client(names[0], suite)
    members = {names[0]: Group.create(first, handshake_private=handshake_private)}
    creator = members[names[0]]
    for name in names[1:]:
        bundle = new_client(name, suite)
        output = creator.commit(add=[bundle.key_package])
        deliver_commit(creator, output, members)
        assert output.welcome is not None
        members[name] = Group.join(output.welcome, bundle, handshake_private=handshake_private)
    return members


def authenticators(members: Mapping[str, Group]) -> set[bytes]:
    """The distinct epoch authenticators among ``members`` (one when they agree)."""
    return {group.epoch_authenticator for group in members.values()}
