"""Group state to bytes and back, exactly, for the sealed local store; secrets never printed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.errors import DecryptError
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import ApplicationMessage, Group, StagedCommit
from crypto.mls.group.errors import CorruptStateError
from tests.unit.mls_group_fixtures import grow_group, wire


def _busy_group() -> tuple[dict[str, Group], list[bytes]]:
    """Bob holds a pending proposal, an own update, and retained out-of-order keys."""
    members = grow_group(["alice", "bob", "carol"])
    sent = [wire(members["alice"].encrypt(bytes([i]) * 10)).to_bytes() for i in range(4)]
    bob = members["bob"]
    received = bob.process(MLSMessage.from_bytes(sent[3]))
    assert isinstance(received, ApplicationMessage)
    bob.process(wire(members["carol"].propose_update()))
    bob.propose_update()
    bob.add_external_psk(b"psk", b"\x05" * 32)
    return members, sent


def test_round_trip_is_exact_and_the_restored_group_continues() -> None:
    members, sent = _busy_group()
    data = members["bob"].to_bytes()
    restored = Group.from_bytes(data)
    assert restored.to_bytes() == data
    assert restored.epoch_authenticator == members["bob"].epoch_authenticator
    assert restored.pending_proposals == members["bob"].pending_proposals
    late = restored.process(MLSMessage.from_bytes(sent[1]))
    assert isinstance(late, ApplicationMessage)
    assert late.data == b"\x01" * 10
    with pytest.raises(DecryptError):
        restored.process(MLSMessage.from_bytes(sent[3]))


def test_restored_member_follows_the_next_commit() -> None:
    members, _ = _busy_group()
    members["bob"] = Group.from_bytes(members["bob"].to_bytes())
    output = members["alice"].commit()
    for name in ("bob", "carol"):
        staged = members[name].process(wire(MLSMessage(output.message)))
        assert isinstance(staged, StagedCommit)
        members[name].merge(staged)
    members["alice"].merge(output.staged)
    assert len({g.epoch_authenticator for g in members.values()}) == 1


def test_truncated_or_altered_state_is_refused() -> None:
    data = grow_group(["alice", "bob"])["bob"].to_bytes()
    for broken in (data[:-1], data[:20], b"", b"x" + data[1:], data + b"\x00"):
        with pytest.raises(CorruptStateError):
            Group.from_bytes(broken)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_only_raise_corrupt_state(data: bytes) -> None:
    with pytest.raises(CorruptStateError):
        Group.from_bytes(b"konsil-mls-group\x01" + data)


def test_no_secret_in_repr() -> None:
    members, _ = _busy_group()
    bob = members["bob"]
    state = bob.state
    secrets = [
        state.keys.signature_private_key,
        state.secrets.init_secret,
        state.secrets.exporter_secret,
        *(key.private_key for _, key in state.keys.node_keys),
    ]
    shown = repr(bob) + repr(state) + str(state) + repr(state.keys) + repr(state.secrets)
    for secret in secrets:
        assert secret.hex() not in shown
        assert repr(secret) not in shown
