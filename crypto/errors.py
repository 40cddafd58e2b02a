"""The exception tree of the ``crypto`` package.

::

    CryptoError
    +-- DecodeError (also ValueError)      malformed bytes from outside
    +-- InvalidSignature                   a signature did not verify
    +-- DecryptError                       an AEAD or HPKE open failed
    +-- UnsupportedError                   a cipher suite or feature we do not implement

Messages never carry key material or plaintext: a failure says *what* failed,
never *with which bytes*, so an error cannot become an oracle or a leak.
"""


class CryptoError(Exception):
    """Root of every error raised by the ``crypto`` package."""


class DecodeError(CryptoError, ValueError):
    """Untrusted bytes do not parse as the expected structure."""


class InvalidSignature(CryptoError):  # noqa: N818 - the name pyca and PyNaCl use
    """A signature failed to verify."""


class DecryptError(CryptoError):
    """Authenticated decryption failed (wrong key, tampered ciphertext or tag)."""


class UnsupportedError(CryptoError):
    """The input names a cipher suite or feature this implementation does not support."""
