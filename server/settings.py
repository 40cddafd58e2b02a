"""Server configuration, read once from the environment into a frozen value.

There is no module-level settings object: ``create_app(settings)`` receives one,
so tests build as many differently configured apps as they like.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

__all__ = ["Settings", "SettingsError"]

_PREFIX = "KONSIL_"


class SettingsError(ValueError):
    """A ``KONSIL_*`` variable holds a value of the wrong kind; the message names it.

    The value itself is never quoted: an operator may have pasted a secret
    into the wrong variable.
    """


_KINDS = {bool: "true or false", int: "a whole number", float: "a number"}


def _parse_bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"not a boolean: {raw!r}")


def _parse(default: object, raw: str) -> object:
    """``raw`` as the type of ``default`` (bool before int: a bool is an int)."""
    if isinstance(default, bool):
        return _parse_bool(raw)
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything an operator may tune; each field maps to ``KONSIL_<FIELD>``.

    The defaults suit one instance on a laptop: SQLite in the working directory,
    listening on loopback only.
    """

    database_url: str = "sqlite:///konsil.db"
    host: str = "127.0.0.1"
    port: int = 8000
    # Connections (server/transport.py).
    max_connections: int = 1000  # fewer if the descriptor limit is lower
    max_connections_per_source: int = 100
    header_timeout_seconds: float = 10.0
    body_idle_seconds: float = 10.0
    send_stall_seconds: float = 10.0  # a reply the client does not read ends the connection
    trusted_proxies: str = ""  # addresses whose X-Forwarded-For names the source
    # Limits: every input is bounded (docs/server.md lists the status codes).
    max_body_bytes: int = 1024 * 1024
    max_message_bytes: int = 256 * 1024
    max_keypackage_bytes: int = 64 * 1024
    max_keypackages_per_account: int = 100
    max_page_size: int = 500
    max_page_bytes: int = 1024 * 1024  # ciphertext per page, however many envelopes
    # Request limits (server/ratelimit.py), in the ``limits`` notation. The store
    # is memory (one process) or a Redis URL that every instance shares.
    rate_limit_storage: str = "memory://"
    rate_limit_prefix: str = "konsil"  # one Redis may serve several deployments
    limit_account: str = "60 per 3 seconds"
    limit_source: str = "120 per minute"
    limit_login: str = "30 per minute"
    limit_claims_by: str = "60 per hour"
    limit_claims_of: str = "30 per hour"
    max_outstanding_challenges: int = 10_000
    # Credentials.
    token_lifetime_seconds: int = 3600
    challenge_lifetime_seconds: int = 120
    invitation_lifetime_seconds: int = 7 * 24 * 3600
    members_may_invite: bool = False
    # /openapi.json and the reference page at /docs (off: the schema maps every route).
    api_docs: bool = False
    # Realtime websocket fan-out (docs/realtime.md).
    ws_auth_timeout_seconds: float = 5.0
    ws_max_frame_bytes: int = 64 * 1024  # room for ws_max_cursors cursors
    ws_max_cursors: int = 1000
    ws_queue_size: int = 256
    ws_stall_seconds: float = 5.0
    ws_max_sockets: int = 1000  # websockets per process, authenticated or not
    ws_max_per_account: int = 8  # one account's websockets per process
    ws_window_size: int = 1024
    ws_window_bytes: int = 1024 * 1024  # one room's window of recent frames
    ws_total_window_bytes: int = 64 * 1024 * 1024  # all rooms' windows in one process
    ws_queue_bytes: int = 2 * 1024 * 1024  # frames waiting for one slow socket
    ws_sweep_seconds: float = 5.0
    ws_revalidate_seconds: float = 60.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``KONSIL_*`` variables; unset ones keep their default."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in fields(cls):
            raw = env.get(_PREFIX + field.name.upper())
            if raw is None:
                continue
            try:
                values[field.name] = _parse(field.default, raw)
            except ValueError:
                name = _PREFIX + field.name.upper()
                raise SettingsError(f"{name} must be {_KINDS[type(field.default)]}") from None
        return cls(**values)  # type: ignore[arg-type]  # values are typed per field above

    def __repr__(self) -> str:
        # The database URL may carry a password: never print it.
        return f"Settings(host={self.host!r}, port={self.port}, database=<hidden>)"
