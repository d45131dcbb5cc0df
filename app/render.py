"""Markdown → sanitized HTML for display, in bounded time, once per body.

markdown-it-py follows CommonMark's parsing strategy, which is linear in the input (python-markdown,
used before, took 8.6 s for 8,000 `[` and grew with the square of the input, issue 16). Its
constant is still high on hostile input (up to ~15 µs a character for runs of `![`), so inline
markup (emphasis, links, code spans) is parsed for the first ``INLINE_BUDGET`` characters of inline
text only; any later paragraph is shown as its text, escaped. Entries are a few thousand characters,
far below the budget, so this only ever changes a hostile body. Block parsing is linear too, but
costs up to ~6 µs a line, so only the first ``MAX_MARKDOWN_CHARS`` are read as Markdown; anything
after them (never in a real entry) is shown as escaped paragraphs, so nothing is cut off.

markdown-it passes raw HTML and ``javascript:`` links through as written, so nh3 (an allowlist
sanitizer, maintained; bleach has ended) sees every byte that reaches a page. The result is cached
by the body's digest: an entry's HTML is computed once per revision and process.
"""

from __future__ import annotations

import hashlib
import html as html_escape
import re
import threading
from collections import OrderedDict

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

MAX_MARKDOWN_CHARS = 100_000
"""Characters read as Markdown; the rest of a longer body is shown as plain paragraphs."""
INLINE_BUDGET = 30_000
"""Characters of inline text parsed for markup per body: at most ~0.5 s on the worst input found (runs of `![`)."""
RENDERER = "markdown-it-1"
"""Part of the cache key: change it when the rendering rules change."""
CACHE_BYTES = 32 * 1024 * 1024
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto"}


def _budgeted_inline(state: StateCore) -> None:
    """markdown-it's inline step, with later paragraphs left as text once the budget is spent."""
    budget = INLINE_BUDGET
    for token in state.tokens:
        if token.type != "inline":
            continue
        token.children = []
        if len(token.content) <= budget:
            budget -= len(token.content)
            state.md.inline.parse(token.content, state.md, state.env, token.children)
        else:
            budget = 0
            text = Token("text", "", 0)
            text.content = token.content
            token.children.append(text)


_parser = MarkdownIt("commonmark", {"maxNesting": 20}).enable("table")
_parser.core.ruler.at("inline", _budgeted_inline)
# every link becomes a link and nh3 alone decides which addresses stay (one gate, as before)
_parser.validateLink = lambda url: True  # type: ignore[method-assign]
_lock = threading.Lock()
_cache: OrderedDict[str, str] = OrderedDict()
_cached_bytes = 0


def _plain_paragraphs(text: str) -> str:
    return "".join(f"<p>{html_escape.escape(part.strip())}</p>\n" for part in re.split(r"\n[ \t]*\n", text)
                   if part.strip())


def _render(text: str) -> str:
    rest = ""
    if len(text) > MAX_MARKDOWN_CHARS:
        cut = text.rfind("\n\n", 0, MAX_MARKDOWN_CHARS)
        cut = cut if cut > 0 else MAX_MARKDOWN_CHARS
        text, rest = text[:cut], text[cut:]
    html = _parser.render(text)
    # Headings inside an entry start below the page's own h1; shift h1 down so the outline stays valid.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    safe = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)
    # the rest is escaped here and needs no sanitizer (nh3 grows faster than linearly on long
    # runs of entities: 3.9 s for 900,000 `&#` escaped)
    return safe + _plain_paragraphs(rest)


def render_markdown(text: str) -> str:
    """Render an entry body to HTML that is safe to insert into a page (cached by the body)."""
    global _cached_bytes
    key = hashlib.sha256(f"{RENDERER}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
    with _lock:
        html = _cache.get(key)
        if html is not None:
            _cache.move_to_end(key)
            return html
    html = _render(text)
    with _lock:
        if key not in _cache:
            _cache[key] = html
            _cached_bytes += len(html)
            while _cached_bytes > CACHE_BYTES and _cache:
                _, dropped = _cache.popitem(last=False)
                _cached_bytes -= len(dropped)
    return html
