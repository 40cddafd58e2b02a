"""``konsil watch`` says what it is doing: catching up, connected, lost, reconnected.

Issue 14: the watch printed nothing until the first message arrived. Here a
real ``konsil watch`` process follows a room while its server is stopped and
started again on the same port; its status lines (stderr) come in order and
no message is lost across the outage.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path
from typing import IO

import pytest

from tests.support.databases import sqlite_url
from tests.support.practitioners import KONSIL, enrol
from tests.support.processes import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _lines(stream: IO[str]) -> tuple[queue.Queue[str], threading.Thread]:
    """The lines of ``stream`` as they come, read by a thread (ends with the stream)."""
    found: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            found.put(line)

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    return found, thread


def _until(lines: queue.Queue[str], phrase: str, seen: list[str], timeout: float = 60) -> None:
    while True:
        line = lines.get(timeout=timeout)
        seen.append(line.strip())
        if phrase in line:
            return


def test_watch_reports_its_connection_and_rides_out_a_restart(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    seen: list[str] = []
    with running_server(url, tmp_path) as server:
        alice = enrol(tmp_path, server, url, "alice")
        bob = enrol(tmp_path, server, url, "bob")
        room_id = alice.json("room", "create", "Case 7")["room_id"]
        alice.run("room", "invite", "Case 7", "bob")
        bob.run("room", "accept", room_id)
        watcher = subprocess.Popen(
            [str(KONSIL), "watch", "--count", "2", "--timeout", "120", "--json"],
            env=bob.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert watcher.stderr is not None
        status, pump = _lines(watcher.stderr)
        _until(status, "connected; watching", seen)
        alice.run("send", "Case 7", "before the restart")
    try:  # the server stopped at the end of the block
        _until(status, "connection to the server was lost; reconnecting", seen)
        with running_server(url, tmp_path, port=server.port):
            _until(status, "reconnected", seen)
            alice.run("send", "Case 7", "after the restart")
            watcher.wait(timeout=60)
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait()
        assert watcher.stdout is not None
        out = watcher.stdout.read()
        pump.join(timeout=10)
        watcher.stdout.close()
        watcher.stderr.close()
    assert watcher.returncode == 0, seen
    assert [line.removeprefix("konsil: ") for line in seen] == [
        "catching up on your rooms...",
        "connected; watching for new messages; Ctrl-C stops",
        "the connection to the server was lost; reconnecting...",
        "catching up on your rooms...",
        "reconnected; watching for new messages again",
    ]
    texts = [
        event["text"]
        for line in out.splitlines()
        for event in json.loads(line)["events"]
        if event["kind"] == "message"
    ]
    assert texts == ["before the restart", "after the restart"]
