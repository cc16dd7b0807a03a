"""The site's full-text search: a Pagefind index built with the site, served from the site itself.

Pagefind is fed small documents, not the whole output. Each community is described by a short page made
from its data (name, kind, regions, current ratings with their notes and ideas, as plain text). The
atlas's other generated pages lose their tables and lists, which repeat the community documents; the
content pages (about, guidelines...) go in whole. The finished index is kept in the chart cache under a
digest of those documents, so a build whose documents did not change links the same files again.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import shutil
import subprocess
import tempfile
from importlib.metadata import version
from pathlib import Path

from atlas.site import Urls, site_pages

logger = logging.getLogger(__name__)

SEARCH_FOLDER = "pagefind"
# Pagefind also writes ready-made interfaces; the atlas has its own small one, so these are not shipped.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
# Listings on generated pages: every row repeats a community's own search document.
BULK = re.compile(r"<(table|ul|ol|details|svg|figure)\b.*?</\1>", re.S | re.I)
INDEX_FORMAT = 1  # bump when the documents change shape, to retire cached indexes
KEPT_INDEXES = 3  # cached indexes kept beside the charts

_GENERATORS: dict[str, object] = {}  # output folder -> the atlas generator writing there


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def _url(relative: str) -> str:
    """The address Pagefind would give an output file: directory style, from the site root."""
    return "/" + relative.removesuffix("index.html")


def community_document(atlas, entity, lang: str) -> str:
    """A small page describing one community for the index: what a reader would search its page for."""
    catalog = atlas.catalog
    from atlas.vocab import KINDS

    esc = html.escape
    facts = [KINDS.get(entity.kind, entity.kind)]
    if entity.emerging:
        facts.append("emerging community")
    facts += [catalog.regions[region].name for region in entity.regions]
    facts += list(entity.countries) + list(entity.languages)
    latest = entity.snapshots[-1]
    parts = [
        f'<html lang="{esc(lang)}"><head><title>{esc(entity.name)}</title></head>',
        "<body><main data-pagefind-body>",
        f"<h1>{esc(entity.name)}</h1>",
        f"<p>{esc('; '.join(facts))}. Assessed by {esc(latest.assessed_by)}.</p>",
    ]
    current = atlas.current[entity.slug]
    for capacity_id, capacity in catalog.capacities.items():
        rating = current.get(capacity_id)
        if rating is None:
            continue
        level = f"{rating.level}" + (f", robustness {rating.robustness}" if rating.robustness else "")
        text = [f"<p>{esc(capacity.name)}: {esc(level)}.</p>"]
        if rating.rating.note:
            text.append(f"<p>{esc(rating.rating.note)}</p>")
        if rating.rating.idea:
            text.append(f"<p>Idea: {esc(rating.rating.idea)}</p>")
        if rating.rating.support_wanted:
            text.append("<p>would welcome support</p>")
        parts.append("".join(text))
    parts.append("</main></body></html>")
    return "".join(str(part) for part in parts)


def documents(site: Path, atlas, lang: str, pages: list | None = None) -> list[tuple[str, str]]:
    """(url, html) of everything to index, in a stable order; `pages`: the atlas's pages, if known."""
    if pages is None and atlas is not None:
        pages = site_pages(atlas)
    generated = {page.save_as for page in pages or ()}
    communities = (
        {Urls.entity(entity.slug) + "index.html": entity for entity in atlas.entities} if atlas else {}
    )
    found = []
    for folder, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if d != SEARCH_FOLDER)
        found += [Path(folder, name) for name in sorted(files) if name.endswith(".html")]
    result = []
    for path in found:
        relative = path.relative_to(site).as_posix()
        entity = communities.get(relative)
        if entity is not None:
            text = community_document(atlas, entity, lang)
        else:
            text = path.read_text(encoding="utf-8")
            if relative in generated:
                text = BULK.sub("", text)
        result.append((_url(relative), text))
    return result


def _build(docs: list[tuple[str, str]], work: Path, folder: Path) -> None:
    """Write the documents into `work` as a small site and run Pagefind over it, into `folder`."""
    from pagefind_bin import get_executable

    for url, text in docs:
        path = work / (url.lstrip("/") + "index.html" if url.endswith("/") else url.lstrip("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    command = [str(get_executable()), "--site", str(work), "--output-path", str(folder), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed:\n{result.stdout}{result.stderr}")
    for pattern in UNUSED:
        for path in folder.glob(pattern):
            path.unlink()


def _digest(docs: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256(f"{INDEX_FORMAT}\0{version('pagefind')}\0".encode())
    for url, text in docs:
        digest.update(f"{url}\0{text}\0".encode())
    return digest.hexdigest()


def _link_tree(source: Path, target: Path) -> None:
    """Hard-link (or copy) every file of `source` into `target`."""
    for path in sorted(source.rglob("*")):
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, destination)
            except OSError:
                shutil.copy2(path, destination)


def _prune(store: Path, keep: str) -> None:
    """Drop all but the most recently used cached indexes."""
    entries = sorted((p for p in store.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:-KEPT_INDEXES]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def index_site(
    site: Path, atlas=None, cache: Path | None = None, lang: str = "en", pages: list | None = None
) -> Path:
    """Index the site's pages (see the module's docstring) into site/pagefind/ and return that folder."""
    folder = site / SEARCH_FOLDER
    docs = documents(site, atlas, lang, pages)
    store = cache / "search" if cache else None
    key = _digest(docs)
    kept = store / key if store else None
    if kept is None or not kept.is_dir():
        built = Path(tempfile.mkdtemp(prefix=".search-", dir=store.parent if store else site.parent))
        try:
            _build(docs, built / "site", built / SEARCH_FOLDER)
            if kept is None:
                (built / SEARCH_FOLDER).rename(folder)
                logger.info("Search index written to %s", folder)
                return folder
            store.mkdir(parents=True, exist_ok=True)
            try:
                (built / SEARCH_FOLDER).rename(kept)
            except OSError:  # another build stored the same index meanwhile
                pass
        finally:
            shutil.rmtree(built, ignore_errors=True)
    os.utime(kept)
    _link_tree(kept, folder)
    _prune(store, key)
    logger.info("Search index written to %s", folder)
    return folder


def on_generators_finalized(generators) -> None:
    """Pelican's `all_generators_finalized` signal: remember the generator the search describes."""
    for generator in generators:
        if getattr(generator, "atlas", None) is not None:
            _GENERATORS[str(generator.output_path)] = generator


def on_finalized(pelican) -> None:
    """Pelican's `finalized` signal: index the site it has just written (unless ATLAS_SEARCH is off)."""
    output = pelican.settings["OUTPUT_PATH"]
    generator = _GENERATORS.pop(str(output), None)
    atlas = generator.atlas if generator else None
    renderer = getattr(generator, "renderer", None)  # set in generate_output: its pages are already built
    if pelican.settings.get("ATLAS_SEARCH", True):
        cache = pelican.settings.get("ATLAS_CHART_CACHE")
        lang = pelican.settings.get("DEFAULT_LANG", "en")
        index_site(Path(output), atlas, Path(cache) if cache else None, lang, renderer and renderer.pages)
