"""Every type of page in a real browser: accessible in light and dark and no sideways scrolling on a
phone, in every language (Arabic right to left included); complete without JavaScript, and nothing
requested from any host but the site's own.

Screenshots of each page type at 360 and 1280 pixels, in English and in Arabic (the language whose
layout differs most), go to test-artifacts/ (or $ATLAS_ARTIFACTS).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
import pytest
from axe_playwright_python.base import AxeResults
from browsing import (
    DESKTOP,
    PHONE,
    PREFIXES,
    REQUIRED_TYPES,
    language_page_types,
    overflow_width,
    page_types,
    show_lazy_images,
)

AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"


@pytest.fixture(scope="module")
def shipped_pages(shipped_site) -> dict[str, str]:
    return page_types(shipped_site.folder)


@pytest.fixture(scope="module")
def synthetic_pages(synthetic_site) -> dict[str, str]:
    return page_types(synthetic_site.folder)


LANGUAGES = list(PREFIXES)
SCREENSHOT_LANGUAGES = ("en", "ar")


def _shot(artifacts: Path, language: str, name: str, suffix: str) -> Path | None:
    """Where a screenshot of a page goes (English keeps its old names), or None: not kept."""
    if language not in SCREENSHOT_LANGUAGES:
        return None
    return artifacts / f"shipped-{'' if language == 'en' else language + '-'}{name}-{suffix}.png"


def test_the_suite_visits_every_page_type(shipped_site, shipped_pages, synthetic_pages):
    assert set(REQUIRED_TYPES) <= set(shipped_pages)
    assert set(REQUIRED_TYPES) <= set(synthetic_pages)
    assert not set(PREFIXES) & set(shipped_pages)  # a translated site is not a section of the English one
    for language in LANGUAGES:
        pages = language_page_types(shipped_site.folder, language)
        assert set(pages) == set(shipped_pages), language
        assert all(path.startswith(PREFIXES[language]) for path in pages.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_accessibility_violations_in_light_and_dark(page_watch, shipped_site, artifacts, language):
    """axe-core finds nothing on any page type of each language, light on a laptop and dark on a phone.

    Both checks of a page run at once, in two browser tabs, to halve the time they take.
    """
    light = page_watch(viewport=DESKTOP, color_scheme="light")
    dark = page_watch(viewport=PHONE, color_scheme="dark")
    for tab in (light, dark):
        tab.context.add_init_script(path=AXE_SCRIPT)
    reports = {}
    for name, path in language_page_types(shipped_site.folder, language).items():
        for tab in (light, dark):
            tab.goto(shipped_site.url + path)
            assert tab.evaluate("document.documentElement.lang") == language
            tab.evaluate("() => { window.axeResults = axe.run({resultTypes: ['violations']}); }")
        for scheme, tab in (("light", light), ("dark", dark)):
            results = AxeResults(tab.evaluate("window.axeResults"))
            if results.violations_count:
                reports[f"{name}, {scheme}"] = results.generate_report()
        if shot := _shot(artifacts, language, name, "360-dark"):
            dark.screenshot(path=shot, full_page=True)
    assert not reports, "\n\n".join(f"== {name}\n{report}" for name, report in reports.items())


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways(page_watch, shipped_site, artifacts, viewport, language):
    """At 360 and 1280 pixels no page is wider than the screen, in any language (right to left too: a
    page that overflows to the left scrolls sideways as well); wide tables scroll in their own box."""
    page = page_watch(viewport=viewport)
    too_wide = {}
    for name, path in language_page_types(shipped_site.folder, language).items():
        page.goto(shipped_site.url + path)
        if overflow := overflow_width(page):
            too_wide[name] = overflow
        if shot := _shot(artifacts, language, name, str(viewport["width"])):
            show_lazy_images(page)
            page.screenshot(path=shot, full_page=True)
    assert too_wide == {}


def test_no_page_scrolls_sideways_with_many_groups(page_watch, synthetic_site, synthetic_pages, artifacts):
    """More groups than the home page maps, long tables, the fictional-data banner: the phone layout holds."""
    page = page_watch(viewport=PHONE)
    too_wide = {}
    for name, path in synthetic_pages.items():
        page.goto(synthetic_site.url + path)
        if overflow := overflow_width(page):
            too_wide[name] = overflow
        page.screenshot(path=artifacts / f"synthetic-{name}-360.png")
    assert too_wide == {}
    page.goto(synthetic_site.url)
    assert page.locator(".fictional").is_visible()


VISIBLE_LINKS = """() => Array.from(document.querySelectorAll('main a[href]'))
    .filter(a => a.getClientRects().length > 0).map(a => a.getAttribute('href'))"""
ALL_LINKS = "() => Array.from(document.querySelectorAll('main a[href]')).map(a => a.getAttribute('href'))"
HEADINGS = (
    "() => Array.from(document.querySelectorAll('main h1, main h2, main h3')).map(h => h.textContent.trim())"
)


def test_every_page_is_complete_without_javascript(page_watch, shipped_site, shipped_pages):
    """With scripts off every link and heading is shown, and a reader sees the same links as with them."""
    without = page_watch(viewport=PHONE, java_script_enabled=False)
    with_js = page_watch(viewport=PHONE)
    for name, path in shipped_pages.items():
        without.goto(shipped_site.url + path)
        shown = without.evaluate(VISIBLE_LINKS)
        assert shown == without.evaluate(ALL_LINKS), f"{name}: links hidden without JavaScript"
        assert len(shown) > 0, name
        text = without.locator("main").inner_text()
        for heading in without.evaluate(HEADINGS):
            assert " ".join(heading.split()) in " ".join(text.split()), (
                f"{name}: heading {heading!r} not shown"
            )
        with_js.goto(shipped_site.url + path)
        assert sorted(with_js.evaluate(VISIBLE_LINKS)) == sorted(shown), (
            f"{name}: links differ with JavaScript"
        )
    without.goto(shipped_site.url + "search/")
    assert without.locator("[data-needs-script]").is_visible()
    assert without.locator(".search-form").is_hidden()


def test_nothing_is_requested_from_another_host(page_watch, shipped_site, shipped_pages):
    """Pages, styles, scripts, charts and the search index all come from the site's own server."""
    page = page_watch(viewport=DESKTOP)
    failed, errors = [], []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in shipped_pages.values():
        page.goto(shipped_site.url + path)
        show_lazy_images(page)
    page.goto(shipped_site.url + "search/?q=wikipedia")
    page.locator(".search-results li").first.wait_for()
    origin = urlsplit(shipped_site.url)
    hosts = {(urlsplit(url).scheme, urlsplit(url).netloc) for url in page.requests}
    assert hosts == {(origin.scheme, origin.netloc)}
    assert shipped_site.url + "search/index.json" in page.requests
    assert any(url.endswith(".svg") for url in page.requests)
    assert failed == [] and errors == []
