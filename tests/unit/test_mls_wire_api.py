"""Public surface of the MLS wire-structure, framing and Welcome modules."""

from __future__ import annotations

import importlib

import pytest

MODULES = [
    "crypto.mls.commit",
    "crypto.mls.credential",
    "crypto.mls.framing",
    "crypto.mls.framing.authenticated",
    "crypto.mls.framing.content",
    "crypto.mls.framing.message",
    "crypto.mls.framing.padding",
    "crypto.mls.framing.private",
    "crypto.mls.framing.private_protect",
    "crypto.mls.framing.public",
    "crypto.mls.framing.sender",
    "crypto.mls.group_info",
    "crypto.mls.key_package",
    "crypto.mls.leaf_node",
    "crypto.mls.proposals",
    "crypto.mls.psk_id",
    "crypto.mls.transcript",
    "crypto.mls.update_path",
    "crypto.mls.welcome",
    "crypto.mls.welcome_protect",
    "crypto.mls.wire",
]


def _isort_key(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions: the order ruff's RUF022 keeps."""
    if name.isupper():
        return 0, name
    return (1 if name[0].isupper() else 2), name


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_small_and_resolves(name: str) -> None:
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported, key=_isort_key)
    assert len(exported) <= 15
    for attribute in exported:
        assert hasattr(module, attribute), attribute
