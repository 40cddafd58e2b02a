"""``Settings.from_env``: typed values from ``KONSIL_*`` variables, defaults otherwise."""

from __future__ import annotations

import pytest

from server.ratelimit import RequestLimits
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
            "KONSIL_WS_STALL_SECONDS": "2.5",
            "KONSIL_MEMBERS_MAY_INVITE": "yes",
            "UNRELATED": "x",
        }
    )
    assert settings.port == 9000
    assert settings.ws_stall_seconds == 2.5
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
        ("KONSIL_MAX_PAGE_SIZE", "a whole number"),
        ("KONSIL_WS_STALL_SECONDS", "a number"),
        ("KONSIL_API_DOCS", "true or false"),
    ],
)
def test_a_malformed_value_names_its_variable_but_not_the_value(name: str, kind: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({name: "hunter2-secret"})
    assert str(raised.value) == f"{name} must be {kind}"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("limit_source", "hunter2-secret", "KONSIL_LIMIT_SOURCE must read like '30 per minute'"),
        ("limit_claims_of", "3 per fortnight", "KONSIL_LIMIT_CLAIMS_OF must read like"),
        ("rate_limit_storage", "hunter2://x", "KONSIL_RATE_LIMIT_STORAGE must be memory://"),
        ("rate_limit_storage", "async+memory://", "KONSIL_RATE_LIMIT_STORAGE must be memory://"),
    ],
)
def test_malformed_limits_are_refused_at_start_naming_the_variable(
    name: str, value: str, message: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        RequestLimits(Settings.from_env({f"KONSIL_{name.upper()}": value}))
    assert str(raised.value).startswith(message)
    assert "hunter2" not in str(raised.value)
