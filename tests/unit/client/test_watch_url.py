"""The websocket address follows the server URL's scheme."""

from __future__ import annotations

import pytest

from client_lib.errors import UnreachableError
from client_lib.watch import wait_for_news, ws_url


def test_ws_url() -> None:
    assert ws_url("http://127.0.0.1:8000") == "ws://127.0.0.1:8000/v1/ws"
    assert ws_url("https://konsil.example") == "wss://konsil.example/v1/ws"


def test_no_server_is_one_clear_error() -> None:
    with pytest.raises(UnreachableError, match="live channel"):
        wait_for_news("http://127.0.0.1:9", "token", {}, timeout=1.0)
