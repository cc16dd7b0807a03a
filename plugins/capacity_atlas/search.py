"""The site's search index (atlas/searchindex.py), written with the site unless ATLAS_SEARCH is off,
while the pages render.

The atlas generator supplies the communities, capacities and regions; Pelican's page and article
generators supply the content pages (about, guidelines...), whose text is taken from their HTML.
"""

from __future__ import annotations

import logging

from pelican.generators import ArticlesGenerator, PagesGenerator

from atlas.site.languages import SOURCE
from atlas.site.multilingual import prefix
from atlas.site.searchindex import index_json, plain_text
from atlas.site.urls import Urls
from atlas.site.words import for_language

from .languages import published

logger = logging.getLogger(__name__)


def content_pages(generators, language: str = SOURCE) -> list[tuple[str, str, str]]:
    """(url, title, plain text) of every published page and article in `language` that is written out
    (a page without a translation into it: the English one, at its address in that language)."""
    found = []
    for generator in generators:
        if isinstance(generator, PagesGenerator):
            items = generator.pages
        elif isinstance(generator, ArticlesGenerator):
            items = generator.articles
        else:
            continue
        for item in items:
            if not item.save_as:
                continue
            translated = [t for t in getattr(item, "translations", []) if t.lang == language]
            if language == SOURCE or not translated:
                found.append((prefix(language) + item.url, item.title, plain_text(item.content)))
            else:
                found.append((translated[0].url, translated[0].title, plain_text(translated[0].content)))
    return found


def on_generators_finalized(generators) -> None:
    """Pelican's `all_generators_finalized` signal: every page's text is known, so hand the atlas
    generator the content pages of each language (unless ATLAS_SEARCH is off); it writes the indexes
    while its pages render (`write_indexes`)."""
    for generator in generators:
        if getattr(generator, "atlas", None) is not None and generator.settings.get("ATLAS_SEARCH", True):
            languages = published(generator.settings)
            generator.search_pages = {language: content_pages(generators, language) for language in languages}


def write_indexes(generator) -> dict:
    """Write each language's search index into the folder being built, unless the site has it already
    (with the catalog in that language that its pages are rendered with); return their key records."""
    renderer, records = generator.renderer, {}
    for language, pages in generator.search_pages.items():
        catalog = renderer.languages[language]["catalog"]
        data = index_json(generator.atlas, pages, for_language(language), catalog).encode("utf-8")
        records.update([renderer.keep_or_write_bytes(prefix(language) + Urls.search_index, data)])
        logger.info("Search index (%s): %d bytes", language, len(data))
    return records
