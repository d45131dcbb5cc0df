"""Markdown → sanitized HTML for display.

python-markdown passes ``javascript:`` links and raw HTML through, so nh3 (an allowlist sanitizer,
maintained; bleach has ended) sees every byte that reaches a page. Bodies are capped before
rendering because Markdown rendering time grows quickly with size.
"""

from __future__ import annotations

import markdown
import nh3

MAX_MARKDOWN_CHARS = 200_000
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Render an entry body to HTML that is safe to insert into a page."""
    html = markdown.markdown(text[:MAX_MARKDOWN_CHARS], extensions=["tables", "sane_lists"],
                             output_format="html")
    # Headings inside an entry start below the page's own h1; shift h1 down so the outline stays valid.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)
