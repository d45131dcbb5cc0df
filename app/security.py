"""Response headers and limits that protect every page.

Every response carries a strict Content-Security-Policy (no inline script, nothing from another
host), ``nosniff``, a Referrer-Policy and, when served over TLS, HSTS. Session cookies are
HttpOnly and SameSite=Lax, and Secure under TLS. Request bodies over ``MAX_CONTENT_LENGTH`` get a
413 from Flask itself; this module only makes sure the limit is set.
"""

from __future__ import annotations

from flask import Flask, Response, current_app
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
))
HSTS = "max-age=31536000; includeSubDomains"
DEFAULT_MAX_CONTENT_LENGTH = 2 * 1024 * 1024

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",  # for browsers that predate frame-ancestors
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def response_headers(tls: bool) -> dict[str, str]:
    """The headers every answer carries, also those the server writes without the app."""
    return {**HEADERS, **({"Strict-Transport-Security": HSTS} if tls else {})}


def set_cookie(response: Response, name: str, value: str, max_age: int) -> None:
    """One of the site's own cookies, with the session cookie's flags (set by ``init_app``)."""
    response.set_cookie(name, value, max_age=max_age, **_cookie_flags())


def delete_cookie(response: Response, name: str) -> None:
    response.delete_cookie(name, **_cookie_flags())


def _cookie_flags() -> dict[str, object]:
    config = current_app.config
    return {"httponly": config["SESSION_COOKIE_HTTPONLY"], "samesite": config["SESSION_COOKIE_SAMESITE"],
            "secure": config["SESSION_COOKIE_SECURE"]}


def init_app(app: Flask) -> None:
    """Set cookie flags and the body size limit, and add the security headers to every response."""
    tls = bool(app.config.get("TLS"))
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = tls
    if not app.config.get("MAX_CONTENT_LENGTH"):
        app.config["MAX_CONTENT_LENGTH"] = DEFAULT_MAX_CONTENT_LENGTH
    proxies = int(app.config.get("PROXIES") or 0)
    if proxies:
        # behind a TLS-terminating proxy: absolute links (feeds, permalinks) must say https and the
        # public host; trust exactly as many X-Forwarded-* hops as there are proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config.get("TLS"):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
