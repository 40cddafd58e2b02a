"""Registration refuses a handle that looks like a taken one, exactly as it refuses a taken one."""

from __future__ import annotations

import httpx
import pytest
from nacl.signing import SigningKey

from tests.integration.api_support import Api
from tests.support.accounts import registration_body

pytestmark = pytest.mark.integration

ASCII_LOOK_ALIKES = ["a1ice", "alice.", "a.lice", "al_ice", "al-ice", "rnallory", "ma11ory"]
NOT_NORMAL = [
    "\u0430lice",  # Cyrillic a
    "\u03b1lice",  # Greek alpha
    "m\u0430llory",  # Cyrillic a
    "\uff41\uff4c\uff49\uff43\uff45",  # fullwidth
    "Alice",
    "MALLORY",
]


async def _register(api: Api, handle: str) -> httpx.Response:
    body = registration_body(SigningKey.generate(), handle, api.invitation())
    return await api.client.post("/v1/accounts", json=body)


async def test_look_alikes_of_taken_handles_get_the_taken_handles_answer(api: Api) -> None:
    await api.register("alice")
    await api.register("mallory")
    taken = await _register(api, "alice")
    assert taken.status_code == 409
    assert "alice" not in taken.text
    for handle in ASCII_LOOK_ALIKES:
        refused = await _register(api, handle)
        assert (refused.status_code, refused.json()) == (409, taken.json()), handle
        assert handle not in refused.text


async def test_a_look_alike_is_refused_only_because_the_original_is_taken(api: Api) -> None:
    """Each look-alike registers on its own; then the original is the look-alike."""
    for handle in ["a1ice", "rnallory"]:
        assert (await _register(api, handle)).status_code == 201
    assert (await _register(api, "alice")).status_code == 409
    assert (await _register(api, "mallory")).status_code == 409


async def test_handles_not_in_normal_form_are_refused(api: Api) -> None:
    """Other scripts, fullwidth and capital letters never pass the handle pattern."""
    await api.register("alice")
    await api.register("mallory")
    for handle in NOT_NORMAL:
        assert (await _register(api, handle)).status_code == 422, handle


async def test_different_handles_are_accepted_beside_taken_ones(api: Api) -> None:
    await api.register("alice")
    await api.register("mallory")
    for handle in ["alicia", "bob", "alice2", "malory"]:
        assert (await _register(api, handle)).status_code == 201, handle
