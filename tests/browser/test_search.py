"""The site's own search, used in Chromium on a small built site: words, prefixes, accents, order, keys."""

from __future__ import annotations

import re
import textwrap

import pytest
from browsing import PHONE, build_in
from playwright.sync_api import expect

GROUPS = {
    "quokka-cafe-collective.yaml": """\
        name: Quokka Café Collective
        kind: user-group
        regions: [nwe]
        snapshots:
          - date: 2026-05-01
            assessed_by: Members
            consultation: group
            ratings:
              newbie-events:
                level: medium
                note: "Nous organisons des ateliers réguliers à la médiathèque, avec des bénévoles."
              wikidata: {level: low}
        """,
    "harbour-editors.yaml": """\
        name: Harbour Editors
        kind: wiki-community
        regions: [sa]
        snapshots:
          - date: 2026-04-01
            assessed_by: Members
            consultation: group
            ratings:
              wikidata: {level: high, note: "We learnt Wikidata from the quokka people."}
        """,
}
RESULTS = ".search-results li"
STATUS = ".search [role=status]"


@pytest.fixture(scope="module")
def small_site(tmp_path_factory, chart_cache, serve) -> str:
    root = tmp_path_factory.mktemp("search-site")
    assessments = root / "assessments"
    assessments.mkdir()
    for name, text in GROUPS.items():
        (assessments / name).write_text(textwrap.dedent(text), encoding="utf-8")
    build_in(assessments, root / "site", chart_cache)
    return serve(root) + "site/"


def titles(page) -> list[str]:
    return page.locator(f"{RESULTS} > a").all_inner_texts()


def test_words_of_a_note_are_found_by_their_beginnings_without_accents(page_watch, small_site):
    page = page_watch(viewport=PHONE)
    page.goto(small_site + "search/?q=" + "mediatheque  ATELI")
    expect(page.locator(STATUS)).to_have_text("1 page found.")
    assert titles(page) == ["Quokka Café Collective"]
    excerpt = page.locator(f"{RESULTS} p")
    assert excerpt.locator("mark").all_inner_texts() == ["ateliers", "médiathèque"]
    assert excerpt.inner_text().startswith("… friendly in-person events: medium; \u2068Nous organisons")
    assert len(excerpt.inner_text().split()) <= 22  # about 20 words around the first hit
    page.locator(f"{RESULTS} a").click()
    page.wait_for_url(small_site + "communities/quokka-cafe-collective/")


def test_every_word_must_match_and_title_hits_come_first(page_watch, small_site):
    page = page_watch(viewport=PHONE)
    page.goto(small_site + "search/")
    field = page.get_by_label("Search words")
    field.fill("quokka")
    expect(page.locator(STATUS)).to_have_text("2 pages found.")
    assert titles(page) == ["Quokka Café Collective", "Harbour Editors"]  # the title hit first
    assert page.locator(f"{RESULTS} a mark").all_inner_texts() == ["Quokka"]
    field.fill("quokka harbour")
    expect(page.locator(STATUS)).to_have_text("1 page found.")
    assert titles(page) == ["Harbour Editors"]
    assert page.url.endswith("?q=quokka+harbour")
    field.fill("quokka zebra")
    expect(page.locator(STATUS)).to_have_text("Nothing found for “quokka zebra”.")
    assert page.locator(RESULTS).count() == 0
    field.fill("")
    expect(page.locator(STATUS)).to_have_text("")
    assert page.url == small_site + "search/"  # the address no longer holds the query
    index = [url for url in page.requests if url.endswith("search/index.json")]
    assert index == [small_site + "search/index.json"], "fetched once, on the first search"


def test_search_by_keyboard_alone(page_watch, small_site):
    page = page_watch(viewport=PHONE)
    page.goto(small_site + "search/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "search-input":
            break
    assert page.evaluate("() => document.activeElement.id") == "search-input"
    page.keyboard.type("Wikidata learnt")
    page.keyboard.press("Enter")
    expect(page.locator(STATUS)).to_have_text("1 page found.")
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")  # the first result
    assert page.evaluate("() => document.activeElement.textContent") == "Harbour Editors"
    page.keyboard.press("Enter")
    page.wait_for_url(small_site + "communities/harbour-editors/")


def test_a_capacity_and_a_content_page_are_found_too(page_watch, small_site):
    page = page_watch(viewport=PHONE)
    page.goto(small_site + "search/?q=honest")
    expect(page.locator(f"{RESULTS} > a", has_text="Self-assessment guidelines")).to_be_visible()
    page.goto(small_site + "search/?q=wikidata")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^\d+ pages? found\.$"))
    assert titles(page)[0] == "Active Wikidata expertise"  # a title hit before the communities' ratings
