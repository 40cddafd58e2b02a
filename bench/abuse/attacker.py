"""An attacker in a process of its own: ``python -m bench.abuse.attacker`` reads a Spec on stdin.

It prepares (filling rooms, say), prints ``ready``, waits for a ``go`` line
on stdin, attacks for the spec's seconds, and prints its tally as one JSON
line. Running apart from the
honest clients keeps the attacker's own work off their event loop: what the
honest clients measure is the server (and the two shared cores).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import sys
import threading
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any

from bench.abuse import attacks_http, attacks_sockets
from bench.abuse.spec import Spec
from bench.abuse.tally import Tally

__all__ = ["ATTACKS"]

Step = Callable[[Spec, Tally], Coroutine[Any, Any, None]]


def _together(*steps: Step) -> Step:
    async def run(spec: Spec, tally: Tally) -> None:
        async with asyncio.TaskGroup() as group:
            for step in steps:
                group.create_task(step(spec, tally))

    return run


async def _fill_first_room(spec: Spec, tally: Tally) -> None:
    await attacks_http.fill_rooms(replace(spec, accounts=spec.accounts[:1]), tally)


async def _nothing(_spec: Spec, _tally: Tally) -> None:
    return None


ATTACKS: dict[str, tuple[Step, Step]] = {
    "challenges": (_nothing, attacks_http.challenge_flood),
    "slow": (_nothing, attacks_sockets.slow_connections),
    "pages": (attacks_http.fill_rooms, attacks_http.large_pages),
    "unread": (attacks_http.fill_rooms, attacks_sockets.unread_pages),
    "sockets": (_fill_first_room, attacks_sockets.never_reading_sockets),
    "frames": (_nothing, attacks_sockets.oversized_frames),
    "tokens": (_nothing, attacks_http.relogin_flood),
    "packages": (_nothing, attacks_http.keypackage_drain),
    "malformed": (
        _nothing,
        _together(attacks_http.malformed_bodies, attacks_sockets.nested_frames),
    ),
}
"""Attack name: (preparation before ``ready``, the attack itself)."""


_GRACE_SECONDS = 10.0


def _report(tally: Tally) -> None:
    print(json.dumps(tally.summary()), flush=True)


def _watchdog(tally: Tally) -> None:
    """If the attack does not wind down in time, report what it did and leave at once."""
    _report(tally)
    os._exit(0)


async def _attack(spec: Spec, tally: Tally) -> None:
    prepare, attack = ATTACKS[spec.attack]
    await prepare(spec, tally)
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)  # "go"
    timer = threading.Timer(spec.seconds + _GRACE_SECONDS, _watchdog, [tally])
    timer.daemon = True
    timer.start()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(spec.seconds):
            await attack(spec, tally)


def main() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    spec = Spec.from_json(sys.stdin.readline())
    tally = Tally()
    asyncio.run(_attack(spec, tally))
    _report(tally)
    os._exit(0)  # without waiting for thousands of sockets to be closed one by one


if __name__ == "__main__":
    main()
