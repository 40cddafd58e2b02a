"""Our KeyPackages (RFC 9420 §10): make them, keep their private keys, publish them.

Peers add us to rooms while we are offline by claiming one of our published
KeyPackages; the Welcome that follows names it by KeyPackageRef, and only
the private keys kept here can open it. One-time packages are forgotten
once used; a *last-resort* package is kept so the directory never runs dry.
"""

from __future__ import annotations

from client_lib.device import Device
from client_lib.errors import IdentityError, NotRegisteredError
from client_lib.identity import Identity
from client_lib.roles import ROLES_EXTENSION
from client_lib.store.records import KeyPackageRecord, Profile
from crypto.mls.ciphersuite import CipherSuite, get_cipher_suite
from crypto.mls.credential import Credential
from crypto.mls.framing.message import MLSMessage
from crypto.mls.group import KeyPackageBundle, generate_key_package
from crypto.mls.key_package import KeyPackage
from crypto.mls.welcome import Welcome

__all__ = [
    "SUITE",
    "bundle_for",
    "credential_for",
    "forget_used",
    "new_bundle",
    "publish",
    "top_up",
]

SUITE: CipherSuite = get_cipher_suite(1)
"""MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519: the Ed25519 identity key signs in MLS too."""

BATCH = 10
LOW_WATER = 3


def credential_for(handle: str) -> Credential:
    """Our MLS credential: the handle, bound to the leaf's signature key by pinning."""
    return Credential.basic(handle.encode("utf-8"))


def new_bundle(identity: Identity, handle: str, *, last_resort: bool = False) -> KeyPackageBundle:
    """A fresh KeyPackage signed by our identity key, with its private keys."""
    return generate_key_package(
        SUITE,
        credential_for(handle),
        identity.seed,
        last_resort=last_resort,
        extension_types=(ROLES_EXTENSION,),
    )


def _remember(profile: Profile, bundle: KeyPackageBundle, *, last_resort: bool) -> bytes:
    package = bundle.key_package
    profile.keypackages[package.ref(SUITE).hex()] = KeyPackageRecord(
        package.to_bytes(), bundle.init_private_key, bundle.encryption_private_key, last_resort
    )
    return MLSMessage(package).to_bytes()


def publish(device: Device, count: int = BATCH, *, new_last_resort: bool = False) -> int:
    """Make ``count`` packages (and a last-resort one if we have none, or if asked) and
    upload them; a new last-resort package replaces the server's.

    The private halves are saved in the store *before* the upload, so a
    package is never published whose keys could be lost. An earlier
    last-resort package keeps its keys: Welcomes addressed to it may still
    be waiting in the inbox.
    """
    profile, identity = device.profile, device.identity
    handle = _handle(profile)
    packages = [
        _remember(profile, new_bundle(identity, handle), last_resort=False) for _ in range(count)
    ]
    last = None
    if new_last_resort or not any(record.last_resort for record in profile.keypackages.values()):
        last = _remember(profile, new_bundle(identity, handle, last_resort=True), last_resort=True)
    device.save()
    return device.api.upload_keypackages(packages, last).remaining


def top_up(device: Device) -> bool:
    """Publish a batch when the server holds fewer than a few, and a new last-resort
    package once the server says it handed ours out; True if it published."""
    count = device.api.keypackage_count()
    low = count.remaining < LOW_WATER
    if not low and not count.last_resort_used:
        return False
    publish(device, BATCH if low else 0, new_last_resort=count.last_resort_used)
    return True


def bundle_for(
    profile: Profile, identity: Identity, welcome: Welcome
) -> tuple[str, KeyPackageBundle]:
    """The KeyPackage of ours that ``welcome`` is addressed to, with its private keys."""
    for entry in welcome.secrets:
        record = profile.keypackages.get(entry.new_member.hex())
        if record is not None:
            bundle = KeyPackageBundle(
                KeyPackage.from_bytes(record.key_package),
                record.init_private,
                record.encryption_private,
                identity.seed,
            )
            return entry.new_member.hex(), bundle
    raise IdentityError("a Welcome names none of our KeyPackages (were they made elsewhere?)")


def forget_used(profile: Profile, ref: str) -> None:
    """Drop a one-time package's private keys once its Welcome is processed (§16.8)."""
    record = profile.keypackages.get(ref)
    if record is not None and not record.last_resort:
        del profile.keypackages[ref]


def _handle(profile: Profile) -> str:
    if profile.handle is None:
        raise NotRegisteredError
    return profile.handle
