"""``/docs`` and ``/redoc``: the self-contained API reference, when the operator turns it on.

Only included by ``create_app`` when ``Settings.api_docs`` is set. The page is
rendered once per app and served with a Content-Security-Policy that allows
its own stylesheet and nothing else, so even a schema text that slipped past
escaping could not load or run anything.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from server.api.reference import STYLE_HASH, render_reference

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'none'; style-src '{STYLE_HASH}'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@router.get("/docs")
@router.get("/redoc")
def reference(request: Request) -> HTMLResponse:
    """The API reference page, built from ``app.openapi()`` on first use."""
    state = request.app.state
    page = getattr(state, "reference_page", None)
    if page is None:
        page = render_reference(request.app.openapi())
        state.reference_page = page
    return HTMLResponse(page, headers=_HEADERS)
