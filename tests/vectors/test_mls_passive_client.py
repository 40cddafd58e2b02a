"""The passive-client vectors (RFC 9420 §12.4.2, §12.4.3.1), per suite and tampered.

``test_mls_vectors.py`` runs both files through the command-line runner; this
file checks that every supported suite is covered and that a passive member
refuses what the official Commits become when altered.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from crypto.errors import CryptoError, InvalidSignature
from crypto.mls.ciphersuite import SUPPORTED_CIPHER_SUITES
from crypto.mls.framing.message import MLSMessage
from crypto.mls.framing.public import PublicMessage
from crypto.mls.group import InvalidCommitError, StaleEpochError
from crypto.mls.group.commit_process import stage_commit
from crypto.mls.group.handshake import verify_public_message
from crypto.mls.group.state import GroupState
from crypto.mls.testvectors.check_passive_client import check, join_case
from tests.vectors.loader import load_vectors

pytestmark = pytest.mark.vectors

WELCOME = [c for c in load_vectors("mls/passive-client-welcome.json")]
COMMITS = [c for c in load_vectors("mls/passive-client-handling-commit.json")]


def _supported(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in cases if c["cipher_suite"] in SUPPORTED_CIPHER_SUITES]


@pytest.mark.parametrize(("cases", "per_suite"), [(WELCOME, 8), (COMMITS, 13)])
def test_every_supported_suite_is_covered(cases: list[dict[str, Any]], per_suite: int) -> None:
    counts = Counter(c["cipher_suite"] for c in _supported(cases))
    assert counts == dict.fromkeys(sorted(SUPPORTED_CIPHER_SUITES), per_suite)
    for case in _supported(cases):
        check(case)


def _public(raw: str) -> PublicMessage:
    body = MLSMessage.from_bytes(bytes.fromhex(raw)).body
    assert isinstance(body, PublicMessage)
    return body


def _psks(case: dict[str, Any]) -> dict[bytes, bytes]:
    return {bytes.fromhex(p["psk_id"]): bytes.fromhex(p["psk"]) for p in case["external_psks"]}


BY_REFERENCE = [c for c in _supported(COMMITS) if c["epochs"][1]["proposals"]]


def _advance_one_epoch(case: dict[str, Any]) -> GroupState:
    """Join and process the first Commit (which these cases make inline)."""
    state = join_case(case)
    assert not case["epochs"][0]["proposals"]
    first = verify_public_message(state, _public(case["epochs"][0]["commit"]))
    staged = stage_commit(state, first, pending={}, external_psks=_psks(case))
    assert staged.new_state is not None
    return staged.new_state


def test_some_cases_commit_by_reference() -> None:
    assert len(BY_REFERENCE) >= 3


@pytest.mark.parametrize("case", BY_REFERENCE[:3])
def test_commit_without_its_proposals_is_refused(case: dict[str, Any]) -> None:
    state = _advance_one_epoch(case)
    authenticated = verify_public_message(state, _public(case["epochs"][1]["commit"]))
    with pytest.raises(InvalidCommitError, match="unknown proposal"):
        stage_commit(state, authenticated, pending={}, external_psks=_psks(case))


@pytest.mark.parametrize("case", _supported(COMMITS)[:3])
def test_flipped_membership_tag_is_refused(case: dict[str, Any]) -> None:
    state = join_case(case)
    raw = bytearray(bytes.fromhex(case["epochs"][0]["commit"]))
    raw[-1] ^= 0x01
    body = MLSMessage.from_bytes(bytes(raw)).body
    assert isinstance(body, PublicMessage)
    with pytest.raises(InvalidSignature):
        verify_public_message(state, body)


@pytest.mark.parametrize("case", _supported(COMMITS)[:3])
def test_commit_of_a_later_epoch_is_refused(case: dict[str, Any]) -> None:
    state = join_case(case)
    with pytest.raises(StaleEpochError):
        verify_public_message(state, _public(case["epochs"][1]["commit"]))


@pytest.mark.parametrize("case", [c for c in _supported(WELCOME) if c["external_psks"]][:3])
def test_welcome_with_a_wrong_psk_is_refused(case: dict[str, Any]) -> None:
    wrong = dict(case)
    wrong["external_psks"] = [{**p, "psk": "00" * 32} for p in case["external_psks"]]
    with pytest.raises(CryptoError):
        join_case(wrong)
