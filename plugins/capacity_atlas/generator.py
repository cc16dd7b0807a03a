"""The Pelican generator: loads the atlas in generate_context, writes it in generate_output.

With ATLAS_INCREMENTAL (set by atlas.build.runner) a build reuses the previous output's pages whose inputs
did not change (see rendering.py). The pages left are shared among forked worker processes (ATLAS_WORKERS,
default: one per core) when there are enough to pay for them; meanwhile this process draws the missing
charts (a few milliseconds each) and writes the data files.
"""

from __future__ import annotations

import gc
import io
import json
import logging
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from atlas.analysis.answers import answers_of
from atlas.analysis.state import open_atlas
from atlas.build.memory import BuildMemory
from atlas.ingest.parsecache import ParsedFiles
from atlas.model.asof import resolve_as_of
from atlas.site import charts, maps
from atlas.site.feeds import atom_feed
from atlas.site.fragments import FRAGMENTS
from atlas.site.languages import SOURCE
from atlas.site.multilingual import language_globals, prefix, translated_catalog
from atlas.site.opendata import robots_txt, source_bytes
from atlas.site.pages import chart_specs, data_files, site_pages, template_globals
from atlas.site.urls import Urls
from atlas.site.words import for_language

from . import rendering
from .compiled import LanguageTemplates
from .languages import on_generator_init, published
from .search import write_indexes

logger = logging.getLogger(__name__)

PARALLEL_FROM = 40  # pages to render before forking workers pays off (one edit, four languages: 90-150)
CHUNK = 24  # pages per task sent to a worker
PARSED_FILES = "parsed-assessments.json"  # in the chart cache folder (see atlas.parsecache)


