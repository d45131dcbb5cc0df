"""``praxisatlas sync``: a read replica pulls the content repository, then updates its index (issue 6)."""

from __future__ import annotations

import click


@click.command()
def sync() -> None:
    """Pull the content repository, then apply `index update`."""
    raise click.ClickException("sync is not implemented yet")
