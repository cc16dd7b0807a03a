"""Contributed text stays inert in a real browser.

A site is built from tests/hostile/inert-text-site: valid files whose names, notes, ideas, URLs and
assessed_by carry <script>, event handlers, javascript: and data: URLs, Markdown tricks, right-to-left
overrides and very long words. Every page showing any of it is loaded in Chromium, hovered, focused
and searched; the payloads would set window.__pwned, log PWNED or fetch evil.example, and none may.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from browsing import PHONE, build_in, overflow_width

HOSTILE_SITE = Path(__file__).resolve().parents[1] / "hostile" / "inert-text-site"
CONTRIBUTED_HOSTS = {"evil.example", "example.org"}  # the hosts the fixtures link to
MARKERS = ("__pwned", "evil.example", "Supercalifragilistic", "\u202e")
SEARCH_DONE = """() => {
  const status = document.querySelector("[data-search] [role=status]").textContent;
  return status !== "" && !status.startsWith("Searching");
}"""
TABS = 8  # pages checked at once
SEARCHES = ("pwned", "Supercalifragilistic", "<img src=x onerror=window.__pwned=99>", "javascript:alert(1)")

# Run in each page after load: fire the events that inline handlers listen for, then report anything
# active that contributed text could have added.
PROVOKE_AND_INSPECT = """() => {
  for (const element of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "blur", "toggle", "load", "error"]) {
      element.dispatchEvent(new Event(type));
    }
    if (element.focus) element.focus();
  }
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.getAttributeNames()) {
      if (attribute.startsWith("on")) found.push(`${element.tagName} ${attribute}`);
    }
  }
  const never = "iframe, frame, object, embed, base, meta[http-equiv], body style, body link, applet";
  for (const element of document.querySelectorAll(never)) found.push(`element ${element.tagName}`);
  const loads = "script, img, video, audio, source, track, input[type=image], form, link, image, use";
  for (const element of document.querySelectorAll(loads)) {
    for (const name of ["src", "href", "action", "srcset", "poster", "xlink:href"]) {
      const value = element.getAttribute(name);
      if (value && new URL(value.split(" ")[0], location.href).host !== location.host) {
        found.push(`${element.tagName} ${name}=${value}`);
      }
    }
    const data = ["application/json", "application/ld+json"].includes(element.type);  // never run
    if (element.tagName === "SCRIPT" && !element.src && !data) found.push("inline script");
  }
  for (const element of document.querySelectorAll("[href], [src], [action], [formaction]")) {
    for (const name of ["href", "src", "action", "formaction"]) {
      const value = element.getAttribute(name);
      const allowed = /^(https?:|mailto:|[^:]*$)/i.test((value || "").trim());
      if (!allowed) found.push(`${element.tagName} ${name}=${value}`);
    }
  }
  return {pwned: window.__pwned ?? null, found};
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, chart_cache, serve):
    root = tmp_path_factory.mktemp("hostile-site")
    return build_in(HOSTILE_SITE, root / "atlas", chart_cache), serve(root) + "atlas/"


