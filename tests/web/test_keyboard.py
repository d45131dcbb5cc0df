"""A keyboard-only walk in Chromium: search, choose a facet, open an entry, switch language — no mouse."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MAX_TABS = 400


def tab_to(page, matches) -> str:  # type: ignore[no-untyped-def]
    """Press Tab until the focused element satisfies ``matches``; fail if focus never gets there."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement;"
            " return {tag: e.tagName, text: (e.textContent || '').trim(), href: e.getAttribute('href') || '',"
            " value: e.value || '',"
            " visible: !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length)}; })()")
        if matches(focused):
            assert focused["visible"], f"focus is on an invisible element: {focused}"
            return focused["href"]
    raise AssertionError("keyboard focus never reached the element")


def test_a_whole_task_by_keyboard(page):  # type: ignore[no-untyped-def]
    page.goto("/")
    tab_to(page, lambda f: f["tag"] == "INPUT")
    page.keyboard.type("Ausländerbehörde")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=Ausl"))

    tab_to(page, lambda f: f["tag"] == "INPUT" and f["value"] == "Kommune")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"level=Kommune"))
    assert page.locator(".chips .chip", has_text="Kommune").count() == 1

    tab_to(page, lambda f: f["href"].startswith("/practices/"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/practices/"))
    assert page.locator("h1").count() == 1

    tab_to(page, lambda f: "lang=en" in f["href"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator("html").get_attribute("lang") == "en"


def test_focus_is_always_visible(page):  # type: ignore[no-untyped-def]
    page.goto("/?q=Fallmanagement")
    for _ in range(25):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", page.evaluate("document.activeElement.outerHTML")
