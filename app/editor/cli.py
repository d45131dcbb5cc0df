"""``praxisatlas editor …``: editor accounts and their sessions (issues 5 and 16)."""

from __future__ import annotations

import sys
from datetime import datetime

import click

from app import settings
from app.editor.accounts import AccountError, add_editor, live_sessions, remove_editor, revoke_sessions


@click.group()
def editor() -> None:
    """Manage editor accounts."""


@editor.command("add")
@click.argument("username")
@click.option("--name", default="", help="Full name, used as the git author (default: USERNAME)")
@click.option("--email", default="", help="E-mail address, used as the git author's address")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input")
def add(username: str, name: str, email: str, password_stdin: bool) -> None:
    """Create an editor account (or set a new password, which ends its sessions); asks twice."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    state_dir = settings.get_path("STATE_DIR")
    try:
        account = add_editor(state_dir, username, password, name=name, email=email)
    except AccountError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"editor {account.username} ({account.author}) saved in {state_dir}")


@editor.command("remove")
@click.argument("username")
def remove(username: str) -> None:
    """Delete an editor account and end its sessions in every worker."""
    state_dir = settings.get_path("STATE_DIR")
    if not remove_editor(state_dir, username):
        click.echo(f"error: no editor {username!r} in {state_dir}", err=True)
        sys.exit(1)
    click.echo(f"editor {username} removed; its sessions are ended")


@editor.command("sessions")
@click.option("--revoke", "revoke", metavar="NAME", default=None, help="End every session of this editor")
def sessions(revoke: str | None) -> None:
    """List the editors logged in (sessions, last login), or end one editor's sessions."""
    state_dir = settings.get_path("STATE_DIR")
    if revoke is not None:
        click.echo(f"{revoke}: {revoke_sessions(state_dir, revoke)} session(s) ended")
        return
    live = live_sessions(state_dir)
    if not live:
        click.echo("no editor is logged in")
    for username, (count, newest) in live.items():
        click.echo(f"{username}: {count} session(s), last login {datetime.fromtimestamp(newest):%Y-%m-%d %H:%M}")
