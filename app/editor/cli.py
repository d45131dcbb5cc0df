"""``praxisatlas editor …``: editor accounts (issue 5)."""

from __future__ import annotations

import click


@click.group()
def editor() -> None:
    """Manage editor accounts."""
