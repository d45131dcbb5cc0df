"""The Merkliste: a chosen set of entries kept without an account, and its dossier for printing.

The list lives in the URL (``/merkliste?e=slug1&e=slug2``), so it works without JavaScript and a link
shares it. A cookie ``merkliste`` (slugs only) remembers the last list, so that „Merken“ on a search
result or an entry page can add to it; without the cookie every page still works on its own URL.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, g, redirect, render_template, request

from app.content import load_practice
from app.content.model import is_slug
from app.links import public_root, public_url
from app.render import render_markdown
from app.search_service import search_service
from app.security import delete_cookie, set_cookie
from app.web.exports import csv_response, json_response

MAX_ENTRIES = 100
PARAM = "e"
COOKIE = "merkliste"
COOKIE_AGE = 180 * 24 * 3600
COOKIE_MAX_CHARS = 3800  # browsers keep a cookie of up to 4096 bytes; the URL carries the rest
SEPARATOR = "."  # never part of a slug, and needs no quoting in a cookie
HEADING_TAG = re.compile(r"<(/?)h([2-5])\b")  # in sanitized HTML every other "<" is escaped


def _clean(values: list[str]) -> list[str]:
    """Well-formed slugs in first-seen order, each once, at most MAX_ENTRIES; anything else dropped."""
    out: dict[str, None] = {}
    for value in values:
        slug = value.strip()
        if is_slug(slug):
            out[slug] = None
            if len(out) == MAX_ENTRIES:
                break
    return list(out)


def from_url() -> bool:
    """Whether this request names its list (``?e=``, even empty: a list emptied by „Entfernen“)."""
    return PARAM in request.args


def _asked() -> tuple[str, ...]:
    """The list of this request: the URL's, else the one the cookie remembers (read once per
    request: every result card asks)."""
    if "merkliste" not in g:
        g.merkliste = tuple(_clean(request.args.getlist(PARAM)) if from_url()
                            else _clean(request.cookies.get(COOKIE, "").split(SEPARATOR)))
    return g.merkliste  # type: ignore[no-any-return]


def chosen() -> list[str]:
    return list(_asked())


def list_url(slugs: list[str], path: str = "/merkliste") -> str:
    """The address of this list; an empty list keeps ``?e=`` so that it is not read from the cookie."""
    return f"{path}?{urlencode([(PARAM, s) for s in slugs] or [(PARAM, '')])}"


def toggle_url(slug: str) -> str:
    """The list with this entry added (at the end) or, if it is on the list, removed."""
    slugs = chosen()
    return list_url([s for s in slugs if s != slug] if slug in slugs else [*slugs, slug])


def _remember(response: Response, slugs: list[str]) -> Response:
    """Keep the list in the cookie (as much of it as fits), or forget it when it is empty."""
    if not slugs:
        delete_cookie(response, COOKIE)
        return response
    kept: list[str] = []
    for slug in slugs:
        if len(SEPARATOR.join([*kept, slug])) > COOKIE_MAX_CHARS:
            break
        kept.append(slug)
    set_cookie(response, COOKIE, SEPARATOR.join(kept), COOKIE_AGE)
    return response


def _records() -> list[dict[str, Any]]:
    """The published entries of the list, in list order; unknown slugs are left out."""
    return search_service().records(chosen())


def merkliste() -> Any:
    asked = chosen()
    if not from_url() and asked:
        return redirect(list_url(asked))  # the address bar then shows the share link
    records = search_service().records(asked)
    slugs = [r["slug"] for r in records]
    response = Response(render_template(
        "merkliste.html", records=records, slugs=slugs, list_url=list_url,
        share_url=public_root() + list_url(slugs), dropped=len(asked) - len(records),
        max_entries=MAX_ENTRIES, capped=len(request.args.getlist(PARAM)) > MAX_ENTRIES))
    return _remember(response, slugs) if from_url() else response


def merkliste_csv() -> Response:
    return csv_response(_records(), name="merkliste")


def merkliste_json() -> Response:
    records = _records()
    share_url = public_root() + list_url([r["slug"] for r in records])
    return json_response(records, {"merkliste": share_url}, name="merkliste")


def _one_level_down(body_html: str) -> str:
    """An entry's rendered body under its title at level 2: its headings from h3 on (h6 stays h6)."""
    return HEADING_TAG.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", body_html)


def dossier() -> str:
    entries = []
    for slug in [r["slug"] for r in _records()]:
        practice, _ = load_practice(current_app.config["CONTENT_DIR"], slug)
        if practice is not None and practice.published:
            entries.append((practice, _one_level_down(render_markdown(practice.body))))
    slugs = [p.slug for p, _ in entries]
    return render_template("dossier.html", entries=entries, printed=date.today(),
                           list_link=list_url(slugs), share_url=public_root() + list_url(slugs),
                           entry_url=lambda slug: public_url("web.practice_page", slug=slug))


def is_kept(slug: str) -> bool:
    return slug in _asked()


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/merkliste", "merkliste", merkliste)
    bp.add_url_rule("/merkliste.csv", "merkliste_csv", merkliste_csv)
    bp.add_url_rule("/merkliste.json", "merkliste_json", merkliste_json)
    bp.add_url_rule("/merkliste/dossier", "dossier", dossier)
    # globals of the template environment, so that imported macros (result cards) see them too
    bp.add_app_template_global(toggle_url, "merkliste_toggle")
    bp.add_app_template_global(is_kept, "merkliste_has")
    bp.add_app_template_global(lambda: len(_asked()), "merkliste_count")
