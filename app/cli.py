"""The ``praxisatlas`` command: thin wrappers over the content, search and web functions."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from app import settings
from app.content.corpus import load_corpus, shown_path
from app.content.skeleton import SkeletonError, write_skeleton
from app.content.vocabulary import VOCABULARY_FILE, VocabularyError, vocabulary_path

if TYPE_CHECKING:
    from app.search import SearchIndex


def content_dir() -> Path:
    return settings.get_path("CONTENT_DIR")


def index_dir() -> Path:
    return settings.get_path("INDEX_DIR")


def search_index() -> SearchIndex:
    """The search over the configured folders, with the configured limits; the caller closes it."""
    from app.search import SearchIndex

    return SearchIndex(content_dir(), index_dir(), max_query_length=settings.get_int("MAX_QUERY_LENGTH"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Praxisatlas: good practices and recommendations for local integration management."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check entries (default: the whole content folder); one `path:line: message` per problem."""
    folder = content_dir()
    files = [p for p in paths if not p.is_dir()]
    folders = [p for p in paths if p.is_dir()]
    if folders:
        folder = folders[0]
    for path in files:
        if not path.exists():
            click.echo(f"{path}:1: no such file", err=True)
            sys.exit(1)
    if vocabulary_path(folder) != folder / VOCABULARY_FILE:
        click.echo(f"note: {folder} has no {VOCABULARY_FILE}; using {vocabulary_path(folder)}", err=True)
    try:
        corpus = load_corpus(folder, only=files or None)
    except VocabularyError as exc:
        for problem in exc.problems:
            click.echo(str(problem))
        sys.exit(1)
    for problem in corpus.problems:
        click.echo(str(problem))
    checked = len(files) if files else len(corpus.practices) + len(corpus.invalid)
    if corpus.problems:
        click.echo(f"{len(corpus.problems)} problem(s) in {shown_path(folder)}", err=True)
        sys.exit(1)
    click.echo(f"{checked} entries valid", err=True)


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
def audit(folder: Path | None) -> None:
    """The review list: published entries to check again; one `path:line: message` per finding."""
    from app.content.audit import audit as review_list

    folder = folder or content_dir()
    try:
        corpus = load_corpus(folder)
    except VocabularyError as exc:
        for problem in exc.problems:
            click.echo(str(problem))
        sys.exit(1)
    findings = review_list(corpus)
    for finding in findings:
        click.echo(str(finding))
    entries = len({f.path for f in findings})
    if corpus.problems:
        click.echo(f"note: {len(corpus.problems)} problem(s) keep entries out or drop links; run "
                   "`praxisatlas validate`", err=True)
    if findings:
        click.echo(f"{len(findings)} finding(s) in {entries} of {len(corpus.published)} published entries",
                   err=True)
        sys.exit(1)
    click.echo(f"{len(corpus.published)} published entries, nothing to review", err=True)


@main.group()
def index() -> None:
    """Build or update the search index."""


@index.command("build")
def index_build() -> None:
    """Rebuild the whole index into a fresh folder, then swap it in atomically."""
    from app.search import build

    progress = None
    bar = None
    if sys.stderr.isatty():
        bar = click.progressbar(length=1, label="Indexing", file=sys.stderr)
        bar.__enter__()

        def progress(done: int, total: int) -> None:
            assert bar is not None
            bar.length = total
            bar.update(done - bar.pos)

    try:
        report = build(content_dir(), index_dir(), progress=progress)
    except VocabularyError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for problem in report.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(f"indexed {report.indexed} entries in {report.seconds:.1f} s "
               f"({len(report.problems)} problem(s))")


@index.command("update")
def index_update() -> None:
    """Index only what changed since the last build: added, edited and deleted files."""
    from app.editor.journal import replay
    from app.search import update

    for warning in replay(content_dir(), index_dir(), settings.get_path("STATE_DIR")):
        click.echo(f"warning: {warning}", err=True)
    try:
        report = update(content_dir(), index_dir())
    except VocabularyError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    for problem in report.problems:
        click.echo(f"warning: {problem}", err=True)
    if report.rebuilt:
        click.echo(f"rebuilt: {report.indexed} entries in {report.seconds:.1f} s")
        return
    click.echo(f"added {len(report.added)}, changed {len(report.changed)}, deleted {len(report.deleted)}"
               f" ({report.indexed} entries)")
    for label, slugs in (("added", report.added), ("changed", report.changed),
                         ("deleted", report.deleted)):
        for slug in slugs:
            click.echo(f"  {label}: {slug}")


