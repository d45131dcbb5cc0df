"""The editors' state in one SQLite database in STATE_DIR: accounts, sessions, login attempts, saves.

All workers and commands on a host share the file. SQLite in WAL mode lets readers go on while one
writer changes it, and each change is one transaction, so counting failed logins, expiring or
revoking sessions and journalling a save are single statements that no two workers can interleave
(the JSON files this replaces were rewritten whole under a lock: 24 parallel wrong passwords got 6
checks instead of 5, issue 16). The first opening imports an existing ``editors.json`` and
``editor-sessions.json`` and renames them to ``*.migrated``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DATABASE_FILE = "editor-state.sqlite3"
LEGACY_ACCOUNTS = "editors.json"
LEGACY_SESSIONS = "editor-sessions.json"
BUSY_TIMEOUT_MS = 30_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS editors (
    username TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    key TEXT PRIMARY KEY, username TEXT NOT NULL, created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (username);
CREATE TABLE IF NOT EXISTS login_attempts (
    id INTEGER PRIMARY KEY, username TEXT NOT NULL, address TEXT NOT NULL, at REAL NOT NULL,
    pending INTEGER NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS attempts_by_name ON login_attempts (username, at);
CREATE INDEX IF NOT EXISTS attempts_by_address ON login_attempts (address, at);
CREATE TABLE IF NOT EXISTS save_journal (
    id INTEGER PRIMARY KEY, slug TEXT NOT NULL, data BLOB, revision_before TEXT NOT NULL,
    author_name TEXT NOT NULL, author_email TEXT NOT NULL, message TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def database_path(state_dir: Path) -> Path:
    return Path(state_dir) / DATABASE_FILE


_READY: set[Path] = set()
"""Databases this process has set up (folder, WAL, schema, legacy import): done once, not per request."""


@contextmanager
def connect(state_dir: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the state database; ``with transaction(db)`` around each change."""
    state_dir = Path(state_dir)
    path = database_path(state_dir)
    ready = path in _READY and path.exists()
    if not ready:
        state_dir.mkdir(parents=True, exist_ok=True)
    fresh = not ready and not path.exists()
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA synchronous = FULL")  # a journalled save must survive a power cut
        if not ready:
            if fresh:
                path.chmod(0o600)
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
                db.executescript(SCHEMA)  # each statement IF NOT EXISTS: two first openings agree
            _migrate_json(db, state_dir)
            _READY.add(path)
        yield db
    finally:
        db.close()


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One change, all or nothing; BEGIN IMMEDIATE so that a read-then-write is never interleaved."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _migrate_json(db: sqlite3.Connection, state_dir: Path) -> None:
    """Import the JSON files of earlier versions once (accounts and live sessions)."""
    legacy = state_dir / LEGACY_ACCOUNTS
    if not legacy.exists():
        return
    with transaction(db):
        if db.execute("SELECT 1 FROM meta WHERE key = 'migrated_json'").fetchone():
            return
        for username, record in _read_json(legacy).items():
            if isinstance(record, dict) and isinstance(record.get("hash"), str):
                db.execute("INSERT OR IGNORE INTO editors VALUES (?, ?, ?, ?)",
                           (username, record.get("name") or username, record.get("email") or "",
                            record["hash"]))
        for key, record in _read_json(state_dir / LEGACY_SESSIONS).items():
            if isinstance(record, dict) and isinstance(record.get("user"), str):
                db.execute("INSERT OR IGNORE INTO sessions VALUES (?, ?, ?)",
                           (key, record["user"], float(record.get("created") or 0)))
        db.execute("INSERT INTO meta VALUES ('migrated_json', '1')")
    for name in (LEGACY_ACCOUNTS, LEGACY_SESSIONS):
        try:
            (state_dir / name).replace(state_dir / f"{name}.migrated")
        except FileNotFoundError:
            pass


def _read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