def pages_with_contributed_text(folder: Path) -> list[str]:
    """Paths (from the site root) of every page that shows any of the hostile fixtures' text."""
    pages = []
    for page in sorted(folder.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if any(marker in html for marker in MARKERS):
            pages.append(page.relative_to(folder).as_posix().removesuffix("index.html"))
    return pages


def off_site(requests: list[str], base: str) -> list[str]:
    host = urlsplit(base).netloc
    return [
        url
        for url in requests
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != host
    ]


def open_guarded(page_watch, **options):
    """A page that records every request and refuses (but still records) any that leaves 127.0.0.1."""
    page = page_watch(**options)
    page.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    return page


def test_the_fixtures_reach_the_pages(hostile_site):
    folder, _ = hostile_site
    pages = pages_with_contributed_text(folder)
    for slug in ("script-in-every-field", "rtl-override-group", "long-word-group"):
        assert f"communities/{slug}/" in pages
    html = (folder / "communities" / "script-in-every-field" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=1" in html  # shown as text, not dropped
    assert "{{ 7*7 }}" in html  # never evaluated as a template


def test_no_injected_script_runs_and_nothing_leaves_the_site(page_watch, hostile_site):
    """Every page showing contributed text, in every language, loaded, provoked and inspected.

    The pages are opened TABS at a time, each in its own tab, so that their waits for a quiet network
    (half a second each) overlap."""
    folder, base = hostile_site
    tabs = [open_guarded(page_watch) for _ in range(TABS)]
    paths = pages_with_contributed_text(folder)
    problems = {}
    for start in range(0, len(paths), TABS):
        batch = list(zip(tabs, paths[start : start + TABS], strict=False))  # the last may be short
        for tab, path in batch:
            tab.goto(base + path, wait_until="load")
        results = []
        for tab, path in batch:
            tab.wait_for_load_state("networkidle")
            results.append((tab, path, tab.evaluate(PROVOKE_AND_INSPECT)))
        batch[-1][0].wait_for_timeout(50)  # time for anything the events set off
        for tab, path, result in results:
            result["pwned"] = result["pwned"] or tab.evaluate("window.__pwned ?? null")
            if result["pwned"] is not None or result["found"]:
                problems[path] = result
    assert problems == {}
    requests = [url for tab in tabs for url in tab.requests]
    assert [message for tab in tabs for message in tab.console_messages if "PWNED" in message] == []
    assert off_site(requests, base) == []
    assert len(requests) > len(paths)  # the pages really loaded


def test_searching_for_hostile_text_shows_it_as_text(page_watch, hostile_site):
    _, base = hostile_site
    page = open_guarded(page_watch)
    shown = {}
    for query in SEARCHES:
        page.goto(f"{base}search/?q={quote(query)}")
        page.wait_for_function(SEARCH_DONE)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(PROVOKE_AND_INSPECT) == {"pwned": None, "found": []}, query
        shown[query] = page.locator(".search-results").inner_text()
    assert "<script>window.__pwned=1" in shown["pwned"]  # the name found, and shown as text
    assert [message for message in page.console_messages if "PWNED" in message] == []
    assert off_site(page.requests, base) == []


def test_outbound_contributed_links_are_nofollow_noopener(page_watch, hostile_site):
    _, base = hostile_site
    page = open_guarded(page_watch)
    page.goto(base + "communities/script-in-every-field/")
    outbound = page.eval_on_selector_all(
        "main a[href^='http']", "links => links.map(a => [a.getAttribute('href'), a.getAttribute('rel')])"
    )
    contributed = {href: rel for href, rel in outbound if urlsplit(href).hostname in CONTRIBUTED_HOSTS}
    assert len(contributed) == 3, contributed  # the file's url, its source and the link in a note
    assert set(contributed.values()) == {"nofollow noopener"}


def test_long_words_and_overrides_do_not_widen_a_phone_page(page_watch, hostile_site):
    folder, base = hostile_site
    page = open_guarded(page_watch, viewport=PHONE)
    too_wide = {}
    for slug in ("script-in-every-field", "rtl-override-group", "long-word-group"):
        page.goto(f"{base}communities/{slug}/")
        if overflow := overflow_width(page):
            too_wide[slug] = overflow
    assert too_wide == {}


def test_a_right_to_left_override_stays_inside_its_element(page_watch, hostile_site):
    """The override in a name reverses that name only: the text after the element reads as written."""
    _, base = hostile_site
    page = open_guarded(page_watch)
    page.goto(f"{base}communities/rtl-override-group/")
    assert page.title().endswith("\u2069 · Capacity Atlas")  # the name isolated in the title too
    assert page.locator("h1 > bdi").count() == 1
    isolation = page.evaluate("getComputedStyle(document.querySelector('h1 > bdi')).unicodeBidi")
    assert isolation in ("isolate", "plaintext", "isolate-override")
