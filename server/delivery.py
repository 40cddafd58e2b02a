"""The append path: one function that stores an envelope and then tells the notifier.

Kept in one place so that the websocket fan-out of a later issue plugs into
``Services.notifier`` without touching storage or the HTTP routes.
"""

from __future__ import annotations

from sqlalchemy import Connection

from server.envelopes import check_envelope
from server.notifier import ACCOUNT_EVENTS
from server.services import Services
from server.store import log
from server.store.log import NewEnvelope, StoredEnvelope

__all__ = ["credentials_changed", "post_envelope", "stage_credentials_change"]


def post_envelope(
    services: Services, room_id: str, account_id: int, envelope: NewEnvelope
) -> tuple[StoredEnvelope, bool]:
    """Append ``envelope`` durably; notify only for a new one (staged, then after the commit).

    Its size must be a padding bucket within the message limit (``server.envelopes``).
    """
    check_envelope(envelope.ciphertext, services.settings.max_message_bytes)
    with services.database.transaction() as conn:
        stored, created = log.append(
            conn, room_id, account_id, envelope, hour=services.current_hour()
        )
        if created:
            services.notifier.envelope_staged(conn, room_id, stored.seq)
    if created:
        services.notifier.envelope_appended(room_id, stored.seq)
    return stored, created


def stage_credentials_change(services: Services, conn: Connection, account_id: int) -> None:
    """Inside the transaction of a key rotation or a logout: other instances hear of it
    when (and only if) it commits, as they hear of an envelope."""
    services.notifier.envelope_staged(conn, ACCOUNT_EVENTS, account_id)


def credentials_changed(services: Services, account_id: int) -> None:
    """After that transaction has committed: this process's connections of the account
    re-check their tokens at once.

    If this process dies before telling, the connections still re-check
    within ``ws_revalidate_seconds``.
    """
    services.notifier.envelope_appended(ACCOUNT_EVENTS, account_id)
