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
    """Pelican's `all_generators_finalized` signal: every page's text is known, so write the index into
    the folder being built (unless ATLAS_SEARCH is off). Nothing is kept for later."""
    for generator in generators:
        atlas = getattr(generator, "atlas", None)
        if atlas is not None and generator.settings.get("ATLAS_SEARCH", True):
            data = index_json(atlas, content_pages(generators)).encode("utf-8")
            write(Path(generator.output_path) / Urls.search_index, data)
            logger.info("Search index written: %d bytes", len(data))
