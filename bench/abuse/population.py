"""Accounts and rooms: honest members in ROOMS rooms, attacker accounts in rooms of their own.

Everything is made through the public API, as clients would: register with
an invitation (``konsil-server invite``), log in by signed challenge, create
a room, declare the other members in a commit, and each invitee accepts.
Honest members also upload KeyPackages, so that there is something to drain.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from dataclasses import dataclass, field

from nacl.signing import SigningKey

from bench.abuse.accounts import Account
from bench.abuse.config import (
    KEYPACKAGE_BYTES,
    KEYPACKAGES_PER_MEMBER,
    MEMBERS_PER_ROOM,
    ROOMS,
    attacker_account_source,
    honest_source,
)
from bench.abuse.servers import Deployment
from bench.abuse.wire import auth_headers, b64, envelope, http_client, log_in, register

__all__ = ["ATTACKER_ROLES", "Population", "populate"]

ATTACKER_ROLES = {"pages": 2, "sockets": 3, "relogin": 1, "drain": 3, "malformed": 1}
"""How many accounts each member attack uses."""


@dataclass
class Population:
    members: list[Account]
    attackers: dict[str, list[Account]] = field(default_factory=dict)

    @property
    def rooms(self) -> list[str]:
        return [self.members[r * MEMBERS_PER_ROOM].room for r in range(ROOMS)]

    def room_mates(self, index: int) -> list[int]:
        first = index - index % MEMBERS_PER_ROOM
        return list(range(first, first + MEMBERS_PER_ROOM))


async def _join(account: Account, invitation: str) -> None:
    async with http_client(account.base_url, account.source) as client:
        await register(client, invitation, account.handle, account.key)
        reply = await log_in(client, account.handle, account.key)
        reply.raise_for_status()
        account.token = reply.json()["token"]


async def _room(owner: Account, others: list[Account]) -> str:
    """A room of ``owner`` with ``others`` declared in the first commit and accepted."""
    async with http_client(owner.base_url, owner.source) as client:
        created = await client.post("/v1/rooms", headers=auth_headers(owner.token))
        room = str(created.raise_for_status().json()["room_id"])
        if others:
            commit = envelope("commit", epoch=0, membership={"add": [a.handle for a in others]})
            reply = await client.post(
                f"/v1/rooms/{room}/messages", json=commit, headers=auth_headers(owner.token)
            )
            reply.raise_for_status()
    for account in [owner, *others]:
        account.room = room
    for other in others:
        async with http_client(other.base_url, other.source) as client:
            reply = await client.post(f"/v1/rooms/{room}/accept", headers=auth_headers(other.token))
            reply.raise_for_status()
    return room


async def _upload_keypackages(account: Account) -> None:
    body = {
        "keypackages": [b64(os.urandom(KEYPACKAGE_BYTES)) for _ in range(KEYPACKAGES_PER_MEMBER)],
        "last_resort": b64(os.urandom(KEYPACKAGE_BYTES)),
    }
    async with http_client(account.base_url, account.source) as client:
        reply = await client.post("/v1/keypackages", json=body, headers=auth_headers(account.token))
        reply.raise_for_status()


def _accounts(deployment: Deployment, prefix: str, count: int, offset: int) -> list[Account]:
    made = []
    for n in range(count):
        index = offset + n
        source = honest_source(n) if prefix == "honest" else attacker_account_source(n)
        handle = f"{prefix}-{secrets.token_hex(5)}"
        made.append(Account(handle, SigningKey.generate(), source, deployment.url(index)))
    return made


async def populate(deployment: Deployment) -> Population:
    members = _accounts(deployment, "honest", ROOMS * MEMBERS_PER_ROOM, 0)
    attackers = _accounts(deployment, "mallory", sum(ATTACKER_ROLES.values()), 1)
    invitations = deployment.invitations(len(members) + len(attackers))
    await asyncio.gather(
        *(_join(a, i) for a, i in zip(members + attackers, invitations, strict=True))
    )
    for r in range(ROOMS):
        group = members[r * MEMBERS_PER_ROOM : (r + 1) * MEMBERS_PER_ROOM]
        await _room(group[0], group[1:])
    await asyncio.gather(*(_upload_keypackages(member) for member in members))
    population = Population(members)
    taken = 0
    for role, count in ATTACKER_ROLES.items():
        population.attackers[role] = attackers[taken : taken + count]
        taken += count
    for account in population.attackers["pages"] + population.attackers["malformed"]:
        await _room(account, [])
    sockets = population.attackers["sockets"]
    await _room(sockets[0], sockets[1:])
    return population
