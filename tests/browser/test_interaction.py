"""What the script adds, used as a reader would: by keyboard on a phone, filters, sorting and search."""

from __future__ import annotations

import re

import pytest
from browsing import DESKTOP, PHONE, PREFIXES
from playwright.sync_api import expect


def focused(page, prop: str):
    return page.evaluate(f"() => document.activeElement.{prop}")


def outline_shown(page) -> bool:
    return page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle !== 'none'")


def test_keyboard_reaches_skip_link_navigation_and_search(page_watch, shipped_site):
    page = page_watch(viewport=PHONE)
    page.goto(shipped_site.url)
    page.keyboard.press("Tab")
    assert focused(page, "textContent") == "Skip to content"
    box = page.evaluate("() => document.activeElement.getBoundingClientRect().toJSON()")
    assert box["top"] >= 0 and box["right"] <= PHONE["width"], "the skip link is shown when focused"
    assert outline_shown(page)
    page.keyboard.press("Enter")
    assert focused(page, "id") == "main"
    page.goto(shipped_site.url)
    names = []
    for _ in range(14):  # the skip link, the name, search, three other languages, eight sections
        page.keyboard.press("Tab")
        names.append(focused(page, "textContent.trim()"))
        assert outline_shown(page), names[-1]
    labels = (
        "Map",
        "Communities",
        "Capacities",
        "Regions",
        "Data",
        "Guidelines",
        "Assess your group",
        "About",
    )
    for label in (*labels, "Search"):
        assert label in names
    while focused(page, "textContent.trim()") != "Search":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/$"))


@pytest.mark.parametrize("language", PREFIXES)
def test_a_phone_header_keeps_to_a_fifth_of_the_screen_and_every_section_in_reach(
    page_watch, shipped_site, language
):
    """On a phone the sections stay on one line that scrolls in its own box: the header keeps to a fifth
    of the screen, the current section shows on load, and each section comes into view when tabbed to."""
    page = page_watch(viewport=PHONE)
    base = shipped_site.url + PREFIXES[language]
    page.goto(base + "assess/")  # the last section but one: off the line's first screen in every language
    header = page.locator(".site-header").bounding_box()
    assert header and header["height"] <= PHONE["height"] / 5
    search = page.locator(".search-link").bounding_box()  # its magnifier alone: still a target to touch
    assert search and min(search["width"], search["height"]) >= 24  # WCAG 2.2's minimum target size
    links = page.locator(".site-nav a")
    assert links.count() == 8
    strip = page.locator(".site-nav ul").bounding_box()
    assert (
        strip and page.evaluate("() => document.querySelector('.site-nav ul').scrollWidth") > strip["width"]
    )
    inside = (
        "a => { const s = a.closest('ul').getBoundingClientRect(), b = a.getBoundingClientRect();"
        " return s.left <= b.left + 0.5 && b.right <= s.right + 0.5; }"
    )
    assert page.locator(".site-nav a[aria-current]").evaluate(inside)
    page.locator(".brand").focus()
    seen = []
    while len(seen) < 8:
        page.keyboard.press("Tab")
        if not page.evaluate("() => document.activeElement.closest('.site-nav') !== null"):
            continue
        seen.append(focused(page, "getAttribute('href')"))
        assert page.evaluate(f"() => ({inside})(document.activeElement)"), seen[-1]
    assert len(set(seen)) == 8


