"""Our own groups, replayed to a passive member through the passive-client checker.

A small random history (Updates, Removes and Adds proposed by several
members and committed by reference or inline, some commits without a path)
is written in the passive-client vector format and fed to the same checker
the official files use, so the checker's reading of that format is
exercised on more shapes than the official files contain.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import Group, StagedCommit
from crypto.mls.testvectors.check_passive_client import check
from tests.unit.mls_group_fixtures import SUITE, deliver_commit, grow_group, new_client, wire


def _hex(message: MLSMessage) -> str:
    return message.to_bytes().hex()


def _proposals(rng: random.Random, members: dict[str, Group], passive: str) -> list[str]:
    """Zero to three proposals from random members, delivered to everyone."""
    sent: list[str] = []
    for _ in range(rng.randrange(4)):
        proposer = rng.choice(sorted(set(members) - {passive}))
        group = members[proposer]
        kind = rng.choice(["update", "add", "remove"])
        others = [n for n in members if n not in (proposer, passive)]
        if kind == "update":
            message = group.propose_update()
        elif kind == "add":
            message = group.propose_add(new_client(f"n{rng.randrange(10**6)}").key_package)
        elif others:
            message = group.propose_remove(members[rng.choice(others)].own_leaf)
        else:
            continue
        if _hex(message) in sent:
            continue  # the same Remove again: signatures are deterministic, a replay is refused
        for name, other in members.items():
            if name != proposer:
                other.process(wire(message))
        sent.append(_hex(message))
    return sent


def _history(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test scenario, not key material
    members = grow_group(["a", "b", "c"], handshake_private=False)
    bundle = new_client("passive")
    output = members["a"].commit(add=[bundle.key_package])
    deliver_commit(members["a"], output, members)
    assert output.welcome is not None
    members["passive"] = Group.join(output.welcome, bundle, handshake_private=False)
    case: dict[str, Any] = {
        "cipher_suite": SUITE.suite_id,
        "external_psks": [],
        "key_package": _hex(MLSMessage(bundle.key_package)),
        "signature_priv": bundle.signature_private_key.hex(),
        "encryption_priv": bundle.encryption_private_key.hex(),
        "init_priv": bundle.init_private_key.hex(),
        "welcome": _hex(MLSMessage(output.welcome)),
        "ratchet_tree": None,
        "initial_epoch_authenticator": members["passive"].epoch_authenticator.hex(),
        "epochs": [],
    }
    for _ in range(6):
        proposals = _proposals(rng, members, "passive")
        committer = rng.choice(sorted(set(members) - {"passive"}))
        commit = members[committer].commit(force_path=rng.random() < 0.5)
        staged = deliver_commit(members[committer], commit, members)
        for name, result in staged.items():
            if result.removes_self:
                del members[name]
        assert isinstance(staged["passive"], StagedCommit)
        case["epochs"].append(
            {
                "proposals": proposals,
                "commit": _hex(MLSMessage(commit.message)),
                "epoch_authenticator": members["passive"].epoch_authenticator.hex(),
            }
        )
    return case


@pytest.mark.parametrize("seed", range(4))
def test_random_history_passes_the_passive_client_checker(seed: int) -> None:
    check(_history(seed))
