"""Weight budgets, charts with their data, print, and right-to-left names, checked in the browser."""

from __future__ import annotations

import csv
import io

import pytest
from browsing import PHONE, overflow_width, own_loads, page_types

CSS_BUDGET = 30_000  # bytes, uncompressed
JS_BUDGET = 10_000

LEVEL_ROWS = """() => {
  const rows = {};
  for (const table of document.querySelectorAll('table.numbers')) {
    const heads = Array.from(table.tHead.rows[0].cells).map(cell => cell.textContent.trim());
    const columns = ['none', 'low', 'medium', 'high'].map(level => heads.indexOf(level));
    if (columns.includes(-1)) continue;
    for (const row of table.tBodies[0].rows) {
      // By the id the row's link ends in (a region or capacity page), as the chart CSVs name rows.
      const link = row.cells[0].querySelector('a');
      if (!link) continue;
      const id = new URL(link.href).pathname.split('/').filter(Boolean).pop();
      rows[id] = columns.map(i => Number(row.cells[i].textContent));
    }
  }
  return rows;
}"""


def test_own_css_and_javascript_stay_within_budget(shipped_site):
    assert (shipped_site.folder / "theme/css/atlas.css").stat().st_size < CSS_BUDGET
    assert (shipped_site.folder / "theme/js/atlas.js").stat().st_size < JS_BUDGET


def test_a_page_loads_only_its_own_styles_and_script(page_watch, shipped_site):
    """No fonts, no framework, and the search index only on the search page, only when searching."""
    page = page_watch(viewport=PHONE)
    page.goto(shipped_site.url + "communities/")
    page.wait_for_load_state("load")
    assert own_loads(page, shipped_site.url) == {"communities/", "theme/css/atlas.css", "theme/js/atlas.js"}
    page.goto(shipped_site.url + "search/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in page.requests if url.endswith("search/index.json")]
    page.get_by_label("Search words").fill("wiki")
    page.locator(".search-results li").first.wait_for()
    assert [url for url in page.requests if url.endswith("search/index.json")] == [
        shipped_site.url + "search/index.json"
    ]


@pytest.mark.parametrize("section", ["capacities", "regions"])
def test_each_chart_has_a_title_a_table_and_its_data_as_csv(page_watch, shipped_site, section):
    """The CSV beside a chart holds exactly the numbers the page's tables show (on the largest pages),
    its rows named by region or capacity id."""
    page = page_watch(viewport=PHONE)
    folders = [path for path in (shipped_site.folder / section).iterdir() if path.is_dir()]
    folders = sorted(folders, key=lambda path: (path / "index.html").stat().st_size)[-4:]
    checked = 0
    for folder in folders:
        page.goto(f"{shipped_site.url}{section}/{folder.name}/")
        figure = page.locator("figure.chart")
        if figure.count() == 0:
            continue
        assert figure.locator("img").get_attribute("alt").startswith("Bar chart: ")
        link = figure.get_by_role("link", name="Download this chart’s data (CSV)")
        response = page.request.get(page.url + link.get_attribute("href"))
        assert response.ok and response.headers["content-type"].startswith("text/csv")
        table = list(csv.reader(io.StringIO(response.text())))
        assert table[0][1:] == ["none", "low", "medium", "high"]
        shown = page.evaluate(LEVEL_ROWS)
        assert table[1:], folder.name
        for label, *counts in table[1:]:
            assert shown[label] == [int(count) for count in counts], (folder.name, label)
        image = figure.locator("img")
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
        assert image.bounding_box()["width"] >= 34 * 16, "on a phone the chart keeps a legible size"
        checked += 1
    assert checked > 0


def test_print_shows_whole_tables_without_navigation(page_watch, shipped_site):
    page = page_watch(viewport={"width": 800, "height": 1000})
    page.goto(shipped_site.url + page_types(shipped_site.folder)["map-page"])
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".table-scroll").first.evaluate("box => getComputedStyle(box).overflowX") == "visible"
    page.emulate_media(media="screen")
    assert page.locator(".site-nav").is_visible()


RTL_GROUP = """\
name: ويكيبيديا العربية
kind: wiki-community
regions: [mena]
snapshots:
  - date: 2026-01-10
    assessed_by: مجتمع ويكيبيديا العربية
    consultation: group
    ratings:
      wikidata: {level: high, robustness: medium, note: "نعمل على ويكي بيانات كل أسبوع."}
"""


def test_right_to_left_names_read_right_to_left(page_watch, folder, build, serve):
    """Contributed names and notes in Arabic take their own direction inside the English page (the heading
    keeps the page's alignment, the name in it is isolated)."""
    site = build(folder({"arabic-wikipedia.yaml": RTL_GROUP}))
    base = serve(site)
    page = page_watch(viewport=PHONE)
    page.goto(base + "communities/arabic-wikipedia/")
    direction = "element => getComputedStyle(element).direction"
    assert page.locator("h1 > bdi").evaluate(direction) == "rtl"
    assert page.locator("h1").evaluate(direction) == "ltr"
    assert page.locator("td.note > div").first.evaluate(direction) == "rtl"
    assert page.locator("html").evaluate(direction) == "ltr"
    assert overflow_width(page) == 0
    page.goto(base + "communities/")
    assert page.get_by_role("link", name="ويكيبيديا العربية").evaluate(direction) == "rtl"
