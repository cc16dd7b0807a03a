"""The Pelican generator: loads the atlas in generate_context, writes it in generate_output."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from atlas import open_atlas, resolve_as_of
from atlas.charts import render
from atlas.site import Urls, chart_specs, data_files, site_pages, template_globals
from atlas.text import render_note

logger = logging.getLogger(__name__)


class AtlasGenerator(Generator):
    """Adds the atlas to the shared context and writes its pages, charts and data files."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.filters["note"] = render_note
        self.atlas = None

    def generate_context(self):
        settings = self.settings
        as_of = resolve_as_of(settings.get("ATLAS_AS_OF"))
        self.atlas = open_atlas(settings["ATLAS_CATALOG"], settings["ATLAS_ASSESSMENTS"], as_of)
        self.context.update(template_globals(self.atlas))

    def _write_text(self, relative: str, text: str) -> None:
        path = Path(self.output_path) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")

    def generate_output(self, writer):
        cache = self.settings.get("ATLAS_CHART_CACHE")
        svgs = render(chart_specs(self.atlas), Path(cache) if cache else None)
        for name, svg in svgs.items():
            self._write_text(Urls.chart(name), svg)
        for relative, text in data_files(self.atlas).items():
            self._write_text(relative, text)
        relative_urls = self.settings.get("RELATIVE_URLS", False)
        for page in site_pages(self.atlas):
            writer.write_file(
                page.save_as,
                self.get_template(page.template),
                self.context,
                relative_urls=relative_urls,
                page_name=page.save_as.removesuffix("index.html"),
                **page.context,
            )
        if self.settings.get("ATLAS_FEED"):
            self._write_feed(self.settings["ATLAS_FEED"])
        if self.settings.get("ATLAS_REGION_FEED"):
            for region_id, region in self.atlas.catalog.regions.items():
                relative = self.settings["ATLAS_REGION_FEED"].format(region=region_id)
                self._write_feed(relative, region_id, region.name)
        logger.info("Atlas: %d entities, %d pages", len(self.atlas.entities), len(svgs))

    def _write_feed(self, relative: str, region: str | None = None, region_name: str = "") -> None:
        """An Atom feed of the newest sessions, of all or one region (needs an absolute SITEURL)."""
        import datetime as dt

        from feedgenerator import Atom1Feed

        site = self.settings["SITEURL"]
        feed = Atom1Feed(
            title=f"{self.settings['SITENAME']}: new assessments{f' in {region_name}' if region else ''}",
            link=f"{site}/",
            description="New and updated capacity self-assessments",
            feed_url=f"{site}/{relative}",
        )
        for entity, snapshot in self.atlas.recent_snapshots(50, region):
            when = dt.datetime.combine(snapshot.date, dt.time(), dt.UTC)
            link = f"{site}/{Urls.entity(entity.slug)}"
            feed.add_item(
                title=f"{entity.name}: {len(snapshot.ratings)} capacities rated on {snapshot.date}",
                link=link,
                unique_id=f"{link}#{snapshot.date}",
                pubdate=when,
                updateddate=when,
                description=f"Assessed by {snapshot.assessed_by} ({snapshot.consultation}).",
            )
        path = Path(self.output_path) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            feed.write(handle, "utf-8")
