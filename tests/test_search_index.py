"""The search index (atlas/searchindex.py): what real builds write at search/index.json, read back."""

from __future__ import annotations

import json
import re
import unicodedata

from constants import AS_OF, ROOT, VALID

from atlas.analysis.state import open_atlas
from atlas.site.searchindex import NOTE_LIMIT, index_json, plain_text
from atlas.site.urls import Urls

DETAILED = """\
name: Détaillée Sample Chapter
kind: chapter
emerging: true
regions: [ceeca, global]
countries: [AM]
languages: [hy, ru]
snapshots:
  - date: 2024-01-10
    assessed_by: Board
    consultation: group
    ratings:
      wikidata: {level: low, note: "An old note that a later rating replaces."}
  - date: 2026-03-01
    assessed_by: Members
    consultation: group
    ratings:
      wikidata:
        level: high
        robustness: medium
        note: "Our **Quokkaville** volunteers run weekly [sessions](https://example.org/s)."
        idea: "A mentoring circle for newcomers."
      newbie-events: {level: none, support_wanted: true}
"""
FILES = {"example-wiki-user-group.yaml": VALID, "detailed-sample-chapter.yaml": DETAILED}


def read_index(site) -> dict[str, list[str]]:
    """The built index as {url: [title, facts, text]}, checking its shape on the way."""
    data = json.loads((site / Urls.search_index).read_text(encoding="utf-8"))
    assert data["v"] == 1
    assert all(len(entry) == 4 and all(isinstance(part, str) for part in entry) for entry in data["e"])
    entries = {url: rest for url, *rest in data["e"]}
    assert len(entries) == len(data["e"]), "one entry per page"
    return entries


def words(text: str) -> set[str]:
    """The words of a text as the browser's search folds them: lower case, without diacritics."""
    folded = unicodedata.normalize("NFD", text.lower())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return set(re.findall(r"\w+", folded))


def content_pages() -> dict[str, str]:
    """url -> title of the Markdown pages under content/pages/, read from their own metadata."""
    pages = {}
    for path in sorted((ROOT / "content" / "pages").glob("*.md")):
        meta = dict(re.findall(r"^(\w+): *(.*)$", path.read_text(encoding="utf-8").split("\n\n")[0], re.M))
        pages[meta["URL"]] = meta["Title"]
    return pages


def test_every_community_capacity_region_and_content_page_is_indexed(folder, build, catalog):
    site = build(folder(FILES))
    entries = read_index(site)
    expected = {
        Urls.entity("example-wiki-user-group"): "Example Wiki User Group",
        Urls.entity("detailed-sample-chapter"): "Détaillée Sample Chapter",
        **{Urls.capacity(cap_id): cap.name for cap_id, cap in catalog.capacities.items()},
        **{Urls.region(region_id): region.name for region_id, region in catalog.regions.items()},
        **content_pages(),
    }
    assert {url: title for url, (title, _, _) in entries.items()} == expected
    for url in entries:  # every entry leads to a page of the site
        assert (site / url / "index.html").is_file(), url
    wikidata = catalog.capacities["wikidata"]
    _, facts, text = entries[Urls.capacity("wikidata")]
    assert facts == catalog.category_by_id[wikidata.category].name
    assert words(wikidata.question) <= words(text)
    guidelines = (ROOT / "content" / "pages" / "guidelines.md").read_text(encoding="utf-8")
    assert "<" not in entries["guidelines/"][2]  # tags stripped
    assert {"honest", "assessment"} <= words(entries["guidelines/"][2]) and "honest" in guidelines


def test_a_community_entry_holds_its_facts_and_current_ratings(folder, build):
    entries = read_index(build(folder(FILES)))
    _, facts, text = entries[Urls.entity("detailed-sample-chapter")]
    for fact in (
        "Chapter",
        "emerging community",
        "Central & Eastern Europe & Central Asia",
        "Global",
        "AM",
        "hy",
    ):
        assert fact in facts
    assert "Active Wikidata expertise: high, robustness medium" in text
    assert "would welcome support" in text
    assert {"quokkaville", "volunteers", "weekly", "sessions", "mentoring", "newcomers"} <= words(text)
    assert "old note" not in text, "only current ratings are indexed"
    assert "**" not in text and "example.org" not in text, "Markdown marks and link targets dropped"
    assert "detaillee" in words(entries[Urls.entity("detailed-sample-chapter")][0])  # found without accents
    _, plain_facts, plain_text_ = entries[Urls.entity("example-wiki-user-group")]
    assert "emerging" not in plain_facts and plain_text_ == "Social media: medium, robustness low"


def test_the_index_bytes_are_deterministic_and_kept_when_unchanged(folder, build, tmp_path):
    assessments = folder(FILES)
    first = build(assessments, tmp_path / "first")
    second = build(assessments, tmp_path / "second")
    index = first / Urls.search_index
    assert index.read_bytes() == (second / Urls.search_index).read_bytes()
    identity = index.stat().st_ino
    text = (assessments / "example-wiki-user-group.yaml").read_text(encoding="utf-8")
    (assessments / "example-wiki-user-group.yaml").write_text(text.replace("Board", "The board"))
    build(assessments, first)  # assessed_by is not indexed: the same bytes, the same file
    assert (first / Urls.search_index).stat().st_ino == identity
    (assessments / "example-wiki-user-group.yaml").write_text(text.replace("social-media", "wikidata"))
    build(assessments, first)
    assert (first / Urls.search_index).stat().st_ino != identity
    assert "Active Wikidata expertise" in read_index(first)[Urls.entity("example-wiki-user-group")][2]


def test_the_same_data_gives_the_same_text_whatever_the_order_of_pages(folder):
    atlas = open_atlas(ROOT / "content" / "catalog", folder(FILES), AS_OF)
    pages = [("b/", "B", "second page"), ("a/", "Ä", "first page")]
    text = index_json(atlas, pages)
    assert text == index_json(atlas, list(reversed(pages)))
    assert "Ä" in text and "\\u" not in text and "\n" not in text  # compact, not escaped
    assert [entry[0] for entry in json.loads(text)["e"][-2:]] == ["a/", "b/"]


def test_long_notes_are_cut_set_apart_and_html_becomes_plain_text(folder):
    """A note is cut near NOTE_LIMIT and set apart (U+2068 … U+2069), so it runs in its own direction
    in a result shown in Arabic."""
    long_note = "word " * 400
    atlas = open_atlas(
        ROOT / "content" / "catalog",
        folder({"long.yaml": VALID.replace("low}", f"low, note: '{long_note.strip()}'}}")}),
        AS_OF,
    )
    text = json.loads(index_json(atlas, []))["e"][0][3]
    assert text.endswith("…\u2069") and "; \u2068word word" in text and len(text) < NOTE_LIMIT + 100
    html = "<h2>Title</h2><p>A &amp; B<script>alert(1)</script> <em>now</em></p>"
    assert plain_text(html) == "Title A & B now"


def test_no_index_when_search_is_off(folder, build):
    site = build(folder(FILES), ATLAS_SEARCH=False)
    assert (site / "search" / "index.html").is_file()
    assert not (site / Urls.search_index).exists()
