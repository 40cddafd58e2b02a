"""What the main process tells an attacker process: which attack, for how long, against what."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bench.abuse.accounts import Account

__all__ = ["Spec"]


@dataclass
class Spec:
    attack: str
    seconds: float
    targets: list[str]  # base URLs of every instance
    sources: list[str] = field(default_factory=list)  # anonymous loopback addresses
    accounts: list[Account] = field(default_factory=list)  # attacker accounts, with tokens
    victim: str = ""  # an honest member's handle

    def to_json(self) -> str:
        document: dict[str, Any] = {
            "attack": self.attack,
            "seconds": self.seconds,
            "targets": self.targets,
            "sources": self.sources,
            "accounts": [account.spec() for account in self.accounts],
            "victim": self.victim,
        }
        return json.dumps(document)

    @classmethod
    def from_json(cls, text: str) -> Spec:
        document = json.loads(text)
        document["accounts"] = [Account.from_spec(a) for a in document["accounts"]]
        return cls(**document)
