"""The exception tree of ``client_lib``.

::

    KonsilError
    +-- AnonymiseError          the anonymiser cannot safely process a text
    +-- StoreError              the sealed local store is missing, corrupt or locked
    +-- ServerError             the server refused or failed a request

The CLI prints ``str(error)`` as one line and exits non-zero; messages never
contain case text, keys or tokens.
"""


class KonsilError(Exception):
    """Root of every error raised by ``client_lib``."""


class AnonymiseError(KonsilError):
    """The anonymiser cannot safely process a text (for example an unsupported language)."""


class StoreError(KonsilError):
    """The sealed local store is missing, corrupt, truncated or the passphrase is wrong."""


class ServerError(KonsilError):
    """The server refused or failed a request."""
