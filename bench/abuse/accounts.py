"""An account as a client holds it: handle, signing key, source address, server, token."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nacl.signing import SigningKey

__all__ = ["Account"]


@dataclass
class Account:
    handle: str
    key: SigningKey
    source: str
    base_url: str
    token: str = ""
    room: str = ""  # the room this account posts to (honest: its one room)

    def spec(self) -> dict[str, str]:
        """What an attacker process needs to act as this account (key included)."""
        return {
            "handle": self.handle,
            "seed": bytes(self.key).hex(),
            "source": self.source,
            "base_url": self.base_url,
            "token": self.token,
            "room": self.room,
        }

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> Account:
        key = SigningKey(bytes.fromhex(spec["seed"]))
        fields = ("handle", "source", "base_url", "token", "room")
        return cls(key=key, **{name: str(spec[name]) for name in fields})
