"""``praxisatlas sync``: a read replica pulls the content repository, then updates its index.

Git is the replication: one primary takes the editors' writes and commits them; each read host
is a stateless clone that runs ``praxisatlas sync`` from a timer or a hook. ``--ff-only`` means a
replica never merges: if its history diverged, the pull fails loudly instead of inventing content.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import click

from app import settings
from app.editor.gitrepo import GitError, run_git
from app.editor.journal import replay
from app.search.indexer import IndexReport, update

GIT_TIMEOUT = 120.0


class SyncError(Exception):
    """The content folder could not be pulled; the message says why and what to do."""


@dataclass
class SyncReport:
    before: str
    after: str
    index: IndexReport

    @property
    def pulled(self) -> bool:
        return self.before != self.after


def _git(content_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return run_git(content_dir, *args, check=False, timeout=GIT_TIMEOUT)
    except GitError as exc:
        if isinstance(exc.__cause__, subprocess.TimeoutExpired):
            raise SyncError(f"{content_dir}: `git {' '.join(args)}` took over {GIT_TIMEOUT:.0f} s") from exc
        if isinstance(exc.__cause__, FileNotFoundError):
            raise SyncError("git is not installed: install git to use `praxisatlas sync`") from exc
        raise SyncError(f"{content_dir}: {exc}") from exc


def _head(content_dir: Path) -> str:
    return _git(content_dir, "rev-parse", "HEAD").stdout.strip()


def pull(content_dir: Path) -> tuple[str, str]:
    """``git pull --ff-only`` in the content folder; returns the commit before and after."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise SyncError(f"{content_dir}: no such folder (set PRAXISATLAS_CONTENT_DIR)")
    inside = _git(content_dir, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise SyncError(f"{content_dir}: not a git repository; a replica's content folder must be a "
                        f"clone of the primary (git clone <primary> {content_dir})")
    before = _head(content_dir)
    result = _git(content_dir, "pull", "--ff-only", "--quiet")
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit status {result.returncode}"
        raise SyncError(f"{content_dir}: git pull --ff-only failed: {reason}. The index was not "
                        f"changed; fix the clone (a replica takes no local commits) and run sync again")
    return before, _head(content_dir)


def sync_content(content_dir: Path, index_dir: Path, state_dir: Path | None = None) -> SyncReport:
    """Finish any save a dead process left, pull the content repository, then update the index."""
    if state_dir is not None:
        replay(Path(content_dir), Path(index_dir), Path(state_dir))
    before, after = pull(content_dir)
    return SyncReport(before, after, update(Path(content_dir), Path(index_dir)))


@click.command()
def sync() -> None:
    """Pull the content repository (git pull --ff-only), then apply `index update`."""
    content_dir = settings.get_path("CONTENT_DIR")
    index_dir = settings.get_path("INDEX_DIR")
    try:
        report = sync_content(content_dir, index_dir, settings.get_path("STATE_DIR"))
    except SyncError as exc:
        raise click.ClickException(str(exc)) from exc
    changes = report.index
    pulled = f"{report.before[:10]}..{report.after[:10]}" if report.pulled else "already up to date"
    click.echo(f"pulled {pulled}; index: {len(changes.added)} added, {len(changes.changed)} changed, "
               f"{len(changes.deleted)} deleted{' (rebuilt)' if changes.rebuilt else ''}")
    for problem in changes.problems:
        click.echo(str(problem), err=True)