class AtlasGenerator(Generator):
    """Adds the atlas to the shared context and writes its pages, charts and data files."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.globals.update(FRAGMENTS)
        if "gettext" not in self.env.globals:  # the plugin does both on `generator_init`
            on_generator_init(self)
        cache = self.settings.get("ATLAS_CHART_CACHE")
        self.atlas = None
        self.search_pages: dict[str, list] = {}  # each language's content pages (see search.py)
        self.globals = {}
        self.lasting = False
        self.templates = LanguageTemplates(self.env, Path(cache) if cache else None)

    def generate_context(self):
        settings = self.settings
        as_of = resolve_as_of(settings.get("ATLAS_AS_OF"))
        started = time.perf_counter()
        # A process's first load reads (and updates) the parsed files kept on disk; later loads of a
        # long-lived process reuse the entities it remembers instead.
        memory = settings.get("ATLAS_MEMORY") or BuildMemory()
        self.lasting = settings.get("ATLAS_MEMORY") is not None  # a long-lived process: it builds again
        cache = settings.get("ATLAS_CHART_CACHE") if memory.fresh else None
        parsed = ParsedFiles(Path(cache) / PARSED_FILES if cache else None)
        self.atlas = open_atlas(
            settings["ATLAS_CATALOG"],
            settings["ATLAS_ASSESSMENTS"],
            as_of,
            memory.entities,
            parsed,
            self._workers(),
        )
        logger.info(
            "Atlas: %d assessments loaded in %.2f s", len(self.atlas.entities), time.perf_counter() - started
        )
        self.globals = template_globals(self.atlas)
        self.context.update(self.globals)
        # The loaded atlas lives as long as the build: keep the collector from rescanning it over and over
        # (thawed when the output is written).
        gc.freeze()

    def _workers(self) -> int:
        """How many processes may share the work: ATLAS_WORKERS, else one per core."""
        return int(self.settings.get("ATLAS_WORKERS") or os.cpu_count() or 1)

    def _parallel(self, pages: int) -> bool:
        """Whether to render this many pages in forked workers: when asked for (ATLAS_WORKERS) or worth it."""
        asked = bool(self.settings.get("ATLAS_WORKERS"))
        return self._workers() > 1 and pages > 0 and (asked or pages >= PARALLEL_FROM)

    def _pool(self, renderer, parallel: bool):
        """A pool of forked workers that render with `renderer`, or a stand-in for none."""
        if not parallel:
            return nullcontext(None)
        fork = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(self._workers(), fork, initializer=rendering.adopt, initargs=(renderer,))

    def generate_output(self, writer):
        started = time.perf_counter()
        incremental = self.settings.get("ATLAS_INCREMENTAL")
        languages = published(self.settings)
        english = site_pages(self.atlas)
        pages = english + [page.in_language(code, prefix(code)) for code in languages[1:] for page in english]
        local = {code: language_globals(self.atlas, code, languages) for code in languages}
        self.renderer = renderer = rendering.PageRenderer(self, pages, incremental, local)
        logger.info("Atlas: %d pages listed in %.2f s", len(pages), time.perf_counter() - started)
        gc.freeze()  # forked workers then neither scan nor copy the atlas when they collect garbage
        try:
            records, svgs = self._render(renderer)
        finally:
            gc.unfreeze()
        logger.info(
            "Atlas: pages, charts and data files done %.2f s after listing", time.perf_counter() - started
        )
        renderer.announce()  # content_written, in this process, for every page
        for (language, name), svg in svgs.items():
            records.update([renderer.keep_or_write_bytes(prefix(language) + Urls.chart(name), svg.encode())])
        robots = robots_txt(self.settings.get("SITEURL") or "").encode("utf-8")
        records.update([renderer.keep_or_write_bytes(Urls.robots, robots)])
        for code in published(self.settings):  # the feeds, in each language, beside its pages
            if self.settings.get("ATLAS_FEED"):
                records.update([self._write_feed(code, self.settings["ATLAS_FEED"])])
            for region_id in self.atlas.catalog.regions if self.settings.get("ATLAS_REGION_FEED") else ():
                path = self.settings["ATLAS_REGION_FEED"].format(region=region_id)
                records.update([self._write_feed(code, path, region_id)])
        if incremental:
            Path(incremental["pages_record"]).write_text(json.dumps(records), encoding="utf-8")
        if self.settings.get("ATLAS_LIVE_RELOAD"):  # `atlas serve`: changes whenever the site does
            stamp = renderer.data if incremental else str(time.time_ns())
            renderer.write(self.settings["ATLAS_LIVE_RELOAD"], stamp.encode())

    def _render(self, renderer) -> tuple[dict, dict[tuple[str, str], str]]:
        """Reuse unchanged pages, render the others (in a pool of workers if worth it), draw missing
        charts and write the data files; return the pages' records and every chart's SVG."""
        cache = self.settings.get("ATLAS_CHART_CACHE")
        specs = chart_specs(self.atlas)  # in English: the charts' data files are the same in every language
        drawn = {(SOURCE, name): chart for name, chart in specs.items()}
        for code in published(self.settings)[1:]:
            w = for_language(code)
            translated = chart_specs(self.atlas, w, translated_catalog(self.atlas.catalog, w))
            drawn.update(((code, name), chart) for name, chart in translated.items())
        records, stale = renderer.reuse_unchanged()
        for template, language in {(renderer.pages[i].template, renderer.pages[i].language) for i in stale}:
            self.templates.get(template, language)  # compiled once, before the workers are forked
        parallel = self._parallel(len(stale))
        if stale:
            maps.prepare(published(self.settings))  # read once, before the workers are forked
        if parallel:
            answers_of(self.atlas).work_out()  # once, for every worker
            gc.freeze()  # with the rest of the atlas: the workers' collections skip them
        with self._pool(renderer, parallel) as pool:
            if pool is None:
                records.update(renderer.render_page(index) for index in stale)
            else:
                chunks = [
                    pool.submit(rendering.render_chunk, stale[i : i + CHUNK])
                    for i in range(0, len(stale), CHUNK)
                ]
            # Done here while the workers render: a long-lived process (`atlas serve`) keeps matplotlib
            # imported and each entity's share of the exports for its next builds; the search indexes and
            # the files follow.
            svgs = charts.render(drawn, Path(cache) if cache else None)
            records.update(write_indexes(self))
            records.update(self._write_files(renderer, specs))
            if pool is not None:
                if self.lasting:
                    # What the keys of these pages are made of stays with the entities for the next build
                    # (the workers keyed this one's); a process that builds once has no next build.
                    renderer.work_out_inputs(stale)
                records.update(result for chunk in chunks for result in chunk.result())
        logger.info("Atlas: %d pages rendered, %d kept", len(stale), len(renderer.kept))
        return records, svgs

    def _write_files(self, renderer, specs) -> dict:
        """Write the data files (when their bytes changed), the pictures' data beside their pages and each
        group's own file (when what they are made from changed); return their key records."""
        records = dict(
            renderer.keep_or_write_bytes(relative, data if isinstance(data, bytes) else data.encode("utf-8"))
            for relative, data in data_files(self.atlas, specs).items()
        )
        for page in renderer.pages:  # made from the same inputs as their page
            records.update(
                renderer.keep_or_write(path, renderer.made_from(page), make) for path, make in page.files
            )
        for entity in self.atlas.entities:
            made = partial(source_bytes, entity)
            records.update([renderer.keep_or_write(Urls.source(entity.slug), entity.digest, made)])
        return records

    def _write_feed(self, language: str, relative: str, region: str | None = None) -> tuple[str, list | None]:
        """An Atom feed of the newest sessions, of all or one region, in one language (under its
        prefix, linking to its pages; needs an absolute SITEURL); return its key record."""
        from feedgenerator import Atom1Feed  # type: ignore[import-untyped]

        site, path = self.settings["SITEURL"], prefix(language) + relative
        catalog = self.renderer.languages[language]["catalog"]
        said = atom_feed(self.atlas, for_language(language), catalog, site, prefix(language), region)
        feed = Atom1Feed(
            title=said.title, link=said.link, description=said.description, feed_url=f"{site}/{path}",
            language=language,
        )  # fmt: skip
        for item in said.items:
            feed.add_item(
                title=item.title, link=item.link, unique_id=item.unique_id, pubdate=item.when,
                updateddate=item.when, description=item.description,
            )  # fmt: skip
        text = io.StringIO()
        feed.write(text, "utf-8")
        record = self.renderer.keep_or_write_bytes(path, text.getvalue().encode("utf-8"))
        signals.feed_written.send(str(Path(self.output_path) / path), context=self.context, feed=feed)
        return record
