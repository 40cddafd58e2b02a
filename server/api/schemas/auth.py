"""Accounts, login challenges, tokens, key rotation and invitations on the wire."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from server.api.schemas.common import B64, Handle, StrictBody

__all__ = [
    "AccountCreate",
    "AccountPublic",
    "ChallengeCreate",
    "ChallengePublic",
    "InvitationCreate",
    "InvitationPublic",
    "KeyRotationCreate",
    "LoginCreate",
    "TokenPublic",
]


def _exact_length(size: int) -> AfterValidator:
    def check(value: bytes) -> bytes:
        if len(value) != size:
            raise ValueError(f"must be exactly {size} bytes")
        return value

    return AfterValidator(check)


PublicKey = Annotated[B64, _exact_length(32)]
Signature = Annotated[B64, _exact_length(64)]
Nonce = Annotated[B64, _exact_length(32)]
SecretText = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{43}$")]


class AccountCreate(StrictBody):
    handle: Handle
    public_key: PublicKey = Field(description="Ed25519 public key")
    invitation: SecretText
    signature: Signature = Field(
        description="Ed25519 over the registration message, by the key registered (docs/server.md)"
    )


class AccountPublic(BaseModel):
    handle: Handle
    public_key: PublicKey


class ChallengeCreate(StrictBody):
    handle: Handle


class ChallengePublic(BaseModel):
    nonce: Nonce
    expires_at: int


class LoginCreate(StrictBody):
    handle: Handle
    nonce: Nonce
    signature: Signature = Field(description="Ed25519 over the login message (docs/server.md)")


class TokenPublic(BaseModel):
    token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the scheme name, not a secret
    expires_at: int


class KeyRotationCreate(StrictBody):
    handle: Handle
    nonce: Nonce
    new_public_key: PublicKey
    signature_old: Signature = Field(description="Rotation message signed by the old key")
    signature_new: Signature = Field(description="The same message signed by the new key")


class InvitationCreate(StrictBody):
    expires_in_seconds: int | None = Field(default=None, ge=60, le=30 * 86400)


class InvitationPublic(BaseModel):
    token: str
    expires_at: int
