"""The editor's history page and „Diese Fassung wiederherstellen“: a version restored is a new commit.

Nothing in git is ever rewritten: restoring writes the old version's bytes as a new save (journalled,
committed, indexed like any save) after the same checks as a save, and only if the entry is still the
one the history page showed (``base_revision``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.content.corpus import check_related
from app.content.entry import parse_entry
from app.content.model import is_slug
from app.content.vocabulary import cached_vocabulary
from app.editor import gitrepo
from app.editor.messages import explain, explain_line
from app.editor.store import commit_subject, current_revision, save_entry
from app.editor.versions import Version, versions
from app.editor.views import bp, content_dir, entry_path, existing_slugs, login_required, state_dir

COMMIT_RE = re.compile(r"[0-9a-f]{40}")


def _versions(slug: str) -> tuple[list[Version], str | None]:
    if not gitrepo.is_repository(content_dir()):
        return [], _("Der Inhaltsordner ist kein git-Repository; es gibt keine Versionsgeschichte.")
    try:
        return versions(content_dir(), entry_path(slug)), None
    except gitrepo.GitError as exc:
        return [], _("Die Versionsgeschichte konnte nicht gelesen werden (Meldung von git: %(detail)s).",
                     detail=str(exc))


def _page(slug: str, status: int = 200, problems: list[str] | None = None) -> Any:
    found, error = _versions(slug)
    path = entry_path(slug)
    return render_template("editor/history.html", slug=slug, versions=found, error=error, exists=path.exists(),
                           base_revision=current_revision(path), problems=problems or []), status


@bp.get("/<slug>/history")
@login_required
def history(slug: str) -> Any:
    if not is_slug(slug):
        abort(404)
    return _page(slug)


@bp.post("/<slug>/restore")
@login_required
def restore(slug: str) -> Any:
    """Write the chosen version's content as a new commit, checked like a save; then show the entry."""
    commit = request.form.get("commit", "")
    if not is_slug(slug) or not COMMIT_RE.fullmatch(commit):
        abort(404)
    path = entry_path(slug)
    try:  # only a version of this entry's own history, and one that holds the entry
        chosen = next((r for r in gitrepo.history(content_dir(), path, diffs=False) if r.commit == commit), None)
        data = gitrepo.file_at(content_dir(), commit, path) if chosen is not None else None
    except (gitrepo.GitError, ValueError):
        chosen, data = None, None
    if chosen is None or data is None:
        abort(404)
    practice, problems = parse_entry(path, data, cached_vocabulary(content_dir()), shown=path.name)
    messages = [explain_line(p) for p in problems]
    if practice is not None:
        messages += [explain(p) for p in check_related(practice, existing_slugs().__contains__, path.name)]
    if messages:
        return _page(slug, 422, [_("Diese Fassung wurde nicht wiederhergestellt; sie ist heute nicht gültig:")]
                     + messages)
    assert practice is not None
    when = chosen.date[:10]
    result = save_entry(content_dir(), Path(current_app.config["INDEX_DIR"]), state_dir(), slug, data,
                        request.form.get("base_revision", ""), g.editor,
                        commit_subject("restore", slug, practice.status,
                                       f"Fassung {commit[:10]} vom {when}"))
    if not result.saved:
        return _page(slug, 409, [_("Der Eintrag wurde inzwischen geändert; es wurde nichts wiederhergestellt. "
                                   "Prüfen Sie den Verlauf erneut.")])
    for warning in result.warnings:
        flash(explain(warning), "error")
    flash(_("Die Fassung vom %(day)s wurde als neue Fassung gespeichert.", day=when))
    return redirect(url_for("editor.edit", slug=slug))
