"""Every setting of Praxisatlas, declared once: name, default and help.

Settings come from environment variables prefixed ``PRAXISATLAS_``. The README's settings table is
generated from (and tested against) this list, so a setting cannot exist without documentation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return f"PRAXISATLAS_{self.name}"


SETTINGS: tuple[Setting, ...] = (
    Setting("CONTENT_DIR", "practices", "Folder with the entries (`*.md`) and `vocabulary.yaml`."),
    Setting("INDEX_DIR", "index", "Folder for the search index; a cache, rebuilt from the files when missing."),
    Setting("STATE_DIR", "instance",
            "Folder for state that is not content: the editors' database (accounts, sessions, login "
            "attempts, save journal), the generated secret key."),
    Setting("SECRET_KEY", "",
            "Key that signs sessions and CSRF tokens. Empty: one is generated once and kept in STATE_DIR."),
    Setting("HOST", "127.0.0.1", "Address `praxisatlas serve` listens on."),
    Setting("PORT", "8000", "Port `praxisatlas serve` listens on."),
    Setting("WORKERS", "2", "Worker processes of `praxisatlas serve`."),
    Setting("MAX_QUERY_LENGTH", "500", "Longest search query accepted, in characters."),
    Setting("TLS", "0", "Set to 1 when served over HTTPS: secure cookies and HSTS."),
    Setting("PROXIES", "0",
            "Number of reverse proxies in front that set X-Forwarded-For/-Proto/-Host; 0 trusts none."),
    Setting("LOGIN_LIMIT_ADDRESS", "20",
            "Failed editor logins from one address (under any names) within 15 minutes before it gets 429; "
            "one name from one address gets 5."),
    Setting("LOGIN_LIMIT_NAME", "50",
            "Failed logins for one editor name (from any addresses) within 15 minutes before that name gets 429."),
    Setting("BASE_URL", "",
            "Public address of the site, e.g. https://praxisatlas.example.org: every absolute link (feeds, "
            "permalinks, exports, the OpenAPI `servers` URL) starts with it. Empty: the request's own "
            "address, if its host is in ALLOWED_HOSTS."),
    Setting("ALLOWED_HOSTS", "localhost,127.0.0.1,::1",
            "Comma-separated host names that absolute links may carry when BASE_URL is empty; a request "
            "for any other host gets links to the first of them."),
    Setting("CONTACT_EMAIL", "praxisatlas@example.org",
            "Address for questions, error reports and accessibility feedback, shown on every page's footer, "
            "the Impressum and the accessibility statement."),
    Setting("PUBLISHER", "Praxisatlas-Redaktion",
            "Who publishes the site (a body or person), named in the header, the Impressum and citations."),
    Setting("PUBLISHER_ADDRESS", "",
            "The publisher's postal address for the Impressum, lines separated by `;`. Empty: the Impressum "
            "says it is missing."),
    Setting("RESPONSIBLE", "",
            "Person responsible for the content (§ 18 Abs. 2 MStV), shown in the Impressum."),
    Setting("ACCESSIBILITY_REVIEWED", "2026-11-29",
            "Date (YYYY-MM-DD) the accessibility statement was last checked, shown on it."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The value of one setting: its environment variable, else its default."""
    setting = _BY_NAME[name]
    return os.environ.get(setting.env, setting.default)


def declared_int(name: str) -> int:
    """The declared default of a whole-number setting, whatever the environment says (for code
    that is not given the configured value, such as a SearchIndex made by a test or a benchmark)."""
    return int(_BY_NAME[name].default)


def get_path(name: str) -> Path:
    return Path(get(name))


def get_int(name: str) -> int:
    value = get(name)
    try:
        return int(value)
    except ValueError as exc:
        env = _BY_NAME[name].env
        raise SystemExit(f"{env}={value!r} is not a whole number") from exc


def get_date(name: str) -> date:
    value = get(name)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        env = _BY_NAME[name].env
        raise SystemExit(f"{env}={value!r} is not a date (YYYY-MM-DD)") from exc
