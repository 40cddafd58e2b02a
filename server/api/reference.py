"""The API reference as one self-contained HTML page, rendered from the OpenAPI schema.

FastAPI's own ``/docs`` and ``/redoc`` pages load Swagger UI or ReDoc from a
public CDN: whoever opens them runs a third party's script in the server's
origin and tells that party who reads the docs. This page is built on the
server instead, from the same schema ``/openapi.json`` serves: plain HTML and
one stylesheet, no script, no image, no font, no link off the page. Every
text taken from the schema is escaped. ``STYLE_HASH`` lets the route's
Content-Security-Policy allow exactly this stylesheet and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from html import escape
from typing import Any

__all__ = ["STYLE_HASH", "render_reference"]

_STYLE = (
    "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.4}code{background:#f3f3f3;padding:0 .2em}"
    "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;"
    "padding:.2rem .5rem;text-align:left;vertical-align:top}"
    "section{border-top:1px solid #ccc;margin-top:1.5rem}p.text{white-space:pre-wrap}"
)
STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
_METHODS = ("get", "post", "put", "patch", "delete")
_REF_PREFIX = "#/components/schemas/"


def render_reference(schema: dict[str, Any]) -> str:
    """The whole page for an OpenAPI 3 ``schema`` (as ``FastAPI.openapi()`` returns it)."""
    info = schema.get("info", {})
    title = escape(str(info.get("title", "API")))
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{_STYLE}</style></head><body><h1>{title}</h1>",
        _text(info.get("description", "")),
        "<p>The machine-readable schema is <a href='openapi.json'>openapi.json</a>.</p>",
    ]
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            if method in item:
                parts.append(_operation(method, path, item[method]))
    parts.append("<section><h2>Schemas</h2>")
    for name, body in schema.get("components", {}).get("schemas", {}).items():
        parts.append(_schema_section(name, body))
    parts.append("</section></body></html>")
    return "".join(parts)


def _text(value: object) -> str:
    return f"<p class='text'>{escape(str(value))}</p>" if value else ""


def _operation(method: str, path: str, operation: dict[str, Any]) -> str:
    auth = "bearer token" if operation.get("security") else "none"
    parts = [
        f"<section><h2><code>{method.upper()} {escape(path)}</code></h2>",
        _text(operation.get("description") or operation.get("summary", "")),
        f"<p>Authentication: {auth}.</p>",
    ]
    parameters = operation.get("parameters", [])
    if parameters:
        rows = [
            (
                f"<code>{escape(str(p.get('name')))}</code>",
                escape(str(p.get("in"))),
                "yes" if p.get("required") else "no",
                _type(p.get("schema", {})),
                escape(str(p.get("description", ""))),
            )
            for p in parameters
        ]
        parts.append(_table(("parameter", "in", "required", "type", "meaning"), rows))
    body = operation.get("requestBody", {}).get("content", {})
    for media, content in body.items():
        parts.append(f"<p>Body ({escape(media)}): {_type(content.get('schema', {}))}</p>")
    responses = [
        (f"<code>{escape(code)}</code>", escape(str(r.get("description", ""))), _returns(r))
        for code, r in sorted(operation.get("responses", {}).items())
    ]
    parts.append(_table(("status", "meaning", "body"), responses))
    parts.append("</section>")
    return "".join(parts)


def _returns(response: dict[str, Any]) -> str:
    content = response.get("content", {})
    return ", ".join(_type(c.get("schema", {})) for c in content.values())


def _schema_section(name: str, body: dict[str, Any]) -> str:
    required = set(body.get("required", []))
    rows = [
        (
            f"<code>{escape(field)}</code>",
            "yes" if field in required else "no",
            _type(spec),
            escape(str(spec.get("description", ""))),
        )
        for field, spec in body.get("properties", {}).items()
    ]
    table = _table(("field", "required", "type", "meaning"), rows) if rows else ""
    anchor = escape(name)
    return f"<h3 id='schema-{anchor}'>{anchor}</h3>{_text(body.get('description', ''))}{table}"


def _type(spec: dict[str, Any]) -> str:
    """A short type text; references become links to the schema on this page."""
    ref = spec.get("$ref")
    if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
        name = escape(ref.removeprefix(_REF_PREFIX))
        return f"<a href='#schema-{name}'>{name}</a>"
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in spec:
            return " | ".join(_type(option) for option in spec[combinator])
    kind = escape(str(spec.get("type", "any")))
    if kind == "array":
        return f"array of {_type(spec.get('items', {}))}"
    extras = [escape(f"{key} {spec[key]}") for key in ("format", "pattern", "enum") if key in spec]
    return kind + (f" ({'; '.join(extras)})" if extras else "")


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    header = "".join(f"<th>{cell}</th>" for cell in head)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><tr>{header}</tr>{body}</table>"
