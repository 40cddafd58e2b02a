"""Offline anonymisation of case reflections (project issue 7).

``anonymise(text, lang=None, known=())`` returns the shareable text, a review
report and the placeholder map that must stay in the author's sealed store.
"""

from client_lib.anonymise.known import KnownValue, parse_known
from client_lib.anonymise.pipeline import AnonymisedText, PlaceholderMap, anonymise
from client_lib.anonymise.types import Entity, EntityType

__all__ = [
    "AnonymisedText",
    "Entity",
    "EntityType",
    "KnownValue",
    "PlaceholderMap",
    "anonymise",
    "parse_known",
]
