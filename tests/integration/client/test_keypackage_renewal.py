"""The owner's device replenishes KeyPackages, and renews its last-resort one once used."""

from __future__ import annotations

from pathlib import Path

import pytest

from client_lib.keypackages import BATCH, top_up
from tests.integration.client.support import new_device
from tests.support.inprocess import app_server

pytestmark = [pytest.mark.integration]


def test_a_handed_out_last_resort_package_is_renewed(tmp_path: Path, database_url: str) -> None:
    with app_server(database_url) as server:
        alice = new_device(tmp_path, server, "alice")
        bob = new_device(tmp_path, server, "bob")
        published = bob.api.keypackage_count().remaining
        for _ in range(published):
            alice.api.claim_keypackage("bob")
        assert top_up(bob)  # none left: a new batch
        for _ in range(bob.api.keypackage_count().remaining):
            alice.api.claim_keypackage("bob")
        last_resort = alice.api.claim_keypackage("bob")  # handed out: its keys get reused
        assert bob.api.keypackage_count().last_resort_used
        kept = {ref for ref, record in bob.profile.keypackages.items() if record.last_resort}
        assert top_up(bob)
        count = bob.api.keypackage_count()
        assert (count.remaining, count.last_resort_used) == (BATCH, False)
        assert alice.api.claim_keypackage("bob") != last_resort
        renewed = {ref for ref, record in bob.profile.keypackages.items() if record.last_resort}
        assert kept < renewed  # the old one's keys stay for Welcomes still on their way
        assert not top_up(bob)  # nothing to do now
        for device in (alice, bob):
            device.close()
