"""Absolute links (permalinks, feeds, exports, the OpenAPI ``servers`` URL) that nobody can forge.

With ``PRAXISATLAS_BASE_URL`` set, every absolute link starts with it and no request header
matters. Without it, the request's own address is used only when its host is in
``PRAXISATLAS_ALLOWED_HOSTS``; any other host (issue 16: a forged ``Host`` reached the OpenAPI
document, cached ``public`` without ``Vary``, feed links, permalinks and the export's ``url``
column) is replaced by the first allowed one. A response whose links came from the request's
headers says so in ``Vary``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request, url_for


def parse_base_url(value: str) -> str:
    """The configured base URL without a trailing slash; ValueError when it is not http(s)://host[/path]."""
    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"PRAXISATLAS_BASE_URL={value!r} must look like https://praxisatlas.example.org")
    return value.rstrip("/")


def public_root() -> str:
    """scheme://host[:port][/prefix] of the public site, without a trailing slash."""
    base = current_app.config.get("BASE_URL") or ""
    if base:
        return str(base)
    varies: set[str] = g.setdefault("link_headers", set())
    varies.add("Host")
    if current_app.config.get("PROXIES"):
        varies.update(("X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix"))
    allowed = [h.casefold() for h in current_app.config.get("ALLOWED_HOSTS") or ()]
    host = (urlsplit(f"//{request.host}").hostname or "").casefold()
    if host and host in allowed:
        return request.url_root.rstrip("/")
    fallback = allowed[0] if allowed else "localhost"
    return f"{request.scheme}://{fallback}{request.script_root}"


def public_url(endpoint: str, **values: Any) -> str:
    """``url_for(endpoint, **values)`` as an absolute link under ``public_root()``."""
    path = url_for(endpoint, **values)
    return public_root() + path.removeprefix(request.script_root)


def _add_vary(response: Response) -> Response:
    for header in sorted(g.get("link_headers", ())):
        response.vary.add(header)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_add_vary)
