"""A Hypothesis state machine over a group of 2 to 12 members (RFC 9420 §12, §9.2, §16).

Random adds, removes, updates (by reference and by path), application
messages delivered out of order, stale commits and restarts from stored
state; each joiner sends its
handshake messages either encrypted or as PublicMessages. After every step all
members agree on the epoch authenticator; every application message decrypts
exactly once for every member of its epoch; removed members hold no key of
the new tree and cannot process anything sent after their removal; a
stale-epoch commit is rejected and leaves the receiver's state byte-for-byte
unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from crypto.errors import CryptoError, DecryptError
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import ApplicationMessage, Group, StaleEpochError
from tests.unit.mls_group_fixtures import (
    authenticators,
    deliver_commit,
    grow_group,
    new_client,
    wire,
)

MAX_MEMBERS = 12


@dataclass
class InFlight:
    """An application message not yet delivered, with who must be able to read it."""

    message: MLSMessage
    data: bytes
    recipients: set[str] = field(default_factory=set)


class GroupMachine(RuleBasedStateMachine):
    """One group's members, the messages in flight, and the members removed so far."""

    def __init__(self) -> None:
        super().__init__()
        self.members: dict[str, Group] = {}
        self.removed: dict[str, Group] = {}
        self.in_flight: list[InFlight] = []
        self.counter = 0

    def _name(self) -> str:
        self.counter += 1
        return f"m{self.counter}"

    @initialize()
    def start(self) -> None:
        self.members = grow_group([self._name(), self._name()])

    def _pick(self, data: st.DataObject, label: str) -> str:
        return data.draw(st.sampled_from(sorted(self.members)), label=label)

    def _flush(self, data: st.DataObject) -> None:
        """Deliver every pending application message, in a random order."""
        order = data.draw(st.permutations(range(len(self.in_flight))), label="delivery order")
        for index in order:
            self._deliver(self.in_flight[index])
        self.in_flight.clear()

    def _deliver(self, item: InFlight) -> None:
        for name in sorted(item.recipients):
            received = self.members[name].process(item.message)
            assert isinstance(received, ApplicationMessage)
            assert received.data == item.data
            with pytest.raises(DecryptError):
                self.members[name].process(item.message)
        for gone in self.removed.values():
            with pytest.raises(CryptoError):
                gone.process(item.message)

    def _commit(self, committer: str, **kwargs: object) -> None:
        output = self.members[committer].commit(**kwargs)  # type: ignore[arg-type]  # the rules pass valid keywords
        deliver_commit(self.members[committer], output, self.members)

    @precondition(lambda self: len(self.members) < MAX_MEMBERS)
    @rule(data=st.data())
    def add(self, data: st.DataObject) -> None:
        self._flush(data)
        committer = self._pick(data, "committer")
        name = self._name()
        bundle = new_client(name)
        output = self.members[committer].commit(add=[bundle.key_package])
        deliver_commit(self.members[committer], output, self.members)
        assert output.welcome is not None
        private = data.draw(st.booleans(), label="encrypted handshakes")
        self.members[name] = Group.join(output.welcome, bundle, handshake_private=private)

    @precondition(lambda self: len(self.members) > 2)
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        self._flush(data)
        committer = self._pick(data, "committer")
        victim = data.draw(st.sampled_from(sorted(set(self.members) - {committer})), label="victim")
        gone = self.members[victim]
        self._commit(committer, remove=[gone.own_leaf])
        assert not gone.active
        del self.members[victim]
        self.removed[victim] = gone
        tree_keys = {node.encryption_key for _, node in self.any_member().state.tree.nodes()}
        assert not {key.public_key for _, key in gone.state.keys.node_keys} & tree_keys

    @rule(data=st.data(), by_reference=st.booleans())
    def update(self, data: st.DataObject, by_reference: bool) -> None:
        self._flush(data)
        committer = self._pick(data, "committer")
        if by_reference and len(self.members) > 1:
            proposer = data.draw(
                st.sampled_from(sorted(set(self.members) - {committer})), label="proposer"
            )
            proposal = wire(self.members[proposer].propose_update())
            for name, group in self.members.items():
                if name != proposer:
                    group.process(proposal)
        self._commit(committer)

    @rule(data=st.data(), size=st.integers(0, 64))
    def send(self, data: st.DataObject, size: int) -> None:
        sender = self._pick(data, "sender")
        payload = data.draw(st.binary(min_size=size, max_size=size), label="payload")
        message = wire(self.members[sender].encrypt(payload))
        self.in_flight.append(InFlight(message, payload, set(self.members) - {sender}))

    @precondition(lambda self: len(self.members) > 1)
    @rule(data=st.data())
    def stale_commit(self, data: st.DataObject) -> None:
        self._flush(data)
        late, winner = data.draw(
            st.lists(st.sampled_from(sorted(self.members)), min_size=2, max_size=2, unique=True),
            label="late and winning committers",
        )
        stale = self.members[late].commit()
        self._commit(winner)
        for group in self.members.values():
            before = group.to_bytes()
            with pytest.raises(StaleEpochError):
                group.process(wire(MLSMessage(stale.message)))
            assert group.to_bytes() == before

    @rule(data=st.data())
    def restart(self, data: st.DataObject) -> None:
        """A member reloads its state from the sealed store's bytes mid-epoch."""
        name = self._pick(data, "restarting member")
        stored = self.members[name].to_bytes()
        self.members[name] = Group.from_bytes(stored)
        assert self.members[name].to_bytes() == stored

    def any_member(self) -> Group:
        return next(iter(self.members.values()))

    @invariant()
    def members_agree(self) -> None:
        if self.members:
            assert len(authenticators(self.members)) == 1
            assert len({g.epoch for g in self.members.values()}) == 1
            assert len(self.any_member().members()) == len(self.members)


GroupMachine.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TestGroupMachine = GroupMachine.TestCase
