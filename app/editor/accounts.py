"""Editor accounts, login sessions and the failed-login limits, kept in the state database.

Every gunicorn worker and every command uses the same SQLite file in STATE_DIR (``statedb``), so a
logout, a new account, a revoked session or a run of failed logins is seen by all at once.

A login first reserves an attempt in one transaction, after checking three limits over the last
FAILURE_WINDOW: failures for this name from this address, for this address under any name, and for
this name from any address. Only then is the password hashed, so a blocked caller costs no argon2
hash, and parallel requests cannot all slip past the count (issue 16: random names were never
blocked, and 24 parallel wrong passwords got 6 checks instead of 5). A right password withdraws the
reservation; a wrong one leaves it counted.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.editor.statedb import connect, transaction

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MIN_PASSWORD = 10
MAX_FAILURES = 5
"""Failed logins for one name from one address within FAILURE_WINDOW, then 429."""
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


@dataclass(frozen=True)
class LoginLimits:
    """How many failures within FAILURE_WINDOW block a login, per address and name (from the settings
    LOGIN_LIMIT_ADDRESS and LOGIN_LIMIT_NAME) and per pair of both."""

    address: int
    name: int
    pair: int = MAX_FAILURES


def add_editor(state_dir: Path, username: str, password: str, name: str = "", email: str = "") -> Editor:
    """Create or replace an account; the password is stored only as an argon2id hash.

    Replacing an account (a new password) ends every session of that editor.
    """
    if not USERNAME_RE.match(username):
        raise AccountError(f"{username!r} is not a valid name: use letters, digits, '.', '_' or '-' "
                           "(at most 64 characters, starting with a letter or digit)")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is too short: use at least {MIN_PASSWORD} characters")
    editor = Editor(username, name.strip() or username, email.strip() or f"{username}@praxisatlas.invalid")
    hashed = _hasher.hash(password)
    with connect(state_dir) as db, transaction(db):
        db.execute("INSERT OR REPLACE INTO editors VALUES (?, ?, ?, ?)",
                   (username, editor.name, editor.email, hashed))
        db.execute("DELETE FROM sessions WHERE username = ?", (username,))
    return editor


def remove_editor(state_dir: Path, username: str) -> bool:
    """Delete an account and end its sessions; False when there was no such account."""
    with connect(state_dir) as db, transaction(db):
        db.execute("DELETE FROM sessions WHERE username = ?", (username,))
        return db.execute("DELETE FROM editors WHERE username = ?", (username,)).rowcount > 0


def get_editor(state_dir: Path, username: str) -> Editor | None:
    with connect(state_dir) as db:
        row = db.execute("SELECT name, email FROM editors WHERE username = ?", (username,)).fetchone()
    if row is None:
        return None
    return Editor(username, row[0] or username, row[1] or "")


def check_password(state_dir: Path, username: str, password: str) -> Editor | None:
    """The editor if the password is right; None otherwise (in the same time either way)."""
    with connect(state_dir) as db:
        row = db.execute("SELECT hash FROM editors WHERE username = ?", (username,)).fetchone()
    stored = row[0] if row else None
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if not stored:
        return None
    return get_editor(state_dir, username)


def _name_key(username: str) -> str:
    return hashlib.sha256(username.casefold().encode()).hexdigest()[:32]


def reserve_attempt(state_dir: Path, username: str, address: str, limits: LoginLimits,
                    now: float | None = None) -> int | None:
    """Count a login attempt before the password is checked: its id, or None over a limit."""
    now = time.time() if now is None else now
    since = now - FAILURE_WINDOW
    name = _name_key(username)
    with connect(state_dir) as db, transaction(db):
        db.execute("DELETE FROM login_attempts WHERE at < ?", (since,))
        by_pair, by_address, by_name = db.execute(
            "SELECT COALESCE(SUM(username = ? AND address = ?), 0), COALESCE(SUM(address = ?), 0), "
            "COALESCE(SUM(username = ?), 0) FROM login_attempts WHERE at >= ? AND (address = ? OR username = ?)",
            (name, address, address, name, since, address, name)).fetchone()
        if by_pair >= limits.pair or by_address >= limits.address or by_name >= limits.name:
            return None
        cursor = db.execute("INSERT INTO login_attempts (username, address, at) VALUES (?, ?, ?)",
                            (name, address, now))
        return int(cursor.lastrowid or 0)


def login_succeeded(state_dir: Path, attempt: int, username: str, address: str) -> None:
    """Withdraw the reservation and forget this name's failures from this address."""
    with connect(state_dir) as db, transaction(db):
        db.execute("DELETE FROM login_attempts WHERE id = ? OR (username = ? AND address = ?)",
                   (attempt, _name_key(username), address))


def open_session(state_dir: Path, username: str) -> str:
    """A fresh random session id for a login; stored so that logout ends it in every worker."""
    sid = secrets.token_urlsafe(32)
    now = time.time()
    with connect(state_dir) as db, transaction(db):
        db.execute("DELETE FROM sessions WHERE created < ?", (now - SESSION_LIFETIME,))
        db.execute("INSERT INTO sessions VALUES (?, ?, ?)", (_sid_key(sid), username, now))
    return sid


def session_user(state_dir: Path, sid: str) -> str | None:
    with connect(state_dir) as db:
        row = db.execute("SELECT username FROM sessions WHERE key = ? AND created >= ?",
                         (_sid_key(sid), time.time() - SESSION_LIFETIME)).fetchone()
    return row[0] if row else None


def close_session(state_dir: Path, sid: str) -> None:
    with connect(state_dir) as db, transaction(db):
        db.execute("DELETE FROM sessions WHERE key = ?", (_sid_key(sid),))


def revoke_sessions(state_dir: Path, username: str) -> int:
    """End every session of one editor in every worker; the number ended."""
    with connect(state_dir) as db, transaction(db):
        return db.execute("DELETE FROM sessions WHERE username = ?", (username,)).rowcount


def live_sessions(state_dir: Path) -> dict[str, tuple[int, float]]:
    """Editor name → (live sessions, newest login time)."""
    with connect(state_dir) as db:
        rows = db.execute("SELECT username, COUNT(*), MAX(created) FROM sessions WHERE created >= ? "
                          "GROUP BY username ORDER BY username", (time.time() - SESSION_LIFETIME,))
        return {row[0]: (int(row[1]), float(row[2])) for row in rows}


def _sid_key(sid: str) -> str:
    # only a digest is stored, so the state file does not hold usable session ids
    return hashlib.sha256(sid.encode()).hexdigest()
