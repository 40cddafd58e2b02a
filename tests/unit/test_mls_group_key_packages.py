"""KeyPackages (RFC 9420 §10): generation, validation, lifetime, last-resort packages."""

from __future__ import annotations

import dataclasses

import pytest

from crypto.mls.ciphersuite import get_cipher_suite
from crypto.mls.credential import Credential
from crypto.mls.group import Group, generate_key_package, validate_key_package
from crypto.mls.group.errors import InvalidKeyPackageError, InvalidLeafNodeError
from crypto.mls.group.key_packages import DEFAULT_LIFETIME, is_last_resort
from tests.unit.mls_group_fixtures import SUITE, new_client

NOW = 1_800_000_000


def test_generated_package_is_valid_now_and_not_later() -> None:
    key = SUITE.generate_signature_key_pair().private_key
    bundle = generate_key_package(SUITE, Credential.basic(b"erin"), key, now=lambda: NOW)
    validate_key_package(SUITE, bundle.key_package, now=NOW)
    with pytest.raises(InvalidLeafNodeError, match="lifetime"):
        validate_key_package(SUITE, bundle.key_package, now=NOW + DEFAULT_LIFETIME + 1)
    assert SUITE.hpke_public_key(bundle.init_private_key) == bundle.key_package.init_key
    leaf = bundle.key_package.leaf_node
    assert SUITE.hpke_public_key(bundle.encryption_private_key) == leaf.encryption_key
    assert not is_last_resort(bundle.key_package)


def test_default_types_are_not_listed_in_capabilities() -> None:
    capabilities = new_client("x").key_package.leaf_node.capabilities
    assert not set(capabilities.proposals) & set(range(1, 8))
    assert not set(capabilities.extensions) & set(range(1, 6))


def test_last_resort_marker() -> None:
    key = SUITE.generate_signature_key_pair().private_key
    bundle = generate_key_package(SUITE, Credential.basic(b"e"), key, last_resort=True)
    assert is_last_resort(bundle.key_package)
    validate_key_package(SUITE, bundle.key_package, now=None)


def test_tampered_package_is_refused() -> None:
    package = new_client("x").key_package
    tampered = dataclasses.replace(package, init_key=SUITE.generate_hpke_key_pair().public_key)
    with pytest.raises(InvalidKeyPackageError):
        validate_key_package(SUITE, tampered, now=None)


def test_package_reusing_its_leaf_key_as_init_key_is_refused() -> None:
    package = new_client("x").key_package
    same = dataclasses.replace(package, init_key=package.leaf_node.encryption_key)
    with pytest.raises(InvalidKeyPackageError):
        validate_key_package(SUITE, same, now=None)


def test_expired_package_cannot_be_added() -> None:
    group = Group.create(new_client("alice"))
    key = SUITE.generate_signature_key_pair().private_key
    old = generate_key_package(SUITE, Credential.basic(b"old"), key, now=lambda: NOW)
    with pytest.raises(InvalidLeafNodeError):
        group.commit(add=[old.key_package], now=NOW + 2 * DEFAULT_LIFETIME)
    group.commit(add=[old.key_package], now=NOW)


def test_package_for_another_suite_cannot_be_added() -> None:
    group = Group.create(new_client("alice"))
    other = new_client("bob", get_cipher_suite(3)).key_package
    with pytest.raises(InvalidKeyPackageError):
        group.commit(add=[other])
