"""Request bodies are typed strictly: a JSON value of the wrong type is refused, never converted."""

from __future__ import annotations

import importlib
import pkgutil
import typing
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from pydantic import BaseModel

from crypto.padding import pad
from server.api import routes
from tests.integration.api_support import Api, b64, message_id, open_api

pytestmark = pytest.mark.integration

NOT_INTEGERS: list[object] = [True, False, "0", "1", 0.0, 1.0, None, [0], {"n": 0}]
NOT_STRINGS: list[object] = [1, 0.0, True, None, ["alice"], {"s": "alice"}]


def _envelope(epoch: object = 0, **fields: object) -> dict[str, object]:
    body = {"message_id": message_id(), "kind": "application", "epoch": epoch}
    return {**body, "ciphertext": b64(pad(b"\x01ciphertext")), **fields}


def _last_loc(response_json: dict[str, list[dict[str, list[object]]]]) -> object:
    return response_json["detail"][0]["loc"][-1]


@pytest.mark.parametrize("value", NOT_INTEGERS)
async def test_an_epoch_must_be_a_json_integer(api: Api, value: object) -> None:
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    url = f"/v1/rooms/{room_id}/messages"
    refused = await api.client.post(url, json=_envelope(value), headers=alice.headers)
    assert refused.status_code == 422
    assert _last_loc(refused.json()) == "epoch"
    accepted = await api.client.post(url, json=_envelope(0), headers=alice.headers)
    assert accepted.status_code == 201


@pytest.mark.parametrize("value", [True, "3600", 3600.0])
async def test_an_invitation_lifetime_must_be_a_json_integer(
    migrated_url: str, value: object
) -> None:
    async with open_api(migrated_url, members_may_invite=True) as api:
        alice = await api.register("alice")
        url = "/v1/invitations"
        refused = await api.client.post(
            url, json={"expires_in_seconds": value}, headers=alice.headers
        )
        assert refused.status_code == 422
        assert _last_loc(refused.json()) == "expires_in_seconds"
        accepted = await api.client.post(
            url, json={"expires_in_seconds": 3600}, headers=alice.headers
        )
        assert accepted.status_code == 201


@pytest.mark.parametrize("value", NOT_STRINGS)
async def test_string_fields_must_be_json_strings(api: Api, value: object) -> None:
    alice = await api.register("alice")
    room_id = await api.create_room(alice)
    url = f"/v1/rooms/{room_id}/messages"
    challenge = await api.client.post("/v1/auth/challenge", json={"handle": value})
    assert challenge.status_code == 422
    for field in ["message_id", "kind", "ciphertext"]:
        refused = await api.client.post(
            url, json=_envelope(**{field: value}), headers=alice.headers
        )
        assert refused.status_code == 422, field
        assert _last_loc(refused.json()) == field
    added = _envelope(membership={"add": [value], "remove": [], "admins": []})
    refused = await api.client.post(url, json=added, headers=alice.headers)
    assert refused.status_code == 422


def _models(annotation: object) -> Iterator[type[BaseModel]]:
    """Every pydantic model in a type, however nested (lists, unions, optional)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models(field.annotation)
    for argument in typing.get_args(annotation):
        yield from _models(argument)


def _routes() -> Iterator[APIRoute]:
    """The routes of every module in ``server.api.routes``."""
    for info in pkgutil.iter_modules(routes.__path__, prefix=f"{routes.__name__}."):
        router = getattr(importlib.import_module(info.name), "router", None)
        if router is not None:
            yield from (route for route in router.routes if isinstance(route, APIRoute))


def test_every_body_a_client_sends_is_strict() -> None:
    bodies = {
        model
        for route in _routes()
        for parameter in route.dependant.body_params
        for model in _models(parameter.field_info.annotation)
    }
    assert {"AccountCreate", "EnvelopeCreate", "MembershipChange", "KeyPackagesCreate"} <= {
        model.__name__ for model in bodies
    }
    lax = sorted(model.__name__ for model in bodies if not model.model_config.get("strict"))
    assert lax == []
