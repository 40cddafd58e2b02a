"""Case reflections: drafted, anonymised, reviewed, encrypted, consulted on, shredded.

``document`` (the structured case and its two forms), ``review`` (anonymise
every field at once; the report the author confirms; the author's own view),
``sealing`` (a padded AEAD blob under a fresh per-case key), ``protocol``
(case messages in a room), ``ledger`` (every client's identical view of a
room's cases), ``authored`` (drafts and placeholder maps: author-only),
``rotation`` (a new key when a key holder left: author-only) and ``service``
(submit, show, reply, phase, close, destroy).

The room sync depends on ``ledger`` and ``authored``, so this package's
``__init__`` does not import ``service`` (which depends on the rooms): import
``client_lib.cases.service`` for the operations.
"""

from client_lib.cases.document import POLICIES, CaseDocument, HistoryPolicy, parse_sections
from client_lib.cases.ledger import CaseState, ThreadEntry, fold
from client_lib.cases.protocol import PHASES, CaseMessage
from client_lib.cases.sealing import new_case_key, open_blob, seal_blob

__all__ = [
    "PHASES",
    "POLICIES",
    "CaseDocument",
    "CaseMessage",
    "CaseState",
    "HistoryPolicy",
    "ThreadEntry",
    "fold",
    "new_case_key",
    "open_blob",
    "parse_sections",
    "seal_blob",
]
