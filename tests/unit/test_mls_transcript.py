"""Transcript hashes and the confirmation tag (RFC 9420 §8.2)."""

from __future__ import annotations

import pytest

from crypto.errors import InvalidSignature
from crypto.mls import transcript
from crypto.mls.commit import Commit
from crypto.mls.framing.content import FramedContent
from crypto.mls.framing.sender import Sender, WireFormat
from crypto.mls.group_context import Epoch
from crypto.mls.treemath import LeafIndex
from tests.unit.mls_samples import GROUP_ID, SUITE

CONTENT = FramedContent(GROUP_ID, Epoch(0), Sender.member(LeafIndex(0)), b"", Commit(()))
KEY = b"\x31" * 32


def _confirmed(interim: bytes, signature: bytes = b"sig") -> bytes:
    return transcript.confirmed_transcript_hash(
        SUITE, interim, WireFormat.PUBLIC_MESSAGE, CONTENT, signature
    )


def test_hashes_chain_over_every_input() -> None:
    first = _confirmed(b"")
    assert len(first) == SUITE.hash_size
    assert _confirmed(b"", b"other signature") != first
    interim = transcript.interim_transcript_hash(SUITE, first, b"tag")
    assert interim != transcript.interim_transcript_hash(SUITE, first, b"gat")
    assert _confirmed(interim) != first


def test_confirmation_tag_verifies_only_its_own_transcript() -> None:
    confirmed = _confirmed(b"")
    tag = transcript.confirmation_tag(SUITE, KEY, confirmed)
    transcript.verify_confirmation_tag(SUITE, KEY, confirmed, tag)
    with pytest.raises(InvalidSignature):
        transcript.verify_confirmation_tag(SUITE, KEY, _confirmed(b"x"), tag)
    with pytest.raises(InvalidSignature):
        transcript.verify_confirmation_tag(SUITE, b"\x32" * 32, confirmed, tag)
