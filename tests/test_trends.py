"""Change over time on hand-made histories whose right answers are worked out here; Atom feeds per region."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from constants import AS_OF, ROOT
from handmade import group, make_atlas

from atlas.analysis.trends import (
    capacity_paths,
    movement,
    recent_sessions,
    session_changes,
    yearly_trend,
)
from atlas.site.timeline import SPARK_HEIGHT, SPARK_PAD, SPARK_WIDTH, sparkline

# Group A: bots none (2019) → low (2020) → low (2021) → medium (2022): rose, at medium since 2022.
#          lua  high (2019) → medium (2020) → medium (2022): fell, at medium since 2020.
#          wikidata low (2020) → low (2021): steady, at low since 2020.
#          tools high (2022) only: rated once.
GROUP_A = group(
    "Group A",
    ["nwe"],
    [
        ("2019-03-01", {"bots": "{level: none}", "lua": "{level: high}"}),
        ("2020-03-01", {"bots": "{level: low}", "lua": "{level: medium}", "wikidata": "{level: low}"}),
        ("2021-03-01", {"bots": "{level: low}", "wikidata": "{level: low}"}),
        ("2022-03-01", {"bots": "{level: medium}", "lua": "{level: medium}", "tools": "{level: high}"}),
    ],
)
# Group B: bots high (2020-06) → none (2020-09): fell twice in one year, ends the year at none.
GROUP_B = group(
    "Group B",
    ["ssa"],
    [
        ("2020-06-01", {"bots": "{level: high}"}),
        ("2020-09-01", {"bots": "{level: none}"}),
    ],
)


def atlas_ab(folder, catalog):
    return make_atlas(folder, catalog, {"group-a.yaml": GROUP_A, "group-b.yaml": GROUP_B})


def test_each_capacity_path_says_what_rose_what_fell_and_since_when(folder, catalog):
    atlas = atlas_ab(folder, catalog)
    paths = {p.capacity: p for p in capacity_paths(atlas.histories["group-a"], catalog.capacities)}
    assert (paths["bots"].direction, paths["bots"].since) == ("rose", dt.date(2022, 3, 1))
    assert (paths["lua"].direction, paths["lua"].since) == ("fell", dt.date(2020, 3, 1))
    assert (paths["wikidata"].direction, paths["wikidata"].since) == ("steady", dt.date(2020, 3, 1))
    assert (paths["tools"].direction, paths["tools"].since) == ("once", dt.date(2022, 3, 1))
    # catalog order: tools comes before wikidata, which comes before bots and lua
    order = list(catalog.capacities)
    assert [p.capacity for p in paths.values()] == sorted(paths, key=order.index)


def test_movement_wide_trend_counts_each_groups_latest_rating_at_each_year_end(folder, catalog):
    atlas = atlas_ab(folder, catalog)
    years = {row.year: row for row in yearly_trend(atlas, "bots")}
    assert list(years) == list(range(2019, AS_OF.year + 1))
    # 2019: A none.  2020: A low, B none (B's high of June was replaced in September).
    # 2021: A low, B none.  2022 onwards: A medium, B none.
    assert years[2019].levels == {"none": 1, "low": 0, "medium": 0, "high": 0}
    assert years[2020].levels == {"none": 1, "low": 1, "medium": 0, "high": 0}
    assert years[2021].levels == {"none": 1, "low": 1, "medium": 0, "high": 0}
    assert years[2026].levels == {"none": 1, "low": 0, "medium": 1, "high": 0}
    assert (years[2026].assessed, years[2026].has) == (2, 1)
    # moves: 2020 A none→low (up), B high→none (down); 2021 low→low (none); 2022 low→medium (up)
    assert [(years[y].rose, years[y].fell) for y in (2019, 2020, 2021, 2022)] == [
        (0, 0),
        (1, 1),
        (0, 0),
        (1, 0),
    ]
    assert yearly_trend(atlas, "social-media") == []


def test_sessions_are_compared_with_the_rating_before(folder, catalog):
    atlas = atlas_ab(folder, catalog)
    a = atlas.entity_by_slug["group-a"]
    latest = session_changes(a, a.snapshots[-1])
    # 2022: bots low→medium (rose), lua medium→medium (same, its previous rating was 2020), tools new
    assert (latest.rose, latest.fell, latest.same, latest.new) == (("bots",), (), 1, 1)
    recent = recent_sessions(atlas, 2)
    assert [(s.entity.slug, s.snapshot.date) for s in recent] == [
        ("group-a", dt.date(2022, 3, 1)),
        ("group-a", dt.date(2021, 3, 1)),
    ]
    # current ratings rated more than once: A bots (up), A lua (same: medium→medium), A wikidata (same),
    # B bots (down); A tools was rated once.
    m = movement(atlas)
    assert (m.rerated, m.rose, m.fell, m.same) == (4, 1, 1, 2)


def test_sparkline_is_empty_for_one_step_and_spans_the_box_otherwise(folder, catalog):
    atlas = atlas_ab(folder, catalog)
    steps = tuple(atlas.histories["group-b"]["bots"])
    assert sparkline(steps[:1]) == ""
    svg = sparkline(steps)
    top, bottom = SPARK_PAD, SPARK_HEIGHT - SPARK_PAD
    # high (first, left edge, top) then none (last, right edge, bottom)
    assert f'points="{float(SPARK_PAD)},{float(top)} {float(SPARK_WIDTH - SPARK_PAD)},{float(bottom)}"' in svg
    assert svg.startswith("<svg") and "<script" not in svg
    # a shared axis: the same path placed on a longer span ends before the right edge
    wider = sparkline(steps, steps[0].date, steps[-1].date + dt.timedelta(days=92))
    assert f"{float(SPARK_WIDTH - SPARK_PAD)}," not in wider


def test_entity_page_shows_paths_and_the_changes_page_lists_sessions(folder, build):
    site = build(folder({"group-a.yaml": GROUP_A, "group-b.yaml": GROUP_B}))
    page = (site / "communities" / "group-a" / "index.html").read_text(encoding="utf-8")
    assert 'data-capacity="bots" data-direction="rose"' in page
    assert 'data-capacity="lua" data-direction="fell"' in page
    assert 'datetime="2020-03-01">2020-03-01</time>' in page
    assert 'class="sparkline"' in page
    changes = (site / "changes" / "index.html").read_text(encoding="utf-8")
    assert "Of 4 capacities that groups have rated more than once, 1 now stand higher" in changes
    assert changes.index('data-entity="group-a"') < changes.index('data-entity="group-b"')


def test_feeds_cover_the_whole_atlas_and_each_region(folder, tmp_path, chart_cache, monkeypatch):
    from atlas.build.runner import build_site

    monkeypatch.chdir(ROOT)
    out = tmp_path / "published"
    build_site(
        folder({"group-a.yaml": GROUP_A, "group-b.yaml": GROUP_B}),
        out,
        AS_OF.isoformat(),
        ROOT / "pelicanconf.py",
        ATLAS_CHART_CACHE=str(chart_cache),
        SITEURL="https://atlas.example.org",
        RELATIVE_URLS=False,
        ATLAS_FEED="feeds/assessments.atom.xml",
        ATLAS_REGION_FEED="feeds/regions/{region}.atom.xml",
    )
    atom = "{http://www.w3.org/2005/Atom}"

    def entries(relative):
        root = ET.parse(out / relative).getroot()
        return [entry.find(f"{atom}link").get("href") for entry in root.iter(f"{atom}entry")]

    assert len(entries("feeds/assessments.atom.xml")) == 6  # every session of both groups
    nwe = entries("feeds/regions/nwe.atom.xml")
    assert len(nwe) == 4 and all(link.endswith("/communities/group-a/") for link in nwe)
    assert entries("feeds/regions/ssa.atom.xml") == ["https://atlas.example.org/communities/group-b/"] * 2
    assert entries("feeds/regions/lac.atom.xml") == []
    region_page = (out / "regions" / "nwe" / "index.html").read_text(encoding="utf-8")
    assert "https://atlas.example.org/feeds/regions/nwe.atom.xml" in region_page

    # Each language has its feeds beside its pages, in its words; the groups' names stay as written.
    english = ET.parse(out / "feeds" / "assessments.atom.xml").getroot()
    for language in ("fr", "es", "ar"):
        root = ET.parse(out / language / "feeds" / "assessments.atom.xml").getroot()
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        links = entries(f"{language}/feeds/assessments.atom.xml")
        assert len(links) == 6 and all(
            link.startswith(f"https://atlas.example.org/{language}/communities/") for link in links
        )
        titles = [entry.find(f"{atom}title").text for entry in root.iter(f"{atom}entry")]
        said = [entry.find(f"{atom}summary").text for entry in root.iter(f"{atom}entry")]
        english_titles = [entry.find(f"{atom}title").text for entry in english.iter(f"{atom}entry")]
        assert all(
            title.split(":")[0].strip() == theirs.split(":")[0].strip()
            for title, theirs in zip(titles, english_titles, strict=True)
        )
        assert not any(word in text for text in [root.find(f"{atom}title").text, *titles, *said]
                       for word in ("rated on", "Assessed by", "new assessments"))  # fmt: skip
        page = (out / language / "regions" / "nwe" / "index.html").read_text(encoding="utf-8")
        assert f"https://atlas.example.org/{language}/feeds/regions/nwe.atom.xml" in page


def test_a_feed_isolates_names_and_escapes_contributed_text_for_readers_that_read_html(folder, catalog):
    from atlas.site.feeds import atom_feed
    from atlas.site.multilingual import translated_catalog
    from atlas.site.words import for_language

    hostile = GROUP_A.replace("assessed_by: Members", 'assessed_by: "<img src=x onerror=alert(1)> & co"')
    assert hostile != GROUP_A
    atlas = make_atlas(folder, catalog, {"group-a.yaml": hostile})
    for language in ("en", "ar"):
        w = for_language(language)
        feed = atom_feed(atlas, w, translated_catalog(atlas.catalog, w), "https://atlas.example.org", "")
        assert feed.items and all(item.title.startswith("\u2068Group A\u2069") for item in feed.items)
        assert all("&lt;img src=x onerror=alert(1)&gt; &amp; co" in item.description for item in feed.items)
        assert not any("<img" in item.description for item in feed.items)
