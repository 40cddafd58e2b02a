"""What the server holds after the story: what a seizure of it would yield.

Row counts per table, the public header of one stored MLS envelope, the case
blob, a search of the raw database files for every text of the story, and
the project's own ``konsil-server audit``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from demo.stage import WIDTH, DemoError, Narrator, Server
from demo.story import plaintexts

__all__ = ["show_server_holdings"]


def show_server_holdings(say: Narrator, server: Server) -> None:
    """Row counts, one ciphertext envelope, a search for every text, and the audit."""
    say.heading("What the server holds (what a seizure of it would yield)")
    say.step("auditor", f"counts the rows of every table in {server.database.name}")
    counts, envelope, blob = _read_database(server.database)
    say.show(*_wrap(", ".join(f"{table} {n}" for table, n in counts)))
    if envelope is not None:
        say.step("auditor", "looks at the newest stored message envelope")
        say.show(*_describe_envelope(*envelope))
    if blob is not None:
        say.step("auditor", "looks at the stored case blob")
        say.show(
            f"{len(blob)} bytes, exactly one padding bucket, sealed under the case's own key",
            "(that key travelled only inside the room's MLS messages):",
            f"{blob[:40].hex()}...",
        )
    say.step("auditor", "searches the database files for every text of the story")
    database_files = (server.database, server.database.with_name(server.database.name + "-wal"))
    raw = b"".join(path.read_bytes() for path in database_files if path.exists())
    found = [text for text in plaintexts() if text.encode() in raw]
    if found:
        raise DemoError(f"the database holds a plaintext: {found[0]!r}")
    what = "room name, topic, case phrases, contributions"
    say.show(f"none of the {len(plaintexts())} texts ({what}) is there")
    say.step("auditor", "runs konsil-server audit on the database and the server's log")
    url = server.env["KONSIL_DATABASE_URL"]
    report = server.admin("audit", "--database-url", url, "--log", str(server.log))
    picked = [
        line.strip()
        for line in report.splitlines()
        if "ciphertext]" in line or "envelope]" in line or line.startswith("Findings")
    ]
    say.show(*picked)


def _wrap(text: str, width: int = WIDTH - 4) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _read_database(
    path: Path,
) -> tuple[list[tuple[str, int]], tuple[int, bytes] | None, bytes | None]:
    """Row counts per table, the newest application envelope (seq, bytes) and one blob."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            str(name)
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            )
        ]
        counts = [
            (table, int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]))  # noqa: S608 - names from sqlite_master
            for table in tables
        ]
        newest = connection.execute(
            "SELECT seq, ciphertext FROM messages WHERE kind = 'application'"
            " ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        blob = connection.execute("SELECT data FROM blobs LIMIT 1").fetchone()
    finally:
        connection.close()
    envelope = None if newest is None else (int(newest[0]), bytes(newest[1]))
    return counts, envelope, None if blob is None else bytes(blob[0])


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """An RFC 9420 §2.1.2 variable-length integer at ``at``: (value, next offset)."""
    prefix = data[at] >> 6
    if prefix == 3:
        raise ValueError("invalid variable-length integer")
    size = 1 << prefix
    value = data[at] & 0x3F
    for byte in data[at + 1 : at + size]:
        value = value << 8 | byte
    return value, at + size


def _describe_envelope(seq: int, data: bytes) -> list[str]:
    """The public header of an MLS PrivateMessage (RFC 9420 §6.3) and its ciphertext's start.

    The envelope is the MLS message padded to a bucket, the padding after it.
    """
    try:
        if data[:4] != b"\x00\x01\x00\x02":
            raise ValueError("not an mls10 PrivateMessage")
        size, at = _varint(data, 4)
        group_id, at = data[at : at + size], at + size
        epoch, content_type, at = int.from_bytes(data[at : at + 8], "big"), data[at + 8], at + 9
        pieces = []
        for _ in range(3):  # authenticated_data, encrypted_sender_data, ciphertext
            size, at = _varint(data, at)
            pieces.append(data[at : at + size])
            at += size
    except (IndexError, ValueError):
        return [f"#{seq}: {len(data)} bytes: {data[:32].hex()}..."]
    kinds = {1: "application", 2: "proposal", 3: "commit"}
    return [
        f"#{seq}: {len(data)} bytes (a padding bucket), an MLS 1.0 PrivateMessage of {at} bytes",
        "and its padding. In the clear only: the group id",
        f"{group_id.decode('ascii', 'replace')} (= the room id), epoch {epoch}, "
        f"content type {kinds.get(content_type, content_type)}",
        f"encrypted sender ({len(pieces[1])} bytes) and content ({len(pieces[2])} bytes, padded):",
        f"{pieces[2][:40].hex()}...",
    ]
