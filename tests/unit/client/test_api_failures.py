"""HTTP statuses become typed errors whose messages quote nothing from the exchange."""

from __future__ import annotations

import importlib

import httpx
import pytest

from client_lib import errors
from client_lib.api import ApiClient
from client_lib.api.failures import error_for
from crypto.padding import BLOB_BUCKETS

SECRET_BODY = '{"detail": "token abc123 and payload s3cret"}'


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, errors.AuthenticationError),
        (403, errors.ForbiddenError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (413, errors.TooLargeError),
        (422, errors.RejectedError),
        (500, errors.UnreachableError),
        (503, errors.UnreachableError),
        (418, errors.ServerError),
    ],
)
def test_status_maps_to_a_typed_one_line_error(status: int, kind: type[Exception]) -> None:
    error = error_for("post message", httpx.Response(status, text=SECRET_BODY))
    assert type(error) is kind
    message = str(error)
    assert message.startswith("post message")
    assert "\n" not in message
    for leaked in ("abc123", "s3cret"):
        assert leaked not in message


def test_rate_limit_carries_retry_after() -> None:
    error = error_for("x", httpx.Response(429, headers={"Retry-After": "3"}))
    assert isinstance(error, errors.RateLimitedError)
    assert error.retry_after == 3
    garbled = error_for("x", httpx.Response(429, headers={"Retry-After": "soon"}))
    assert isinstance(garbled, errors.RateLimitedError)
    assert garbled.retry_after == 1


@pytest.mark.parametrize(
    "package", ["client_lib.api", "client_lib.rooms", "client_lib.store", "client_lib.identity"]
)
def test_public_names_are_sorted_and_exist(package: str) -> None:
    module = importlib.import_module(package)
    names = list(module.__all__)
    # ruff's RUF022 order: CONSTANTS, then Classes, then functions.
    assert names == sorted(names, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
    assert all(hasattr(module, name) for name in names)
    assert len(names) <= 15


def test_a_message_beyond_the_largest_bucket_is_refused_before_anything_is_sent() -> None:
    sent: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    api = ApiClient("http://konsil.test", transport=httpx.MockTransport(server))
    huge = bytes(BLOB_BUCKETS[-1])  # with its padding marker, one byte past 4 MiB
    with pytest.raises(errors.TooLargeError, match=r"^post message: too large for the largest"):
        api.post_message("r" * 22, message_id="m" * 22, kind="commit", epoch=0, ciphertext=huge)
    with pytest.raises(errors.TooLargeError, match=r"^deliver Welcome: too large for the largest"):
        api.deliver_welcome("bob", "r" * 22, huge)
    assert sent == []
