"""The site's search index (atlas/searchindex.py), written with the site unless ATLAS_SEARCH is off.

The atlas generator supplies the communities, capacities and regions; Pelican's page and article
generators supply the content pages (about, guidelines...), whose text is taken from their HTML.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator

from atlas.build.record import write
from atlas.site.searchindex import index_json, plain_text
from atlas.site.urls import Urls

logger = logging.getLogger(__name__)

_FOUND: dict[str, tuple[object, list]] = {}  # output folder -> (its atlas, its content pages)


def content_pages(generators) -> list[tuple[str, str, str]]:
    """(url, title, plain text) of every published page and article that is written out."""
    found = []
    for generator in generators:
        if isinstance(generator, PagesGenerator):
            items = generator.pages
        elif isinstance(generator, ArticlesGenerator):
            items = generator.articles
        else:
            continue
        found += [(item.url, item.title, plain_text(item.content)) for item in items if item.save_as]
    return found


def on_generators_finalized(generators) -> None:
    """Pelican's `all_generators_finalized` signal: note what the search describes (forgetting what an
    earlier build that failed before its end noted, so a long-lived process does not keep its atlas)."""
    _FOUND.clear()
    for generator in generators:
        if getattr(generator, "atlas", None) is not None and generator.settings.get("ATLAS_SEARCH", True):
            _FOUND[str(generator.output_path)] = (generator.atlas, content_pages(generators))


def on_finalized(pelican) -> None:
    """Pelican's `finalized` signal: write the index into the finished site (unless ATLAS_SEARCH is off)."""
    output = pelican.settings["OUTPUT_PATH"]
    atlas, pages = _FOUND.pop(str(output), (None, []))
    if atlas is None:  # no atlas in this site, or ATLAS_SEARCH is off
        return
    data = index_json(atlas, pages).encode("utf-8")
    write(Path(output) / Urls.search_index, data)
    logger.info("Search index written: %d bytes", len(data))
