"""Praxisatlas: a knowledge base of good practices for local integration management."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from app import links, settings

ROOT = Path(__file__).resolve().parent.parent


def _secret_key(state_dir: Path) -> str:
    """The configured key, else one generated once and kept in the state folder for all workers."""
    configured = settings.get("SECRET_KEY")
    if configured:
        return configured
    path = state_dir / "secret_key"
    try:
        return path.read_text("utf-8").strip()
    except FileNotFoundError:
        pass
    state_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    tmp = state_dir / f".secret_key.{secrets.token_hex(4)}"
    tmp.write_text(key, "utf-8")
    try:
        tmp.chmod(0o600)
        if not path.exists():
            tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_text("utf-8").strip()


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: settings from the environment, then ``config`` on top (tests)."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.update(
        CONTENT_DIR=settings.get_path("CONTENT_DIR"),
        INDEX_DIR=settings.get_path("INDEX_DIR"),
        STATE_DIR=settings.get_path("STATE_DIR"),
        MAX_QUERY_LENGTH=settings.get_int("MAX_QUERY_LENGTH"),
        TLS=settings.get("TLS") == "1",
        PROXIES=settings.get_int("PROXIES"),
        CONTACT_EMAIL=settings.get("CONTACT_EMAIL"),
        BASE_URL=settings.get("BASE_URL"),
        ALLOWED_HOSTS=[h.strip() for h in settings.get("ALLOWED_HOSTS").split(",") if h.strip()],
        LOGIN_LIMIT_ADDRESS=settings.get_int("LOGIN_LIMIT_ADDRESS"),
        LOGIN_LIMIT_NAME=settings.get_int("LOGIN_LIMIT_NAME"),
        PUBLISHER=settings.get("PUBLISHER"),
        PUBLISHER_ADDRESS=settings.get("PUBLISHER_ADDRESS"),
        RESPONSIBLE=settings.get("RESPONSIBLE"),
        ACCESSIBILITY_REVIEWED=settings.get_date("ACCESSIBILITY_REVIEWED"),
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    if config:
        app.config.update(config)
    for key in ("CONTENT_DIR", "INDEX_DIR", "STATE_DIR"):
        app.config[key] = Path(app.config[key])
    try:
        app.config["BASE_URL"] = links.parse_base_url(app.config.get("BASE_URL") or "")
    except ValueError as exc:
        raise SystemExit(str(exc)) from exc
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app.config["STATE_DIR"])

    from flask_wtf.csrf import CSRFProtect

    from app import api, editor, i18n, search_service, security, web

    CSRFProtect(app)
    i18n.init_app(app)
    security.init_app(app)
    links.init_app(app)
    search_service.init_app(app)
    web.init_app(app)
    api.init_app(app)
    editor.init_app(app)
    return app
