"""transcript-hashes.json: confirmed/interim transcript hashes and the confirmation tag (§8.2)."""

from __future__ import annotations

from crypto.mls import transcript
from crypto.mls.framing.authenticated import AuthenticatedContent
from crypto.mls.testvectors.common import Case, VectorMismatchError, expect, hex_field, suite_of


def check(case: Case) -> None:
    """Decode the Commit's AuthenticatedContent, update both hashes, verify its tag."""
    suite = suite_of(case)
    encoded = hex_field(case, "authenticated_content")
    content = AuthenticatedContent.from_bytes(encoded)
    expect("authenticated_content re-encoding", content.to_bytes(), encoded)
    tag = content.auth.confirmation_tag
    if tag is None:
        raise VectorMismatchError("authenticated_content does not hold a commit")
    confirmed = transcript.confirmed_transcript_hash(
        suite,
        hex_field(case, "interim_transcript_hash_before"),
        content.wire_format,
        content.content,
        content.auth.signature,
    )
    expect(
        "confirmed_transcript_hash_after",
        confirmed,
        hex_field(case, "confirmed_transcript_hash_after"),
    )
    transcript.verify_confirmation_tag(suite, hex_field(case, "confirmation_key"), confirmed, tag)
    interim = transcript.interim_transcript_hash(suite, confirmed, tag)
    expect(
        "interim_transcript_hash_after", interim, hex_field(case, "interim_transcript_hash_after")
    )
