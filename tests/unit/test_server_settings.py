"""``Settings.from_env``: typed values from ``KONSIL_*`` variables, defaults otherwise."""

from __future__ import annotations

import pytest

from server.settings import Settings


def test_defaults_listen_on_loopback_with_sqlite_in_the_working_directory() -> None:
    settings = Settings.from_env({})
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.database_url == "sqlite:///konsil.db"
    assert settings.members_may_invite is False


def test_values_are_parsed_to_their_field_types() -> None:
    settings = Settings.from_env(
        {
            "KONSIL_DATABASE_URL": "postgresql://u:secret@db/konsil",
            "KONSIL_PORT": "9000",
            "KONSIL_RATE_PER_SECOND": "2.5",
            "KONSIL_MEMBERS_MAY_INVITE": "yes",
            "UNRELATED": "x",
        }
    )
    assert settings.port == 9000
    assert settings.rate_per_second == 2.5
    assert settings.members_may_invite is True
    assert "secret" not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value"), [("KONSIL_PORT", "eighty"), ("KONSIL_MEMBERS_MAY_INVITE", "maybe")]
)
def test_malformed_values_are_refused(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=r".+"):
        Settings.from_env({name: value})
