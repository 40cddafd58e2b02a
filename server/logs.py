"""Structured JSON logs with an allowlist of fields.

A log line carries only the fields named in ``ALLOWED_FIELDS``; anything else
passed through ``extra=`` is dropped, and the message is kept only if it is an
event name (``realtime_closed``): free text, as third-party loggers write it
(asyncio names sockets and their addresses), becomes ``log``. So an IP
address, token, handle, key or payload byte cannot reach a log file by
accident. Every logger goes through this formatter, the root logger
included; uvicorn's access log (which prints client addresses) is off.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

__all__ = ["ALLOWED_FIELDS", "AllowlistJsonFormatter", "configure_logging", "uvicorn_log_config"]

ALLOWED_FIELDS = frozenset(
    {"event", "method", "route", "status", "duration_ms", "request_id", "count", "revision"}
)


_EVENT_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _event(record: logging.LogRecord) -> str:
    message = record.msg
    if isinstance(message, str) and not record.args and _EVENT_NAME.fullmatch(message):
        return message
    return "log"


class AllowlistJsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event and allowlisted extras.

    Exception tracebacks are reduced to the exception's class name: a traceback
    can quote local values, and so payloads.
    """

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": round(record.created, 3),
            "level": record.levelname,
            "logger": record.name,
            "event": _event(record),
        }
        for name in ALLOWED_FIELDS:
            value = record.__dict__.get(name)
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                line[name] = value
        if record.exc_info and record.exc_info[0] is not None:
            line["error"] = record.exc_info[0].__name__
        return json.dumps(line, sort_keys=True)


def uvicorn_log_config() -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for uvicorn: our formatter, access log silenced."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": AllowlistJsonFormatter}},
        "handlers": {"stderr": handler},
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {
            "konsil": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }


def configure_logging() -> None:
    """Apply ``uvicorn_log_config`` to this process (used by the CLI)."""
    import logging.config  # noqa: PLC0415 - only the CLI configures process-wide logging

    logging.config.dictConfig(uvicorn_log_config())
