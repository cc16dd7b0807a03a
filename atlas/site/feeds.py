"""The Atom feeds of new assessment sessions, in the words of each language (what is said, not how it
is written: the plugin writes them with feedgenerator). Contributed text is never translated: names are
isolated in titles (U+2068 ... U+2069), and escaped in the summaries, which feed readers read as HTML."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from atlas.analysis.state import Atlas
from atlas.model.catalog import Catalog
from atlas.site.notes import isolated
from atlas.site.urls import urls_for
from atlas.site.words import Words

FEED_LENGTH = 50  # the newest sessions a feed lists


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    unique_id: str
    when: dt.datetime
    description: str


@dataclass(frozen=True)
class Feed:
    title: str
    link: str
    description: str
    items: tuple[FeedItem, ...]


def atom_feed(
    atlas: Atlas, w: Words, catalog: Catalog, site: str, prefix: str, region: str | None = None
) -> Feed:
    """The newest sessions of the atlas (or of one region), linking to the pages in `w`'s language
    under `prefix` (`catalog`: the catalog in that language); `site` is the site's absolute address."""
    urls, site_name = urls_for(prefix), w._("Capacity Atlas")
    if region:
        name = catalog.regions[region].name
        title = w._("%(site)s: new assessments in %(region)s", site=site_name, region=name)
    else:
        title = w._("%(site)s: new assessments", site=site_name)
    items = []
    for entity, snapshot in atlas.recent_snapshots(FEED_LENGTH, region):
        link = f"{site}/{urls.entity(entity.slug)}"
        rated = len(snapshot.ratings)
        said = w.n_(
            "%(name)s: %(count)s capacity rated on %(date)s",
            "%(name)s: %(count)s capacities rated on %(date)s",
            rated, name=isolated(entity.name), date=w.date(snapshot.date),
        )  # fmt: skip
        how = w.consultation_names.get(snapshot.consultation, snapshot.consultation)
        items.append(
            FeedItem(
                title=said,
                link=link,
                unique_id=f"{link}#{snapshot.date}",
                when=dt.datetime.combine(snapshot.date, dt.time(), dt.UTC),
                description=html.escape(
                    w._("Assessed by %(who)s (%(how)s).", who=snapshot.assessed_by, how=how)
                ),
            )
        )
    description = w._("New and updated capacity self-assessments")
    return Feed(title, f"{site}/{urls.home}", description, tuple(items))
