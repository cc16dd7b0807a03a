"""content_written for every page of the site, and the sitemap made from it, on real Pelican builds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
import yaml
from constants import AS_OF
from pelican import signals

from atlas.site.sitemap import page_address, sitemap_xml
from atlas.tools.synth import synthesize

SITE = "https://atlas.example.org/sub"
PUBLISH = {"SITEURL": SITE, "RELATIVE_URLS": False, "ATLAS_SITEMAP": "sitemap.xml", "ATLAS_WORKERS": 2}
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def data(tmp_path, catalog):
    folder = tmp_path / "assessments"
    synthesize(catalog, 8, seed=3, out=folder, as_of=AS_OF)
    return folder


@pytest.fixture
def heard():
    """What `content_written` says during the test: (path, context) in the order sent."""
    said = []

    def receiver(path, context=None, **_):
        said.append((path, context))

    signals.content_written.connect(receiver)
    yield said
    signals.content_written.disconnect(receiver)


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def listed(site: Path) -> list[str]:
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{{{NS['s']}}}urlset"
    return [url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)]


def expected(site: Path) -> list[str]:
    """The absolute address of every HTML file in the site, worked out here."""
    found = []
    for page in html_pages(site):
        folder, _, name = page.rpartition("/")
        address = (folder + "/" if folder else "") if name == "index.html" else page
        found.append(f"{SITE}/{address}")
    return sorted(found)


def flip_one_rating(data: Path) -> str:
    """Change one rating of one group; return the capacity whose page changes."""
    path = sorted(data.glob("*.yaml"))[2]
    info = yaml.safe_load(path.read_text(encoding="utf-8"))
    ratings = info["snapshots"][-1]["ratings"]
    capacity = next(iter(ratings))
    ratings[capacity] = {"level": "none"} if ratings[capacity]["level"] == "high" else {"level": "high"}
    path.write_text(yaml.safe_dump(info, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return capacity


def test_the_sitemap_lists_every_html_page_exactly_once_and_nothing_else(build, data):
    site = build(data, **PUBLISH)
    pages = html_pages(site)
    assert "index.html" in pages and "about/index.html" in pages  # atlas pages and Markdown pages
    assert len(pages) > 40
    locations = listed(site)
    assert len(locations) == len(set(locations)) == len(pages)
    assert sorted(locations) == locations == expected(site)
    assert f"{SITE}/communities/fictional-group-00001/" in locations
    assert f"{SITE}/data/" in locations


def test_content_written_is_sent_once_for_every_page_with_its_place_in_the_site(build, data, heard):
    site = build(data, **PUBLISH)
    staging = {Path(path).parent for path, context in heard if context["output_file"] == "index.html"}
    assert len(staging) == 1, "every page is sent with its path in the folder being built"
    root = staging.pop()
    sent = Counter(Path(path).relative_to(root).as_posix() for path, _ in heard)
    assert sorted(sent) == html_pages(site)
    assert set(sent.values()) == {1}
    atlas = {context["output_file"]: context for _, context in heard if "atlas_page" in context}
    assert "communities/fictional-group-00002/index.html" in atlas
    assert "about/index.html" not in atlas  # Pelican's own page, sent by its writer
    for path, context in heard:
        assert Path(path) == root / context["output_file"]
    for save_as, context in atlas.items():
        assert context["atlas_page"].save_as == save_as
        assert context["url"] == save_as.removesuffix("index.html")
        assert context["SITEURL"] == SITE and context["SITENAME"] == "Capacity Atlas"
        assert context["atlas"] is not None and context["atlas_kept"] is False


def test_a_rebuild_after_one_edit_sends_kept_pages_too_and_lists_every_page(build, data, tmp_path, heard):
    site = build(data, **PUBLISH)
    first = listed(site)
    capacity = flip_one_rating(data)
    heard.clear()
    build(data, site, **PUBLISH)

    kept = {c["output_file"]: c for _, c in heard if "atlas_page" in c and c["atlas_kept"]}
    rendered = {c["output_file"] for _, c in heard if "atlas_page" in c and not c["atlas_kept"]}
    assert f"capacities/{capacity}/index.html" in rendered
    assert "communities/fictional-group-00001/index.html" in kept, "pages were reused"
    for save_as, context in kept.items():
        assert Path(context["atlas_kept_from"]) == site / save_as
        assert context["atlas_page"]._context is None, "no context is built for a kept page"
    assert sorted(Counter(c["output_file"] for _, c in heard).items()) == [(p, 1) for p in html_pages(site)]

    assert listed(site) == first == expected(site)
    cold = build(data, tmp_path / "cold", **PUBLISH)
    assert (site / "sitemap.xml").read_bytes() == (cold / "sitemap.xml").read_bytes()


def test_a_rebuild_lists_a_new_group_and_forgets_a_removed_one(build, data):
    site = build(data, **PUBLISH)
    gone = sorted(data.glob("*.yaml"))[0]
    new = data / "fictional-group-00099.yaml"
    new.write_text(gone.read_text(encoding="utf-8").replace(gone.stem, new.stem), encoding="utf-8")
    gone.unlink()
    build(data, site, **PUBLISH)
    locations = listed(site)
    assert f"{SITE}/communities/fictional-group-00099/" in locations
    assert f"{SITE}/communities/{gone.stem}/" not in locations
    assert locations == expected(site)


def test_local_builds_write_no_sitemap(build, data, heard):
    site = build(data)  # pelicanconf.py: relative URLs
    assert not (site / "sitemap.xml").exists()
    assert len(heard) == len(html_pages(site)), "the signal is sent all the same"
    other = build(data, site.with_name("relative"), ATLAS_SITEMAP="sitemap.xml")  # no absolute address
    assert not (other / "sitemap.xml").exists()


def test_sitemap_xml_sorts_quotes_escapes_and_lists_each_address_once():
    text = sitemap_xml("https://x.org/a/", ["b/", "", "b/", "é & <c>/", "d.html"])
    root = ET.fromstring(text)
    locations = [url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)]
    assert locations == [
        "https://x.org/a/",
        "https://x.org/a/%C3%A9%20%26%20%3Cc%3E/",
        "https://x.org/a/b/",
        "https://x.org/a/d.html",
    ]
    assert "lastmod" not in text
    with pytest.raises(ValueError):
        sitemap_xml("", ["b/"])


def test_page_address_is_directory_style_and_only_for_html():
    assert page_address("index.html") == ""
    assert page_address("communities/x/index.html") == "communities/x/"
    assert page_address("notindex.html") == "notindex.html"
    assert page_address("data/summary.json") is None
    assert page_address("charts/a.svg") is None


def test_atlas_feeds_send_feed_written_as_pelicans_feeds_do(build, data):
    said = []

    def receiver(path, context=None, feed=None, **_):
        said.append((Path(path).name, feed.feed["title"], context["SITENAME"]))

    signals.feed_written.connect(receiver)
    try:
        build(data, **PUBLISH, ATLAS_FEED="feeds/all.atom.xml", ATLAS_REGION_FEED="feeds/{region}.atom.xml")
    finally:
        signals.feed_written.disconnect(receiver)
    assert ("all.atom.xml", "Capacity Atlas: new assessments", "Capacity Atlas") in said
    assert (
        "nwe.atom.xml",
        "Capacity Atlas: new assessments in Northern & Western Europe",
        "Capacity Atlas",
    ) in said