@main.command()
@click.argument("query", nargs=-1)
@click.option("--level", multiple=True, help="Kommune, Land or Bund (repeatable)")
@click.option("--topic", multiple=True, help="Topic id (repeatable)")
@click.option("--country", multiple=True, help="DE, SE, FR or EU (repeatable)")
@click.option("--region", multiple=True, help="Land or region (repeatable)")
@click.option("--municipality-type", "municipality_type", multiple=True, help="Municipality type id")
@click.option("--kind", multiple=True, help="practice or recommendation")
@click.option("--evidence", multiple=True, help="evaluated, monitored or described")
@click.option("--outcome", multiple=True, help="positive, mixed, negative or open")
@click.option("--year", multiple=True, help="Year (repeatable)")
@click.option("--year-from", type=int)
@click.option("--year-to", type=int)
@click.option("--sort", type=click.Choice(["relevance", "year", "title", "reviewed"]), default="relevance")
@click.option("--page", help="Page number")
@click.option("--per-page", help="Entries per page")
@click.option("--lang", "language", type=click.Choice(["de", "en"]), default="de", help="Label language")
@click.option("--json", "as_json", is_flag=True, help="Print exactly the JSON of GET /api/v1/search")
def search(query: tuple[str, ...], as_json: bool, **options: object) -> None:
    """Search the index, as the web page and the API do."""
    from app.search.request import request_from_params

    params: dict[str, list[str]] = {"q": [" ".join(query)]}
    for name, value in options.items():
        if value is None or value == ():
            continue
        params[name] = [str(v) for v in value] if isinstance(value, tuple) else [str(value)]
    with search_index() as engine:
        request, errors = request_from_params(params, engine)
        if errors:
            for error in errors:
                click.echo(f"--{error.parameter.replace('_', '-')}: {error.message}", err=True)
            sys.exit(2)
        result = engine.search(request)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    _print_result(result)


def _print_result(result) -> None:  # type: ignore[no-untyped-def]
    if result.missing:
        click.echo(f"No entry mentions {', '.join(repr(w) for w in result.missing)}.")
    if result.corrected:
        click.echo(f"Entries for {result.suggestion!r} (you typed {result.query!r}):")
    elif result.partial:
        click.echo("No entry matches every word; entries matching some of them or their meaning:")
    click.echo(f"{result.total} entries (page {result.page} of {result.pages})")
    if result.suggestion and not result.corrected:
        click.echo(f"Did you mean: {result.suggestion}")
    for number, hit in enumerate(result.hits, start=(result.page - 1) * result.per_page + 1):
        r = hit.record
        meta = " · ".join(filter(None, [r["kind"], "/".join(r["levels"]), r["country"], r.get("region"),
                                        str(r.get("year") or "")]))
        click.echo(f"\n{number}. {r['title']}  [{r['slug']}]")
        click.echo(f"   {meta}")
        text = re.sub(r"</?mark>", "", hit.highlights)
        click.echo(f"   {text[:300]}")
        if hit.reason is not None:
            click.echo(f"   found by: {_reason_text(hit.reason)}")


def _reason_text(reason) -> str:  # type: ignore[no-untyped-def]
    """The reason of a hit as the page gives it, in English."""
    kinds = {"synonym": "synonym of", "compound": "compound part, for", "derived": "word form of"}
    parts = [w.found if w.kind == "literal" else f"{w.found} ({kinds[w.kind]} {w.query!r})" for w in reason.words]
    if reason.semantic:
        parts.append("similar meaning")
    return ", ".join(parts)


@main.command()
def health() -> None:
    """Whether search answers (entries in the index) and whether search by meaning is on; JSON."""
    with search_index() as engine:
        status = {"status": "ok", **engine.health()}
    click.echo(json.dumps(status, ensure_ascii=False))


@main.command()
@click.argument("slug")
def new(slug: str) -> None:
    """Create a skeleton entry (a valid draft) in the content folder."""
    try:
        path = write_skeleton(content_dir(), slug)
    except SkeletonError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(str(path))


@main.command()
@click.option("--host", default=None, help="Default: PRAXISATLAS_HOST")
@click.option("--port", type=int, default=None, help="Default: PRAXISATLAS_PORT")
@click.option("--workers", type=int, default=None, help="Default: PRAXISATLAS_WORKERS")
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the web front end and API with gunicorn (a production WSGI server)."""
    from app.serve import run

    run(host or settings.get("HOST"), port or settings.get_int("PORT"),
        workers or settings.get_int("WORKERS"))


def _register_subcommands() -> None:
    from app.editor.cli import editor
    from app.replica import sync

    main.add_command(editor)
    main.add_command(sync)


_register_subcommands()

if __name__ == "__main__":  # pragma: no cover
    main()
