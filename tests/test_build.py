"""Real Pelican builds of the shipped data and of small fixtures, read back from disk."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from constants import AS_OF, ROOT, VALID
from sitecheck import broken_links, text_of

from atlas.ingest.catalog import load_catalog
from atlas.tools.synth import synthesize

SHIPPED = ROOT / "assessments"


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory):
    from atlas.build.runner import build_site

    out = tmp_path_factory.mktemp("shipped") / "output"
    build_site(
        SHIPPED,
        out,
        AS_OF.isoformat(),
        ROOT / "pelicanconf.py",
        ATLAS_CHART_CACHE=str(tmp_path_factory.mktemp("charts")),
    )
    return out


def recount(folder: Path, as_of=AS_OF) -> dict:
    """An independent recount of current levels straight from the YAML files."""
    catalog = load_catalog(ROOT / "content" / "catalog")
    result = {cap: {"levels": Counter(), "stale": 0, "by_region": {}} for cap in catalog.capacities}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        latest = {}
        for snap in sorted(data["snapshots"], key=lambda s: s["date"]):
            for cap, rating in snap["ratings"].items():
                latest[cap] = (rating["level"], snap["date"])
        for cap, (level, date) in latest.items():
            entry = result[cap]
            entry["levels"][level] += 1
            entry["stale"] += (as_of - date).days > 365
            for region in data["regions"]:
                entry["by_region"].setdefault(region, Counter())[level] += 1
    return result


def test_every_entity_capacity_and_region_has_a_page(shipped_site):
    catalog = load_catalog(ROOT / "content" / "catalog")
    for path in SHIPPED.glob("*.yaml"):
        assert (shipped_site / "communities" / path.stem / "index.html").is_file()
    for cap in catalog.capacities:
        assert (shipped_site / "capacities" / cap / "index.html").is_file()
        assert (shipped_site / "charts" / f"capacity-{cap}.svg").is_file()
    for region in catalog.regions:
        assert (shipped_site / "regions" / region / "index.html").is_file()
    for page in (
        "index.html",
        "communities/index.html",
        "capacities/index.html",
        "regions/index.html",
        "map/index.html",
        "about/index.html",
        "guidelines/index.html",
        "data/index.html",
        "contribute/index.html",
    ):
        assert (shipped_site / page).is_file(), page


def test_every_internal_link_resolves(shipped_site):
    assert broken_links(shipped_site) == []


def test_links_are_relative_so_the_site_works_under_any_path(shipped_site):
    for page in shipped_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'href="/' not in html and 'src="/' not in html, page


def test_summary_equals_a_recount_from_the_yaml(shipped_site):
    summary = json.loads((shipped_site / "data" / "summary.json").read_text(encoding="utf-8"))
    expected = recount(SHIPPED)
    assert summary["as_of"] == AS_OF.isoformat()
    assert summary["entities"] == len(list(SHIPPED.glob("*.yaml")))
    assert set(summary["capacities"]) == set(expected)
    for cap, entry in expected.items():
        got = summary["capacities"][cap]
        assert got["levels"] == {lvl: entry["levels"][lvl] for lvl in ("none", "low", "medium", "high")}
        assert got["assessed"] == sum(entry["levels"].values())
        assert got["stale"] == entry["stale"]
        assert {r: dict(c) for r, c in entry["by_region"].items()} == {
            r: {lvl: n for lvl, n in levels.items() if n} for r, levels in got["by_region"].items()
        }
    assert summary["ratings"] == sum(sum(e["levels"].values()) for e in expected.values())


def test_csv_has_every_rating_of_every_snapshot(shipped_site):
    with open(shipped_site / "data" / "assessments.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = Counter()
    for path in SHIPPED.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for snap in data["snapshots"]:
            for cap, rating in snap["ratings"].items():
                expected[
                    (path.stem, str(snap["date"]), cap, rating["level"], rating.get("robustness") or "")
                ] += 1
    got = Counter((r["entity"], r["date"], r["capacity"], r["level"], r["robustness"]) for r in rows)
    assert got == expected
    assert list(rows[0])[:12] == [
        "entity",
        "entity_name",
        "kind",
        "regions",
        "date",
        "consultation",
        "status",
        "capacity",
        "category",
        "level",
        "robustness",
        "note",
    ]


def test_capacity_page_states_the_numbers(shipped_site):
    summary = json.loads((shipped_site / "data" / "summary.json").read_text(encoding="utf-8"))
    tools = summary["capacities"]["tools"]
    has = tools["levels"]["medium"] + tools["levels"]["high"]
    text = text_of(shipped_site / "capacities" / "tools" / "index.html")
    assert f"{has} of {tools['assessed']} assessed groups have Community tools at medium or high" in text
    assert f"{tools['stale']} ratings are stale" in text


def test_entity_page_shows_level_robustness_who_and_note(shipped_site):
    text = text_of(shipped_site / "communities" / "wiki-education-foundation" / "index.html")
    assert "Wiki Education Foundation" in text
    assert "low" in text and "high" in text
    assert "queues it uses are run by people outside the organisation" in text
    assert "2018-04-20" in text and "self-assessment by the organisation" in text


def test_same_inputs_give_byte_identical_sites(build, folder, tmp_path):
    assessments = folder({"example-group.yaml": VALID})

    def digest(site: Path) -> dict:
        return {
            str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*"))
            if p.is_file()
        }

    first = digest(build(assessments, tmp_path / "one"))
    second = digest(build(assessments, tmp_path / "two"))
    assert first == second and len(first) > 50


def test_invalid_files_fail_the_build_and_leave_the_previous_site(build, folder, tmp_path, capsys):
    output = tmp_path / "site"
    assessments = folder({"example-group.yaml": VALID})
    build(assessments, output)
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    (assessments / "example-group.yaml").write_text(VALID.replace("level: medium", "level: great"))
    (assessments / "other-group.yaml").write_text(VALID.replace("kind: user-group", "kind: club"))
    with pytest.raises(SystemExit) as exit_info:
        build(assessments, output)
    assert exit_info.value.code == 1
    err = str(exit_info.value)
    assert "example-group.yaml:9:29: unknown level 'great'" in err
    assert "other-group.yaml:2:7: unknown kind 'club'" in err
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]  # no staging left behind


def test_failed_first_build_writes_no_site(build, folder, tmp_path):
    assessments = folder({"example-group.yaml": VALID.replace("kind: user-group", "kind: club")})
    with pytest.raises(SystemExit):
        build(assessments, tmp_path / "never")
    assert not (tmp_path / "never").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".never")]


def test_fictional_data_is_labelled_on_every_page(build, tmp_path, catalog):
    synthesize(catalog, 12, seed=3, out=tmp_path / "fiction", as_of=AS_OF)
    site = build(tmp_path / "fiction")
    pages = list(site.rglob("*.html"))
    assert len(pages) > 12
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('<p class="fictional" role="note">') == 1, page  # in the page's language
        if page.relative_to(site).parts[0] not in ("fr", "es", "ar"):
            assert "Every group and rating on this site is fictional" in text_of(page), page


def test_publish_build_has_absolute_urls_and_a_feed(tmp_path, monkeypatch, chart_cache):
    import xml.etree.ElementTree as ET

    from atlas.build.runner import build_site

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("ATLAS_SITEURL", "https://atlas.example.org/sub")
    out = tmp_path / "published"
    build_site(SHIPPED, out, AS_OF.isoformat(), ROOT / "publishconf.py", ATLAS_CHART_CACHE=str(chart_cache))
    feed = ET.parse(out / "feeds" / "assessments.atom.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == len(list(SHIPPED.glob("*.yaml")))  # one session each in the shipped data
    links = [e.find("a:link", ns).get("href") for e in entries]
    assert all(link.startswith("https://atlas.example.org/sub/communities/") for link in links)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="https://atlas.example.org/sub/communities/' in home
    sitemap = ET.parse(out / "sitemap.xml").getroot()  # publishconf.py turns it on
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) == len(set(locations)) == len(list(out.rglob("*.html")))
    assert "https://atlas.example.org/sub/about/" in locations
    assert all(location.startswith("https://atlas.example.org/sub/") for location in locations)
