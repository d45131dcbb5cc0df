"""``praxisatlas editor …``: editor accounts (issue 5)."""

from __future__ import annotations

import sys

import click

from app import settings
from app.editor.accounts import AccountError, add_editor


@click.group()
def editor() -> None:
    """Manage editor accounts."""


@editor.command("add")
@click.argument("username")
@click.option("--name", default="", help="Full name, used as the git author (default: USERNAME)")
@click.option("--email", default="", help="E-mail address, used as the git author's address")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input")
def add(username: str, name: str, email: str, password_stdin: bool) -> None:
    """Create an editor account (or set a new password); asks for the password twice."""
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