# After focusing an element: where it and the element focused before it are, and whether it comes after
# that one in reading order (a line further down, or further along the same line in the page's direction).
READS_AFTER = """(before) => {
  const a = before.getBoundingClientRect(), b = document.activeElement.getBoundingClientRect();
  const rtl = getComputedStyle(document.documentElement).direction === "rtl";
  if (b.top >= a.bottom - 2) return true;
  if (b.bottom <= a.top + 2) return false;
  return rtl ? b.right <= a.left + 1 : b.left >= a.right - 1;
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", PREFIXES)
def test_the_header_is_tabbed_through_in_the_order_it_reads(page_watch, shipped_site, language, viewport):
    """Name, search, languages, sections: keyboard focus moves through the header in the order a reader
    sees it, on a phone and on a wide screen, left to right or right to left."""
    page = page_watch(viewport=viewport)
    page.goto(shipped_site.url + PREFIXES[language] + "communities/")
    page.locator(".brand").focus()
    count = page.evaluate("() => document.querySelectorAll('.site-header a').length")
    assert count >= 1 + 1 + 3 + 8  # the name, search, three other languages, eight sections
    for step in range(count - 1):
        before = page.evaluate_handle("() => document.activeElement")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.closest('.site-header') !== null")
        assert page.evaluate(READS_AFTER, before), (step, focused(page, "getAttribute('href')"))


def test_keyboard_filters_and_sorts_the_communities(page_watch, shipped_site):
    page = page_watch(viewport=PHONE)
    page.goto(shipped_site.url + "communities/")
    rows = page.locator("#community-list tbody tr")
    total = rows.count()
    region = page.locator("select[name=region]")
    region.focus()
    page.keyboard.press("ArrowDown")  # the first region in the list
    chosen = region.input_value()
    expected = page.evaluate(
        "(region) => Array.from(document.querySelectorAll('#community-list tbody tr'))"
        ".filter(tr => tr.dataset.region.split(' ').includes(region)).length",
        chosen,
    )
    assert chosen and 0 < expected < total
    assert rows.locator("visible=true").count() == expected
    assert page.locator(".filters [role=status]").inner_text() == f"Showing {expected} of {total}."
    page.keyboard.press("Tab")  # to the kind filter
    page.keyboard.press("Tab")  # to the age filter
    page.keyboard.press("Tab")  # to "Show all"
    page.keyboard.press("Enter")
    expect(rows.locator("visible=true")).to_have_count(total)
    sort = page.get_by_role("button", name=re.compile("Capacities rated"))
    sort.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # the second press sorts from most to fewest
    header = page.locator("th", has=sort)
    assert header.get_attribute("aria-sort") == "descending"
    counts = [int(text) for text in rows.locator("td.num").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and len(counts) == total


# Whether a select shows its first choice ("All regions", ...) whole: its text, its padding and its arrow.
SHOWS_ITS_FIRST_CHOICE = """(select) => {
  const pen = document.createElement("canvas").getContext("2d");
  pen.font = getComputedStyle(select).font;
  return pen.measureText(select.options[0].text).width + 30 <= select.getBoundingClientRect().width;
}"""


@pytest.mark.parametrize("language", PREFIXES)
def test_the_filters_show_their_words_whole(page_watch, shipped_site, language):
    """On a phone and on a wide screen, each filter of the communities list and of a capacity page (five
    filters on one line) is wide enough for its first choice, and each button keeps its words on one line."""
    for viewport in (PHONE, DESKTOP):
        page = page_watch(viewport=viewport)
        for path in ("communities/", "capacities/wikidata/"):
            page.goto(shipped_site.url + PREFIXES[language] + path)
            selects, buttons = page.locator(".filters select"), page.locator(".filters button")
            expect(selects.first).to_be_visible()
            for i in range(selects.count()):
                first = selects.nth(i).evaluate("s => s.options[0].text")
                assert selects.nth(i).evaluate(SHOWS_ITS_FIRST_CHOICE), (viewport["width"], path, first)
            for i in range(buttons.count()):
                height = buttons.nth(i).evaluate(
                    "b => b.getBoundingClientRect().height / parseFloat(getComputedStyle(b).lineHeight)"
                )
                assert height < 2, buttons.nth(i).text_content()
        page.close()


def test_filters_on_a_capacity_page(page_watch, synthetic_site):
    page = page_watch(viewport=PHONE)
    page.goto(synthetic_site.url + "capacities/wikidata/")
    items = page.locator("#who-is-where li")
    total = items.count()
    page.select_option("#who-is-where select[name=level]", "high")
    shown = items.locator("visible=true")
    assert 0 < shown.count() < total
    assert set(shown.evaluate_all("items => items.map(li => li.dataset.level)")) == {"high"}
    assert page.locator("#who-is-where [data-group]:visible").count() == 1
    page.select_option("#who-is-where select[name=level]", "")
    page.select_option("#who-is-where select[name=stale]", "false")
    current = shown.evaluate_all("items => items.map(li => li.dataset.stale)")
    assert set(current) == {"false"} and 0 < len(current) < total  # the synthetic set has stale ratings
    page.select_option("#who-is-where select[name=order]", "-date")
    dates = shown.evaluate_all("items => items.map(li => li.dataset.date)")
    first_group = page.locator("#who-is-where [data-group]:visible ul").first
    group_dates = first_group.locator("li:visible").evaluate_all("items => items.map(li => li.dataset.date)")
    assert group_dates == sorted(group_dates, reverse=True) and dates


def test_map_table_scrolls_in_its_own_box_by_keyboard(page_watch, synthetic_site):
    page = page_watch(viewport=PHONE)
    page.goto(synthetic_site.url + "map/community-health/")
    box = page.locator(".map-scroll")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    box.focus()
    assert outline_shown(page)
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.map-scroll').scrollLeft > 0")
    first_column = page.locator(".map tbody th").first.bounding_box()
    assert first_column["x"] >= 0, "the name column stays in view while the table scrolls"
    page.select_option("select[name=kind]", "chapter")
    kinds = page.locator(".map tbody tr:visible").evaluate_all("rows => rows.map(tr => tr.dataset.kind)")
    assert kinds and set(kinds) == {"chapter"}


@pytest.mark.parametrize("how", ["typed", "linked"])
def test_search_finds_a_community_from_the_site_itself(page_watch, shipped_site, how):
    page = page_watch(viewport=PHONE)
    if how == "typed":
        page.goto(shipped_site.url + "search/")
        page.get_by_label("Search words").fill("Armenian")
    else:
        page.goto(shipped_site.url + "search/?q=Armenian")
    result = page.locator(".search-results a", has_text="Armenian Wikipedia")
    result.wait_for()
    assert "found" in page.locator(".search [role=status]").inner_text()
    assert page.locator(".search-results mark").first.inner_text().lower() == "armenian"
    result.click()
    page.wait_for_url(re.compile(r"/communities/armenian-wikipedia/$"))
    assert page.locator("h1").inner_text() == "Armenian Wikipedia"
    assert all(url.startswith(shipped_site.url) for url in page.requests)


# The words of the map's column headings (split at spaces and hyphens) wider than their cell.
CUT_HEADINGS = """() => {
  const pen = document.createElement("canvas").getContext("2d");
  return [...document.querySelectorAll("table.map thead th a")].filter((link) => {
    pen.font = getComputedStyle(link).font;
    const widest = Math.max(...link.textContent.trim().split(/[\\s-]+/).map((w) => pen.measureText(w).width));
    return widest > link.closest("th").clientWidth;
  }).map((link) => link.textContent.trim());
}"""


@pytest.mark.parametrize("language", PREFIXES)
def test_the_maps_column_headings_keep_their_words_whole(page_watch, shipped_site, language):
    """A capacity's short name over a column of the home page's map is never cut inside a word
    ("Reconnaissa|nce"): its column is at least as wide as its longest word."""
    page = page_watch(viewport=DESKTOP)
    page.goto(shipped_site.url + PREFIXES[language])
    expect(page.locator("table.map").first).to_be_visible()
    assert page.evaluate(CUT_HEADINGS) == []
