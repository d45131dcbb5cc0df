"""Editor accounts, login sessions and the failed-login limit, kept as JSON files in STATE_DIR.

Every gunicorn worker reads the same files, so a logout, a new account or a run of failed logins is
seen by all workers at once. Each file is read and rewritten under an exclusive ``flock`` and written
atomically, so two workers never lose each other's changes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import re
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.content.files import atomic_write

ACCOUNTS_FILE = "editors.json"
SESSIONS_FILE = "editor-sessions.json"
ATTEMPTS_FILE = "login-attempts.json"
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MIN_PASSWORD = 10
MAX_FAILURES = 5
FAILURE_WINDOW = 15 * 60
SESSION_LIFETIME = 12 * 60 * 60

_hasher = PasswordHasher()
# verified against when the user does not exist, so a wrong name costs as long as a wrong password
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AccountError(Exception):
    """A name or password that cannot be used; the message says why."""


@dataclass(frozen=True)
class Editor:
    username: str
    name: str
    email: str

    @property
    def author(self) -> str:
        return f"{self.name} <{self.email}>"


@contextmanager
def _locked_json(path: Path) -> Iterator[tuple[dict[str, Any], Callable[[dict[str, Any]], None]]]:
    """Read a JSON object under an exclusive lock; the caller may save a new one before release."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            try:
                data = json.loads(path.read_text("utf-8"))
                if not isinstance(data, dict):
                    data = {}
            except FileNotFoundError:
                data = {}

            def save(new: dict[str, Any]) -> None:
                atomic_write(path, json.dumps(new, ensure_ascii=False, indent=1).encode("utf-8"))
                path.chmod(0o600)

            yield data, save
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def add_editor(state_dir: Path, username: str, password: str, name: str = "", email: str = "") -> Editor:
    """Create or replace an account; the password is stored only as an argon2id hash."""
    if not USERNAME_RE.match(username):
        raise AccountError(f"{username!r} is not a valid name: use letters, digits, '.', '_' or '-' "
                           "(at most 64 characters, starting with a letter or digit)")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is too short: use at least {MIN_PASSWORD} characters")
    editor = Editor(username, name.strip() or username, email.strip() or f"{username}@praxisatlas.invalid")
    with _locked_json(Path(state_dir) / ACCOUNTS_FILE) as (accounts, save):
        accounts[username] = {"name": editor.name, "email": editor.email, "hash": _hasher.hash(password)}
        save(accounts)
    return editor


def get_editor(state_dir: Path, username: str) -> Editor | None:
    record = _read_json(Path(state_dir) / ACCOUNTS_FILE).get(username)
    if not isinstance(record, dict):
        return None
    return Editor(username, record.get("name") or username, record.get("email") or "")


def check_password(state_dir: Path, username: str, password: str) -> Editor | None:
    """The editor if the password is right; None otherwise (in the same time either way)."""
    record = _read_json(Path(state_dir) / ACCOUNTS_FILE).get(username)
    stored = record.get("hash") if isinstance(record, dict) else None
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if not stored:
        return None
    return get_editor(state_dir, username)


def _attempt_key(username: str, address: str) -> str:
    return hashlib.sha256(f"{username.casefold()}\0{address}".encode()).hexdigest()[:32]


def login_blocked(state_dir: Path, username: str, address: str, now: float | None = None) -> bool:
    """True after MAX_FAILURES failed logins for this name from this address within FAILURE_WINDOW."""
    now = time.time() if now is None else now
    stamps = _read_json(Path(state_dir) / ATTEMPTS_FILE).get(_attempt_key(username, address), [])
    return len([t for t in stamps if now - t < FAILURE_WINDOW]) >= MAX_FAILURES


def record_failure(state_dir: Path, username: str, address: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    with _locked_json(Path(state_dir) / ATTEMPTS_FILE) as (attempts, save):
        fresh = {key: [t for t in stamps if now - t < FAILURE_WINDOW]
                 for key, stamps in attempts.items() if isinstance(stamps, list)}
        fresh = {key: stamps for key, stamps in fresh.items() if stamps}
        key = _attempt_key(username, address)
        fresh[key] = fresh.get(key, []) + [now]
        save(fresh)


def clear_failures(state_dir: Path, username: str, address: str) -> None:
    with _locked_json(Path(state_dir) / ATTEMPTS_FILE) as (attempts, save):
        if attempts.pop(_attempt_key(username, address), None) is not None:
            save(attempts)


def open_session(state_dir: Path, username: str) -> str:
    """A fresh random session id for a login; stored so that logout ends it in every worker."""
    sid = secrets.token_urlsafe(32)
    now = time.time()
    with _locked_json(Path(state_dir) / SESSIONS_FILE) as (sessions, save):
        live = {k: v for k, v in sessions.items()
                if isinstance(v, dict) and now - v.get("created", 0) < SESSION_LIFETIME}
        live[_sid_key(sid)] = {"user": username, "created": now}
        save(live)
    return sid


def session_user(state_dir: Path, sid: str) -> str | None:
    record = _read_json(Path(state_dir) / SESSIONS_FILE).get(_sid_key(sid))
    if not isinstance(record, dict) or time.time() - record.get("created", 0) >= SESSION_LIFETIME:
        return None
    user = record.get("user")
    return user if isinstance(user, str) else None


def close_session(state_dir: Path, sid: str) -> None:
    with _locked_json(Path(state_dir) / SESSIONS_FILE) as (sessions, save):
        if sessions.pop(_sid_key(sid), None) is not None:
            save(sessions)


def _sid_key(sid: str) -> str:
    # only a digest is stored, so the state file does not hold usable session ids
    return hashlib.sha256(sid.encode()).hexdigest()
