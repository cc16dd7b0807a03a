"""The site's search index: one small JSON file made straight from the data, searched in the browser.

Each entry is [url, title, facts, text]: a page's address from the site root, its title, short facts
about it (kind, regions, languages...) and its searchable text. The reader's browser fetches the file
on the first search (theme/static/js/atlas.js) and ranks title hits above facts above text.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html.parser import HTMLParser

from atlas.analysis.state import Atlas, current_ratings
from atlas.site.languages import SOURCE
from atlas.site.notes import isolated
from atlas.site.urls import SEARCH_INDEX_VERSION, Urls
from atlas.site.words import ENGLISH, Words

NOTE_LIMIT = 300  # characters of a rating's note or idea kept in the index
SEPARATOR = " · "
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_MARKS = re.compile(r"[*`#>]+")
SPACES = re.compile(r"\s+")


def _shorten(text: str, limit: int = NOTE_LIMIT) -> str:
    """Text on one line without Markdown's marks, cut at a word near `limit` characters."""
    text = SPACES.sub(" ", MARKDOWN_MARKS.sub("", MARKDOWN_LINK.sub(r"\1", text))).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def labels(w: Words) -> tuple:
    """The words of the index's entries in one language, as plain values (see Entity.derive)."""
    return (
        tuple(w.kind_names.items()),
        tuple(w.level_names.items()),
        w._("emerging community"),
        w._("%(capacity)s: %(level)s"),
        w._("%(capacity)s: %(level)s, robustness %(robustness)s"),
        w._("idea: %(idea)s"),
        w._("would welcome support"),
        w.clause_separator,
        tuple(w.robustness_names.items()),
    )


def _rating_text(capacity_name: str, current, said: tuple) -> str:
    """One current rating as a reader would search it: capacity, level, robustness, note, idea."""
    rating = current.rating
    levels = dict(said[1])
    level, robustness = levels[rating.level], dict(said[8]).get(rating.robustness, rating.robustness)
    if rating.robustness:
        parts = [said[4] % {"capacity": capacity_name, "level": level, "robustness": robustness}]
    else:
        parts = [said[3] % {"capacity": capacity_name, "level": level}]
    if rating.note:
        parts.append(isolated(_shorten(rating.note)))
    if rating.idea:
        parts.append(said[5] % {"idea": isolated(_shorten(rating.idea))})
    if rating.support_wanted:
        parts.append(said[6])
    return said[7].join(parts)


def _community_entry(
    entity, as_of, region_names: tuple, capacity_names: tuple, said: tuple, prefix: str = ""
) -> list[str]:
    """The entity's entry; `region_names` and `capacity_names` are (id, name) pairs in catalog order,
    `said` the language's `labels`; contributed text (names, notes, ideas) stays as written."""
    regions = dict(region_names)
    facts = [dict(said[0])[entity.kind]]
    if entity.emerging:
        facts.append(said[2])
    facts += [regions[region] for region in entity.regions]
    facts += [*entity.countries, *entity.languages]
    current = entity.derive(current_ratings, as_of)
    text = [_rating_text(name, current[cap_id], said) for cap_id, name in capacity_names if cap_id in current]
    return [prefix + Urls.entity(entity.slug), entity.name, SEPARATOR.join(facts), SEPARATOR.join(text)]


def community_entries(atlas: Atlas, w: Words = ENGLISH, catalog=None) -> list[list[str]]:
    """One entry per community, in the atlas's order (by name), in the language of `w` (`catalog`: the
    catalog in it); each is made once per entity and language (see Entity.derive)."""
    catalog = catalog or atlas.catalog
    regions = tuple((key, region.name) for key, region in catalog.regions.items())
    capacities = tuple((key, capacity.name) for key, capacity in catalog.capacities.items())
    said = labels(w)
    prefix = "" if w.language == SOURCE else f"{w.language}/"
    return [
        entity.derive(_community_entry, atlas.as_of, regions, capacities, said, prefix, slot=w.language)
        for entity in atlas.entities
    ]


def catalog_entries(atlas: Atlas, w: Words = ENGLISH, catalog=None) -> list[list[str]]:
    """One entry per capacity (with its category, question and description), then one per region."""
    catalog = catalog or atlas.catalog
    prefix = "" if w.language == SOURCE else f"{w.language}/"
    entries = [
        [
            prefix + Urls.capacity(capacity_id),
            capacity.name,
            catalog.category_by_id[capacity.category].name,
            f"{capacity.question} {capacity.description}",
        ]
        for capacity_id, capacity in catalog.capacities.items()
    ]
    entries += [
        [prefix + Urls.region(region_id), region.name, w._("region"), region.description]
        for region_id, region in catalog.regions.items()
    ]
    return entries


class _TextCollector(HTMLParser):
    """Collects the text of an HTML fragment, leaving out scripts and styles."""

    SKIPPED = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


@lru_cache(maxsize=256)  # a long-lived process (`atlas serve`) reads the same pages build after build
def plain_text(html: str) -> str:
    """The words of an HTML fragment on one line: tags dropped, entities decoded."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return SPACES.sub(" ", "".join(collector.parts)).strip()


def index_json(
    atlas: Atlas, content_pages: list[tuple[str, str, str]], w: Words = ENGLISH, catalog=None
) -> str:
    """The whole index as compact JSON: communities, capacities, regions, then content pages by url.

    `content_pages` holds (url, title, plain text) of the site's other pages (about, guidelines...).
    The same inputs always give the same text.
    """
    entries = community_entries(atlas, w, catalog) + catalog_entries(atlas, w, catalog)
    entries += [[url, title, "", text] for url, title, text in sorted(content_pages)]
    return json.dumps({"v": SEARCH_INDEX_VERSION, "e": entries}, ensure_ascii=False, separators=(",", ":"))
