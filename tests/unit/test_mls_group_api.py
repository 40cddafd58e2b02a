"""The public surface of ``crypto.mls.group``: small, sorted, typed errors."""

from __future__ import annotations

import crypto.mls.group as group_package
from crypto.errors import CryptoError, DecodeError
from crypto.mls.group import errors


def test_all_is_sorted_small_and_importable() -> None:
    names = group_package.__all__
    assert names == sorted(names)
    assert len(names) <= 15
    for name in names:
        assert getattr(group_package, name) is not None


def test_every_group_error_is_a_crypto_error() -> None:
    for name in errors.__all__:
        error = getattr(errors, name)
        assert issubclass(error, errors.GroupError)
        assert issubclass(error, CryptoError)
    assert issubclass(errors.CorruptStateError, DecodeError)
