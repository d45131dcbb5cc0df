"""Hostile entries: Markdown-specific vectors and a public XSS vector list, rendered and browsed.

The render test checks every vector's HTML against the allowlist; the browser test serves hostile
entries from a real server and counts script executions in Chromium (dialogs, plus hooks that an
init script installs before any page script) and requests to any host but the server.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from app.render import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

MARKDOWN_VECTORS = [
    "[klick](javascript:alert(1))",
    "[klick](JaVaScRiPt:alert(1))",
    "[klick](java\tscript:alert(1))",
    "[klick](&#106;avascript:alert(1))",
    "[klick](javascript&#58;alert(1))",
    "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klick](vbscript:msgbox(1))",
    "[ref][x]\n\n[x]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![bild](javascript:alert(1))",
    "![bild](https://evil.example/track.png)",
    "![bild](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x" onerror="alert(1)](https://evil.example/x.png)',
    "[text](https://example.org){: onclick=alert(1) }",
    "# Titel {: onclick=\"alert(1)\" style=\"background:url(javascript:alert(1))\" }",
    "Absatz\n{: onmouseover=alert(1) }",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<details open ontoggle=alert(1)>",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<form action=https://evil.example><button>senden</button></form>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
    "<base href=https://evil.example/>",
    "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "<div markdown=\"1\">[x](javascript:alert(1))</div>",
    "[x](https://example.org \"title\" onclick=\"alert(1)\")",
    "<!-- <img src=x onerror=alert(1)> -->",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
    "[x](<javascript:alert(1)>)",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<a href=\" javascript:alert(1)\">x</a>",
]


def public_vectors() -> list[str]:
    """The payloads of brs-kb (MIT), a published XSS vector list; empty when it is not installed."""
    try:
        import brs_kb
    except ImportError:
        return []
    return sorted({str(p["payload"]) for p in brs_kb.get_all_payloads().values() if p.get("payload")})


class AllowlistCheck(HTMLParser):
    """Collects every tag, attribute and URL that the rendered HTML contains."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name == "rel" and tag == "a":
                continue
            if name not in ALLOWED_ATTRIBUTES.get(tag, set()):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href" and value is not None:
                scheme = urllib.parse.urlsplit(value.strip()).scheme.lower()
                if scheme not in ("", "http", "https", "mailto"):
                    self.problems.append(f"href {value!r}")


def check(html: str) -> list[str]:
    parser = AllowlistCheck()
    parser.feed(html)
    parser.close()
    return parser.problems


@pytest.mark.parametrize("vector", MARKDOWN_VECTORS)
def test_markdown_vectors_render_inside_the_allowlist(vector: str) -> None:
    html = render_markdown(f"Text davor.\n\n{vector}\n\nText danach.")
    assert check(html) == [], html


def test_a_public_xss_vector_list_renders_inside_the_allowlist() -> None:
    vectors = public_vectors()
    if not vectors:
        pytest.skip("brs-kb is not installed (pip install brs-kb)")
    assert len(vectors) > 1000
    failures = {}
    for vector in vectors:
        for text in (vector, f"[x]({vector})", f"Absatz {vector}\n{{: title=\"{vector}\" }}"):
            problems = check(render_markdown(text))
            if problems:
                failures[text] = problems
    assert failures == {}


def _hostile_bodies() -> list[str]:
    """Every vector spread over entries small enough to render whole (200,000 characters each)."""
    vectors = MARKDOWN_VECTORS + public_vectors()
    bodies, current, size = [], ["## Ausgangslage\n"], 0
    for vector in vectors:
        block = f"\n{vector}\n"
        if size + len(block) > 150_000:
            bodies.append("".join(current))
            current, size = ["## Ausgangslage\n"], 0
        current.append(block)
        size += len(block)
    bodies.append("".join(current))
    return bodies


@pytest.fixture
def hostile_site(content_dir: Path, index_dir: Path, write_entry, serve) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    slugs = []
    for number, body in enumerate(_hostile_bodies()):
        slug = f"feindlich-{number}"
        write_entry(slug, body=body,
                    title='<script>alert("titel")</script> Feindlicher Eintrag "><img src=x onerror=alert(1)>',
                    summary="<img src=x onerror=alert(2)> javascript:alert(3) {{7*7}} ${alert(4)}",
                    place="<svg onload=alert(5)>", actors=["<b onmouseover=alert(6)>Amt</b>"])
        slugs.append(slug)
    server = serve(content_dir, index_dir, workers=1)
    yield server, slugs


HOOKS = """
window.__executions = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  const original = window[name];
  window[name] = function (...args) {
    window.__executions.push(name + ":" + String(args[0]));
    console.log("XSS-EXECUTED " + name);
  };
}
"""


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_entries_run_no_script_and_pages_fetch_nothing_from_other_hosts(hostile_site, browser) -> None:
    server, slugs = hostile_site
    host = urllib.parse.urlsplit(server.url).netloc
    dialogs: list[str] = []
    console: list[str] = []
    foreign: list[str] = []
    context = browser.new_context(java_script_enabled=True)
    try:
        context.add_init_script(HOOKS)

        def on_request(request: Any) -> None:
            parts = urllib.parse.urlsplit(request.url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != host:
                foreign.append(request.url)

        context.on("request", on_request)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: console.append(message.text))
        paths = [f"/practices/{slug}" for slug in slugs] + [
            "/", "/?q=feindlich", "/?q=%3Cscript%3Ealert(1)%3C/script%3E", "/?q=%22%3E%3Cimg%20src%3Dx",
            "/stats", "/compare", "/barrierefreiheit", "/editor/login", "/feed.atom?q=feindlich",
            "/api/v1/search?q=feindlich"]
        executions: list[str] = []
        for path in paths:
            response = page.goto(server.url + path, wait_until="load")
            assert response is not None
            if path.startswith("/practices/"):
                assert response.status == 200, path
                assert "Feindlicher Eintrag" in page.inner_text("h1")
                assert page.locator("main a, article a").count() > 0
            page.wait_for_timeout(150)  # let timers and onload handlers fire
            for element in page.query_selector_all("a, button, summary, details")[:60]:
                try:
                    element.hover(timeout=200)  # onmouseover / onfocus vectors
                except Exception:  # noqa: BLE001 - hidden or detached elements
                    pass
            executions += page.evaluate("window.__executions")
        assert dialogs == []
        assert executions == []
        assert [line for line in console if "XSS-EXECUTED" in line] == []
        assert foreign == []
    finally:
        context.close()
