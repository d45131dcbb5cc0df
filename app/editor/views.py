"""The editor's pages: login, dashboard, create, edit with preview, archive, history."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from app.content.audit import REVIEW_MONTHS, Finding, audit
from app.content.corpus import entry_paths, load_corpus
from app.content.entry import parse_entry
from app.content.fields import FIELDS, choices
from app.content.files import revision_of
from app.content.model import Practice, is_slug
from app.content.vocabulary import VocabularyError, cached_vocabulary
from app.editor import accounts
from app.editor.dashboard import REASON_LABELS, DashboardQuery, reason_counts, select
from app.editor.form import GENERAL, EntryForm, preview_practice, validate
from app.editor.messages import CHOICE_LABELS, HELP, LABELS, explain, explain_line
from app.editor.store import commit_subject, current_revision, read_bytes, save_entry
from app.render import render_markdown
from app.search_service import search_service

bp = Blueprint("editor", __name__, url_prefix="/editor")
bp.add_app_template_filter(explain_line, "explain_line")
View = TypeVar("View", bound=Callable[..., Any])


def content_dir() -> Path:
    return Path(current_app.config["CONTENT_DIR"])


def state_dir() -> Path:
    return Path(current_app.config["STATE_DIR"])


def entry_path(slug: str) -> Path:
    return content_dir() / f"{slug}.md"


@bp.before_request
def load_editor() -> None:
    g.editor = None
    sid = session.get("editor_sid")
    if isinstance(sid, str):
        username = accounts.session_user(state_dir(), sid)
        if username:
            g.editor = accounts.get_editor(state_dir(), username)


@bp.after_request
def private_headers(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.vary.add("Cookie")
    return response


def login_required(view: View) -> View:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.editor is None:
            return redirect(url_for("editor.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


LOCAL_NEXT = re.compile(r"/editor(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?(?:\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?")
"""Where a login may lead: a path under /editor in plain URL characters (no CR/LF, no `\\`, no host)."""


def _safe_next(target: str | None) -> str:
    """``next`` if it is a local editor path; anything else is ignored (a CR/LF in it was a 500)."""
    if target and LOCAL_NEXT.fullmatch(target):
        return target
    return url_for("editor.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    error = None
    status = 200
    username = ""
    if request.method == "POST":
        username = request.form.get("username", "").strip()[:64]
        password = request.form.get("password", "")[:1024]
        address = request.remote_addr or ""
        limits = accounts.LoginLimits(address=current_app.config["LOGIN_LIMIT_ADDRESS"],
                                      name=current_app.config["LOGIN_LIMIT_NAME"])
        attempt = accounts.reserve_attempt(state_dir(), username, address, limits)
        if attempt is None:
            error = _("Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in %(minutes)s Minuten "
                      "erneut.", minutes=accounts.FAILURE_WINDOW // 60)
            status = 429
        else:
            editor = accounts.check_password(state_dir(), username, password)
            if editor is None:
                error = _("Benutzername oder Passwort ist falsch.")
                status = 401
            else:
                accounts.login_succeeded(state_dir(), attempt, username, address)
                old = session.get("editor_sid")
                if isinstance(old, str):
                    accounts.close_session(state_dir(), old)
                # a new session at login: nothing from before survives, not even the CSRF token
                session.clear()
                session["editor_sid"] = accounts.open_session(state_dir(), editor.username)
                return redirect(_safe_next(request.args.get("next")))
    return render_template("editor/login.html", error=error, username=username), status


@bp.post("/logout")
def logout() -> Any:
    sid = session.get("editor_sid")
    if isinstance(sid, str):
        accounts.close_session(state_dir(), sid)
    session.clear()
    flash(_("Sie sind abgemeldet."))
    return redirect(url_for("editor.login"))


@bp.get("/")
@login_required
def dashboard() -> Any:
    try:
        corpus = load_corpus(content_dir())
    except VocabularyError as exc:
        return render_template("editor/dashboard.html", vocabulary_problems=exc.problems, practices=[],
                               invalid={}, notes={}), 500
    notes: dict[str, list[str]] = {}
    for problem in corpus.problems:
        if problem.path not in corpus.invalid:
            notes.setdefault(Path(problem.path).stem, []).append(
                explain_line(problem))
    invalid = {path: problems for path, problems in sorted(corpus.invalid.items())}
    findings: dict[str, list[Finding]] = {}
    for finding in audit(corpus):
        findings.setdefault(Path(finding.path).stem, []).append(finding)
    vocab = corpus.vocabulary
    query = DashboardQuery.from_args(request.args, vocab)
    everything = list(corpus.practices.values())
    practices = select(everything, query, findings)
    language = str(get_locale() or "de")
    options = {facet: [(value, vocab.label(facet, value, language)) for value in vocab.ids(facet)]
               for facet in ("kind", "level", "country")}
    return render_template("editor/dashboard.html", practices=practices, total=len(everything), query=query,
                           options=options, invalid=invalid, notes=notes, findings=findings,
                           reasons=reason_counts(findings), reason_labels=REASON_LABELS,
                           review_months=REVIEW_MONTHS, vocabulary_problems=[], is_slug=is_slug,
                           stem=lambda p: Path(p).stem)


def _form_context(form: EntryForm, creating: bool, base_revision: str, **extra: Any) -> dict[str, Any]:
    vocab = cached_vocabulary(content_dir())
    options: dict[str, list[tuple[str, str]]] = {}
    language = str(get_locale() or "de")
    for rule in FIELDS:
        if rule.kind in ("choice", "list") and rule.facet:
            fixed = CHOICE_LABELS.get(rule.name, {})
            options[rule.name] = [(value, str(fixed[value]) if value in fixed
                                   else vocab.label(rule.facet, value, language))
                                  for value in choices(rule, vocab)]
    regions = vocab.ids("region")
    return {"form": form, "creating": creating, "base_revision": base_revision, "options": options,
            "regions": regions, "rules": {r.name: r for r in FIELDS}, "general": GENERAL, "labels": LABELS,
            "help_texts": HELP, "preview": None, **extra}


def existing_slugs() -> set[str]:
    return {p.stem for p in entry_paths(content_dir())}


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Any:
    if request.method == "GET":
        form = EntryForm({"status": "draft", "language": "de", "country": "DE", "kind": "practice"})
        return render_template("editor/form.html", **_form_context(form, True, ""))
    return _submit(EntryForm.from_request(request.form), creating=True)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str) -> Any:
    if not is_slug(slug):
        abort(404)
    path = entry_path(slug)
    if request.method == "POST":
        if not request.form.get("base_revision") and not path.exists():
            abort(404)  # editing never creates; a deleted entry with a base_revision is a conflict
        form = EntryForm.from_request(request.form)
        form.values["slug"] = slug
        return _submit(form, creating=False)
    data = read_bytes(path)
    if data is None:
        abort(404)
    practice, problems = parse_entry(path, data, cached_vocabulary(content_dir()), shown=path.name)
    if practice is not None:
        form = EntryForm.from_practice(practice)
    else:
        form = EntryForm.from_file(slug, data)
        for problem in problems:
            form.add_error(GENERAL, explain_line(problem))
    return render_template("editor/form.html", **_form_context(form, False, revision_of(data)))


def _submit(form: EntryForm, creating: bool) -> Any:
    slug = form.get("slug")
    base_revision = request.form.get("base_revision", "")
    action = request.form.get("action", "save")
    vocab = cached_vocabulary(content_dir())
    path = entry_path(slug) if is_slug(slug) else content_dir() / "invalid.md"
    if creating and is_slug(slug) and path.exists():
        form.add_error("slug", _("Einen Eintrag mit diesem Kürzel gibt es schon."))
    data, practice = validate(form, path, vocab, existing_slugs())
    preview = _preview(form, path, practice) if action == "preview" else None
    if action == "preview" or practice is None:
        status = 200 if action == "preview" else 422
        return render_template("editor/form.html", **_form_context(
            form, creating, base_revision, preview=preview)), status
    result = save_entry(content_dir(), Path(current_app.config["INDEX_DIR"]), state_dir(), slug, data,
                        base_revision, g.editor,
                        commit_subject("new" if creating else "edit", slug, practice.status))
    if not result.saved:
        assert result.conflict is not None
        return _conflict(form, creating, data, result.conflict)
    for warning in result.warnings:
        flash(explain(warning), "error")
    flash(_("Gespeichert: %(title)s", title=practice.title))
    return redirect(url_for("editor.edit", slug=slug))


def _preview(form: EntryForm, path: Path, practice: Practice | None) -> dict[str, Any]:
    """What templates/_entry.html needs to show the entry as the public page would."""
    shown = preview_practice(form, path, practice)
    based_on = search_service().records(shown.based_on)
    return {"practice": shown, "body": render_markdown(shown.body), "based_on": based_on}


def _conflict(form: EntryForm, creating: bool, mine: bytes, theirs: bytes) -> Any:
    theirs_text = theirs.decode("utf-8", "replace")
    diff = "".join(difflib.unified_diff(theirs_text.splitlines(True), mine.decode("utf-8").splitlines(True),
                                        "gespeichert", "ihre-fassung"))
    # the form now carries the revision on disk: saving again is a conscious decision to replace it
    new_base = revision_of(theirs) if theirs else ""
    return render_template("editor/form.html", **_form_context(
        form, creating, new_base, conflict={"mine": mine.decode("utf-8"), "theirs": theirs_text,
                                            "diff": diff, "deleted": not theirs})), 409


@bp.route("/<slug>/archive", methods=["GET", "POST"])
@login_required
def archive(slug: str) -> Any:
    if not is_slug(slug):
        abort(404)
    path = entry_path(slug)
    data = read_bytes(path)
    if data is None:
        abort(404)
    if request.method == "GET" or request.form.get("confirm") != "yes":
        return render_template("editor/archive.html", slug=slug, base_revision=revision_of(data),
                               text=data.decode("utf-8", "replace"))
    result = save_entry(content_dir(), Path(current_app.config["INDEX_DIR"]), state_dir(), slug, None,
                        request.form.get("base_revision", ""), g.editor, commit_subject("archive", slug))
    if not result.saved:
        flash(_("Der Eintrag wurde inzwischen geändert; er wurde nicht archiviert. Prüfen Sie die "
                "aktuelle Fassung."), "error")
        return render_template("editor/archive.html", slug=slug, base_revision=current_revision(path),
                               text=(result.conflict or b"").decode("utf-8", "replace")), 409
    for warning in result.warnings:
        flash(explain(warning), "error")
    flash(_("Archiviert: %(slug)s", slug=slug))
    return redirect(url_for("editor.dashboard"))
