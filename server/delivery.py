"""The append path: one function that stores an envelope and then tells the notifier.

Kept in one place so that the websocket fan-out of a later issue plugs into
``Services.notifier`` without touching storage or the HTTP routes.
"""

from __future__ import annotations

from server.envelopes import check_envelope
from server.services import Services
from server.store import log
from server.store.log import NewEnvelope, StoredEnvelope

__all__ = ["post_envelope"]


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
