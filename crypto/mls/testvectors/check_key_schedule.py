"""key-schedule.json: the epoch key schedule chained over several epochs (RFC 9420 §8).

The exporter's ``label`` is used as the ASCII text of the string as written
(its hex digits are the label bytes); see the vectors' README.
"""

from __future__ import annotations

from crypto.mls.ciphersuite import CipherSuite
from crypto.mls.group_context import Epoch, GroupContext
from crypto.mls.key_schedule import EpochSecrets, derive_epoch_secrets
from crypto.mls.testvectors.common import Case, expect, hex_field, suite_of

_SECRETS = (
    "joiner_secret",
    "welcome_secret",
    "init_secret",
    "sender_data_secret",
    "encryption_secret",
    "exporter_secret",
    "epoch_authenticator",
    "external_secret",
    "confirmation_key",
    "membership_key",
    "resumption_psk",
)


def _check_epoch(suite: CipherSuite, epoch: Case, secrets: EpochSecrets) -> None:
    for name in _SECRETS:
        expect(name, getattr(secrets, name), hex_field(epoch, name))
    expect(
        "external_pub",
        secrets.external_key_pair(suite).public_key,
        hex_field(epoch, "external_pub"),
    )
    exporter = epoch["exporter"]
    exported = secrets.export(
        suite, exporter["label"].encode("ascii"), hex_field(exporter, "context"), exporter["length"]
    )
    expect("exporter.secret", exported, hex_field(exporter, "secret"))


def check(case: Case) -> None:
    """Run every epoch from the initial init_secret, feeding each init_secret forward."""
    suite = suite_of(case)
    group_id = hex_field(case, "group_id")
    init_secret = hex_field(case, "initial_init_secret")
    for number, epoch in enumerate(case["epochs"]):
        context = GroupContext(
            suite.suite_id,
            group_id,
            Epoch(number),
            hex_field(epoch, "tree_hash"),
            hex_field(epoch, "confirmed_transcript_hash"),
        )
        expect(
            f"epoch {number} group_context", context.to_bytes(), hex_field(epoch, "group_context")
        )
        secrets = derive_epoch_secrets(
            suite,
            init_secret,
            hex_field(epoch, "commit_secret"),
            hex_field(epoch, "psk_secret"),
            context,
        )
        _check_epoch(suite, epoch, secrets)
        init_secret = secrets.init_secret
