"""The pictures in a real browser: the community, capacity, region and home pages at 360 and 1280
pixels, light and dark, in English and Arabic (screenshots in test-artifacts/), each picture with its
title, table and CSV; and the community page of a group that rated all 40 capacities printed as a
report on A4 and on Letter, its pages counted and saved as PNG (poppler's pdfinfo and pdftoppm).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from browsing import DESKTOP, PHONE, build_in, overflow_width
from conftest import SUB_PATH
from constants import ROOT
from PIL import Image

from atlas.model.vocab import LEVELS

GROUP = "full-report-user-group"  # the group made here: every capacity rated, three snapshots
DATES = ("2022-03-12", "2024-05-04", "2026-06-20")
MAX_PRINTED_PAGES = 3


def full_group(catalog) -> dict:
    """A user group that rated all 40 capacities three times, levels moving, a few gaps, notes."""
    snapshots = []
    for n, date in enumerate(DATES):
        ratings = {}
        for i, cap in enumerate(catalog.capacities):
            level = LEVELS[(i + n * (i % 3 == 0)) % 4]
            rating = (
                {"level": level}
                if level == "none"
                else {"level": level, "robustness": LEVELS[1 + (i + n) % 3]}
            )
            if i % 7 == 0:
                rating["note"] = f"Checked at the {date[:4]} annual planning meeting."
            ratings[cap] = rating
        snapshots.append(
            {
                "date": date,
                "assessed_by": "The board and twelve members",
                "consultation": "group",
                "ratings": ratings,
            }
        )
    return {
        "name": "Full Report User Group",
        "kind": "user-group",
        "regions": ["ceeca"],
        "countries": ["PL", "CZ"],
        "languages": ["pl", "cs"],
        "snapshots": snapshots,
    }


@pytest.fixture(scope="module")
def report_site(tmp_path_factory, chart_cache, serve, catalog):
    """The shipped assessments and the full group, built and served."""
    root = tmp_path_factory.mktemp("report")
    assessments = root / "assessments"
    shutil.copytree(ROOT / "assessments", assessments)
    text = yaml.safe_dump(full_group(catalog), sort_keys=False, allow_unicode=True)
    (assessments / f"{GROUP}.yaml").write_text(text, encoding="utf-8")
    folder = build_in(assessments, root / SUB_PATH, chart_cache)
    return folder, serve(root) + SUB_PATH


PAGES = {
    "community": f"communities/{GROUP}/",
    "peers": f"communities/{GROUP}/peers/",
    "capacity": "capacities/wikidata/",
    "region": "regions/ceeca/",
    "home": "",
}
FIGURES = {"community": 2, "peers": 1, "capacity": 1, "region": 1, "home": 2}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pictured_pages_hold_at_360_and_1280_light_and_dark(page_watch, report_site, artifacts, language):
    """Nothing scrolls sideways; every picture has a title, a text alternative, a table of its numbers
    and a CSV that the server gives; screenshots of each page go to test-artifacts/."""
    folder, url = report_site
    prefix = "" if language == "en" else f"{language}/"
    problems = []
    for viewport in (PHONE, DESKTOP):
        for scheme in ("light", "dark"):
            page = page_watch(viewport=viewport, color_scheme=scheme)
            for name, path in PAGES.items():
                page.goto(url + prefix + path)
                if overflow := overflow_width(page):
                    problems.append(f"{name} {viewport['width']} {scheme}: {overflow} px too wide")
                shot = artifacts / f"pictures-{language}-{name}-{viewport['width']}-{scheme}.png"
                page.screenshot(path=shot, full_page=True)
            page.close()
    assert problems == []
    page = page_watch(viewport=PHONE)
    for name, path in PAGES.items():
        page.goto(url + prefix + path)
        figures = page.locator("figure.picture")
        assert figures.count() == FIGURES[name], name
        for i in range(figures.count()):
            figure = figures.nth(i)
            assert figure.locator("figcaption").inner_text().strip(), name
            drawing = figure.locator("svg[role=img], div[role=img], div[role=group]")
            assert drawing.count() == 1, name
            if figure.locator("svg[role=img]").count():
                assert figure.locator("svg[role=img] > desc").text_content().strip(), name
            if figure.locator("div[role=img]").count():
                described = figure.locator("div[role=img]").get_attribute("aria-describedby")
                assert page.locator(f"#{described}").text_content().strip(), name
            rows = figure.locator("details table tbody tr").count()
            assert rows > 0, name
            href = figure.locator("a.download").get_attribute("href")
            response = page.request.get(page.url.split("#")[0].rsplit("/", 1)[0] + "/" + href)
            assert response.ok, href
            assert len(response.text().strip().splitlines()) == rows + 1, href  # its header, then each row


def test_the_profile_shows_every_capacity_with_blanks_apart(page_watch, report_site):
    folder, url = report_site
    page = page_watch(viewport=PHONE)
    page.goto(url + "communities/albanian-wikipedia/")
    tiles = page.locator(".pic-profile li")
    assert tiles.count() == 40
    blank = page.locator(".pic-profile li.pp-blank")
    rated = len(
        yaml.safe_load((ROOT / "assessments/albanian-wikipedia.yaml").read_text())["snapshots"][-1]["ratings"]
    )
    assert blank.count() == 40 - rated
    assert blank.first.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
    assert overflow_width(page) == 0


def _pdfinfo_pages(pdf: Path) -> int:
    found = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in found.splitlines() if line.startswith("Pages:")))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_community_page_prints_as_a_short_report(page_watch, report_site, artifacts, tmp_path, paper):
    """A group with 40 ratings prints on at most three pages: who, as of when and from what source at
    the top, then the profile, the gaps with who could help and the history; no navigation or filters."""
    folder, url = report_site
    page = page_watch(viewport=DESKTOP)
    page.goto(url + PAGES["community"])
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".language-switch", ".search-link", ".peers-link", ".edit-links"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in ("h1", ".as-of", ".pic-profile", "#help", "#history", ".pic-time svg"):
        assert page.locator(f"{shown}:visible").count() >= 1, shown
    text = page.locator("main").inner_text()
    assert (
        text.index("Full Report User Group")
        < text.index("Latest assessment")
        < text.index("Profile at a glance")
    )
    assert text.index("Profile at a glance") < text.index("Who could help") < text.index("History")
    pdf = tmp_path / f"report-{paper}.pdf"
    page.pdf(path=str(pdf), format=paper, print_background=True)
    pages = _pdfinfo_pages(pdf)
    for old in artifacts.glob(f"report-{paper}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts / f"report-{paper}")], check=True)
    assert len(list(artifacts.glob(f"report-{paper}-*.png"))) == pages
    assert 1 <= pages <= MAX_PRINTED_PAGES, f"{pages} pages on {paper}"


def test_the_bar_charts_turn_dark_with_the_page(page_watch, report_site):
    """A bar chart is an image file, yet in dark mode its background is the page's dark one, as every
    other picture's is (its own style sheet follows the reader's colour scheme)."""
    _, url = report_site
    corner = {}
    for scheme in ("light", "dark"):
        page = page_watch(viewport=DESKTOP, color_scheme=scheme)
        page.goto(url + "ar/capacities/wikidata/")
        chart = page.locator(".chart img").first
        chart.scroll_into_view_if_needed()
        chart.evaluate("img => img.decode()")
        shot = Image.open(io.BytesIO(chart.screenshot())).convert("L")
        corner[scheme] = shot.getpixel((3, 3))
        page.close()
    assert corner["light"] > 230 and corner["dark"] < 50, corner
