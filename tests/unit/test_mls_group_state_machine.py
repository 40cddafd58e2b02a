"""A Hypothesis state machine over a group of 2 to 12 members, one often hostile (RFC 9420 §12).

Random adds, removes, updates (by reference and by path), application
messages delivered out of order, stale commits and restarts from stored
state; each joiner sends its handshake messages either encrypted or as
PublicMessages. Mallory, a member with a real seat (joined from a Welcome,
holding her own keys), processes every honest commit like the others; what
she sends is hostile (see :mod:`tests.unit.mls_hostile`): garbage, replays,
forged proposals, messages for another group or epoch, stale commits, and
broken commits each followed by an honest one. When removed she is dropped,
and a new Mallory may be admitted later.

After every step all members agree on the epoch and the epoch
authenticator; every application message decrypts exactly once for every
member of its epoch; removed members hold no key of the new tree and cannot
process anything sent after their removal; every refused message (a stale
commit, anything from Mallory, any replay) leaves each honest member's
state byte-for-byte unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from crypto.errors import CryptoError, DecodeError, DecryptError
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.sender import ContentType
from crypto.mls.group import ApplicationMessage, CommitOutput, Group, StaleEpochError
from tests.unit.mls_group_fixtures import authenticators, deliver_commit, new_client, wire
from tests.unit.mls_hostile import (
    PROPOSAL_KINDS,
    broken_commit,
    flip,
    fresh_commit,
    header,
    hostile_proposal,
    mislabelled,
    private_header,
    refused_by_all,
)

MAX_MEMBERS = 12
HISTORY = 24
"""How many processed messages are kept for replays."""


@dataclass
class InFlight:
    """An application message not yet delivered, with who must be able to read it."""

    message: MLSMessage
    data: bytes
    recipients: set[str] = field(default_factory=set)


def _has_mallory(machine: GroupMachine) -> bool:
    return machine.mallory is not None


class GroupMachine(RuleBasedStateMachine):
    """One group's members (Mallory among them), messages in flight, and the members removed."""

    def __init__(self) -> None:
        super().__init__()
        self.members: dict[str, Group] = {}
        self.mallory: str | None = None
        self.removed: dict[str, Group] = {}
        self.in_flight: list[InFlight] = []
        self.history: list[bytes] = []
        self.counter = 0

    def _name(self, prefix: str = "m") -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def _honest(self) -> dict[str, Group]:
        return {name: group for name, group in self.members.items() if name != self.mallory}

    def _mallory(self) -> Group:
        assert self.mallory is not None
        return self.members[self.mallory]

    def _seen(self, message: MLSMessage | bytes) -> None:
        """Keep a message honest members processed, for replays."""
        raw = message if isinstance(message, bytes) else message.to_bytes()
        self.history = [*self.history[1 - HISTORY :], raw]

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        first = self._name()
        self.members = {first: Group.create(new_client(first))}
        self._add(data, self._name())
        self.mallory = self._add(data, self._name("mallory"))

    def _pick(self, data: st.DataObject, label: str) -> str:
        return data.draw(st.sampled_from(sorted(self._honest())), label=label)

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
            refused_by_all([self.members[name]], item.message.to_bytes(), DecryptError)
        for gone in self.removed.values():
            with pytest.raises(CryptoError):
                gone.process(item.message)
        self._seen(item.message)

    def _commit(self, committer: str, **kwargs: object) -> CommitOutput:
        """An honest member's Commit, processed and merged by everyone (Mallory too)."""
        output = self.members[committer].commit(**kwargs)  # type: ignore[arg-type]  # the rules pass valid keywords
        deliver_commit(self.members[committer], output, self.members)
        self._seen(MLSMessage(output.message))
        return output

    def _add(self, data: st.DataObject, name: str) -> str:
        """An honest member adds ``name``, who joins from the Welcome."""
        self._flush(data)
        bundle = new_client(name)
        output = self._commit(self._pick(data, "committer"), add=[bundle.key_package])
        assert output.welcome is not None
        private = data.draw(st.booleans(), label="encrypted handshakes")
        self.members[name] = Group.join(output.welcome, bundle, handshake_private=private)
        return name

    @precondition(lambda self: len(self.members) < MAX_MEMBERS)
    @rule(data=st.data())
    def add(self, data: st.DataObject) -> None:
        self._add(data, self._name())

    @precondition(lambda self: not _has_mallory(self) and len(self.members) < MAX_MEMBERS)
    @rule(data=st.data())
    def admit_mallory(self, data: st.DataObject) -> None:
        self.mallory = self._add(data, self._name("mallory"))

    @precondition(lambda self: len(self._honest()) > 2 or _has_mallory(self))
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        self._flush(data)
        committer = self._pick(data, "committer")
        honest = sorted(self._honest())
        victims = [n for n in honest if n != committer] if len(honest) > 2 else []
        victims += [self.mallory] if self.mallory is not None else []
        victim = data.draw(st.sampled_from(victims), label="victim")
        gone = self.members[victim]
        self._commit(committer, remove=[gone.own_leaf])
        assert not gone.active
        del self.members[victim]
        if victim == self.mallory:
            self.mallory = None  # simply dropped
        else:
            self.removed[victim] = gone
        tree_keys = {node.encryption_key for _, node in self.any_member().state.tree.nodes()}
        assert not {key.public_key for _, key in gone.state.keys.node_keys} & tree_keys

    def _propose_update(self, proposer: str) -> MLSMessage:
        """An honest Update proposal, processed by every other member (Mallory too)."""
        proposal = wire(self.members[proposer].propose_update())
        for name, group in self.members.items():
            if name != proposer:
                group.process(proposal)
        self._seen(proposal)
        return proposal

    @rule(data=st.data(), by_reference=st.booleans())
    def update(self, data: st.DataObject, by_reference: bool) -> None:
        self._flush(data)
        committer = self._pick(data, "committer")
        if by_reference:
            others = sorted(set(self._honest()) - {committer})
            self._propose_update(data.draw(st.sampled_from(others), label="proposer"))
        self._commit(committer)

    @rule(data=st.data(), size=st.integers(0, 64))
    def send(self, data: st.DataObject, size: int) -> None:
        sender = self._pick(data, "sender")
        payload = data.draw(st.binary(min_size=size, max_size=size), label="payload")
        message = wire(self.members[sender].encrypt(payload))
        self.in_flight.append(InFlight(message, payload, set(self.members) - {sender}))

    @rule(data=st.data())
    def stale_commit(self, data: st.DataObject) -> None:
        self._flush(data)
        late, winner = data.draw(
            st.lists(st.sampled_from(sorted(self._honest())), min_size=2, max_size=2, unique=True),
            label="late and winning committers",
        )
        stale = self.members[late].commit()
        self._commit(winner)
        refused_by_all(self.members.values(), MLSMessage(stale.message).to_bytes(), StaleEpochError)

    @rule(data=st.data())
    def restart(self, data: st.DataObject) -> None:
        """A member (maybe Mallory) reloads its state from the sealed store's bytes mid-epoch."""
        name = data.draw(st.sampled_from(sorted(self.members)), label="restarting member")
        stored = self.members[name].to_bytes()
        self.members[name] = Group.from_bytes(stored)
        assert self.members[name].to_bytes() == stored

    # --- Mallory -------------------------------------------------------------------

    @precondition(_has_mallory)
    @rule(
        data=st.data(),
        kind=st.sampled_from(["random", "header", "private header", "truncated", "flipped"]),
    )
    def garbage(self, data: st.DataObject, kind: str) -> None:
        """Random bytes, or a real message of Mallory's cut short or with one bit flipped."""
        mallory, tail = self._mallory(), data.draw(st.binary(max_size=200), label="tail")
        genuine: InFlight | None = None
        if kind == "random":
            raw = tail
        elif kind == "header":
            raw = header(data.draw(st.integers(0, 6), label="wire format")) + tail
        elif kind == "private header":
            content_type = data.draw(st.sampled_from(ContentType), label="content type")
            raw = private_header(mallory, content_type) + tail
        else:
            if data.draw(st.booleans(), label="application message (else commit)"):
                genuine = InFlight(wire(mallory.encrypt(tail)), tail, set(self._honest()))
                real = genuine.message.to_bytes()
            else:
                real = fresh_commit(mallory, private=data.draw(st.booleans(), label="private"))
            position = data.draw(st.integers(0, len(real) - 1), label="position")
            if kind == "truncated":
                raw = real[:position]
                with pytest.raises(DecodeError):
                    MLSMessage.from_bytes(raw)
            else:
                raw = flip(real, position, data.draw(st.integers(0, 7), label="bit"))
        refused_by_all(self._honest().values(), raw)
        if genuine is not None:  # the genuine message still reads, exactly once
            self.in_flight.append(genuine)

    @precondition(_has_mallory)
    @rule(data=st.data(), fresh=st.booleans())
    def replay(self, data: st.DataObject, fresh: bool) -> None:
        """A message honest members already processed, again: a fresh proposal or an older one."""
        if fresh:
            raw = self._propose_update(self._pick(data, "proposer")).to_bytes()
        else:
            raw = data.draw(st.sampled_from(self.history), label="replayed message")
        refused_by_all(self._honest().values(), raw)

    @precondition(_has_mallory)
    @rule(
        data=st.data(),
        private=st.lists(st.booleans(), min_size=len(PROPOSAL_KINDS), max_size=len(PROPOSAL_KINDS)),
    )
    def forged_proposals(self, data: st.DataObject, private: list[bool]) -> None:
        """One proposal of each hostile kind, each encrypted or public."""
        victim = self.members[self._pick(data, "impersonated or renamed-as member")]
        name = victim.state.member_leaf(victim.own_leaf).credential
        for kind, encrypted in zip(PROPOSAL_KINDS, private, strict=True):
            raw, error = hostile_proposal(
                self._mallory(), kind, private=encrypted, victim=victim.own_leaf, name=name
            )
            refused_by_all(self._honest().values(), raw, error)

    @precondition(_has_mallory)
    @rule(
        data=st.data(),
        label=st.sampled_from(["group", "epoch", "stale commit"]),
        proposal=st.booleans(),
        private=st.booleans(),
    )
    def misdirected(self, data: st.DataObject, label: str, proposal: bool, private: bool) -> None:
        """Mallory's message for another group or epoch, or her commit of an epoch now left."""
        mallory, honest = self._mallory(), self._honest().values()
        if label == "stale commit":
            self._flush(data)
            stale = fresh_commit(mallory, private=private)
            self._commit(self._pick(data, "winning committer"))
            refused_by_all(honest, stale, StaleEpochError)
            return
        group_id, epoch = None, None
        if label == "group":
            other = st.binary(max_size=40).filter(lambda g: g != mallory.state.group_id)
            group_id = data.draw(other, label="group id")
        else:
            other_epoch = st.integers(0, 2**64 - 1).filter(lambda e: e != mallory.epoch)
            epoch = data.draw(other_epoch, label="epoch")
        raw, error = mislabelled(
            mallory, group_id=group_id, epoch=epoch, proposal=proposal, private=private
        )
        refused_by_all(honest, raw, error)

    @precondition(_has_mallory)
    @rule(data=st.data(), tag=st.booleans(), private=st.booleans(), position=st.integers(0))
    def bad_commit_then_good(
        self, data: st.DataObject, tag: bool, private: bool, position: int
    ) -> None:
        """One bad commit never stops a room: an honest commit of the same epoch goes through."""
        self._flush(data)
        raw, error = broken_commit(self._mallory(), private=private, tag=tag, position=position)
        refused_by_all(self._honest().values(), raw, error)
        self._commit(self._pick(data, "honest committer"))

    def any_member(self) -> Group:
        return next(iter(self.members.values()))

    @invariant()
    def members_agree(self) -> None:
        if self.members:
            assert len(authenticators(self.members)) == 1
            assert len({g.epoch for g in self.members.values()}) == 1
            assert len(self.any_member().members()) == len(self.members)
            assert all(group.active for group in self.members.values())


GroupMachine.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TestGroupMachine = GroupMachine.TestCase
