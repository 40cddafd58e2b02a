"""``Settings.from_env``: typed values from ``KONSIL_*`` variables, defaults otherwise."""

from __future__ import annotations

import pytest

from server.settings import Settings, SettingsError


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


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("KONSIL_RATE_BURST", "a whole number"),
        ("KONSIL_RATE_PER_SECOND", "a number"),
        ("KONSIL_API_DOCS", "true or false"),
    ],
)
def test_a_malformed_value_names_its_variable_but_not_the_value(name: str, kind: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({name: "hunter2-secret"})
    assert str(raised.value) == f"{name} must be {kind}"
