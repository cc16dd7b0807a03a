"""The shape of the built site: which pages, charts and data files exist, at which paths.

Pelican-free: the plugin only renders these page specs with the theme and writes the files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from atlas.analysis.answers import FEW_RATINGS, SMALL_N, answers_of
from atlas.analysis.opportunities import NAMES_SHOWN, WEIGHTS
from atlas.analysis.peers import (
    capacity_by_region,
    groups_by_country,
    groups_by_region,
    peer_numbers,
    peer_shares,
    region_countries,
)
from atlas.analysis.state import Atlas
from atlas.analysis.trends import capacity_paths
from atlas.build.inputs import Everything, Inputs, Names, Peers, Ratings
from atlas.ingest.jsonschema import assessment_schema_text
from atlas.model import vocab
from atlas.model.catalog import Capacity, Region
from atlas.site import picturedata, words
from atlas.site.assessform import form_context, groups_json
from atlas.site.chartdata import chart_tables
from atlas.site.charts import LEVEL_COLOURS, BarChart
from atlas.site.exports import assessments_csv, summary_json
from atlas.site.names import CONSULTATION_NAMES, KIND_NAMES, OPPORTUNITY_COMPONENTS
from atlas.site.opendata import dataset, json_for_script, open_data_files
from atlas.site.urls import SEARCH_INDEX_VERSION, Urls

MAP_INLINE_LIMIT = 60  # above this many entities the home page links to the map instead of showing it


class Page:
    """One page to render: where it goes, with which template, what it shows and what that is made from.

    The context is built when first asked for (a rebuild that reuses the page never builds it); `inputs`
    declares everything the context is made from besides the catalog and the as-of date; `files` are
    (path, make) pairs of data files beside the page made from the same inputs (its pictures' CSV).
    """

    __slots__ = ("save_as", "template", "_make", "_context", "inputs", "language", "path", "files")

    def __init__(
        self, save_as: str, template: str, make: Callable[[], dict], inputs: Inputs, language="", files=()
    ):
        self.save_as, self.template, self.inputs, self.files = save_as, template, inputs, files
        self._make = make
        self._context: dict | None = None
        self.language = language or words.SOURCE
        self.path = save_as.removesuffix("index.html")  # its address in English (the site root's)

    def in_language(self, language: str, prefix: str) -> Page:
        """The same page in another language, under `prefix`: it shares this page's context and inputs."""
        page = Page(prefix + self.save_as, self.template, lambda: self.context, self.inputs, language)
        page.path = self.path
        return page

    @property
    def context(self) -> dict:
        if self._context is None:
            self._context = self._make()
        return self._context


def chart_specs(atlas: Atlas, w: words.Words = words.ENGLISH, catalog=None) -> dict[str, BarChart]:
    """Levels by region for each capacity, and levels by capacity for each region (atlas.chartdata),
    their bars labelled with names, in the language of `w` (`catalog`: the catalog in that language)."""
    catalog = catalog or atlas.catalog
    translated = w.language != words.SOURCE
    extra: dict[str, Any] = (
        {"axis": w._("number of entities"), "keys": tuple(map(w.level, vocab.LEVELS))} if translated else {}
    )
    if w.direction != "ltr":
        extra["direction"] = w.direction
    specs = {}
    names: Mapping[str, Capacity | Region]
    for name, table in atlas.derive(chart_tables).items():
        if table.row_kind == "region":
            names = catalog.regions
            title = w._(
                "%(capacity)s: current levels by region", capacity=catalog.capacities[table.subject].name
            )
        else:
            names = catalog.capacities
            title = w._("%(region)s: current levels by capacity", region=catalog.regions[table.subject].name)
        specs[name] = BarChart(title, tuple((names[key].name, counts) for key, counts in table.rows), **extra)
    return specs


def data_files(atlas: Atlas, specs: dict[str, BarChart]) -> dict[str, str | bytes]:
    """The downloadable exports, by path: the contract's files, the data package with its companion
    tables, each chart's data and metadata beside the chart, and each group's own file beside its page."""
    files: dict[str, str | bytes] = {Urls.csv: assessments_csv(atlas), Urls.summary: summary_json(atlas)}
    files[Urls.schema] = assessment_schema_text(atlas.catalog)
    files[Urls.assess_groups] = groups_json(atlas)
    files.update(open_data_files(atlas, {name: chart.title for name, chart in specs.items()}, Urls))
    return files


def _index(path: str) -> str:
    return f"{path}index.html"


def site_pages(atlas: Atlas) -> list[Page]:
    """Every generated page, in a stable order."""
    catalog = atlas.catalog
    answers = answers_of(atlas)
    inline_map = len(atlas.entities) <= MAP_INLINE_LIMIT
    everything = Everything()  # the pages that summarise every assessment
    said: dict[str, str] = {}  # what the pages' Ratings inputs say of each capacity, said once
    home = partial(_home_context, atlas, inline_map)
    pages = [
        Page("index.html", "home", home, everything, files=picturedata.home_files(atlas)),
        Page(_index(Urls.communities), "communities", dict, everything),
        Page(_index(Urls.capacities), "capacities", dict, everything),
        Page(_index(Urls.regions), "regions", dict, everything),
        Page(_index(Urls.map), "map_overview", dict, everything),
        Page(_index(Urls.search), "search", dict, everything),
        Page(_index(Urls.assess), "assess", partial(form_context, atlas), Names(atlas.entities)),
    ]
    for category in catalog.categories:
        inputs = Ratings(atlas.entities, [cap.id for cap in category.capacities], said)
        make = partial(_map_context, atlas, category)
        pages.append(Page(_index(Urls.map_category(category.id)), "map", make, inputs))
    pages += [
        Page(
            _index(Urls.opportunities),
            "opportunities",
            lambda: {"opportunities": answers.opportunities},
            everything,
        ),
        Page(_index(Urls.changes), "changes", lambda: {"sessions": answers.recent}, everything),
        Page(_index(Urls.coverage), "coverage", dict, everything),
        Page(_index(Urls.cross_region), "cross_region", dict, everything),
    ]
    matcher = answers.matchmaker
    for entity in atlas.entities:
        make = partial(_entity_context, atlas, entity)
        peers_from = partial(matcher.gap_mentors, atlas, entity)  # its own file, and who could help
        files = picturedata.entity_files(atlas, entity)
        pages.append(
            Page(_index(Urls.entity(entity.slug)), "entity", make, Peers(entity, peers_from), files=files)
        )
        if atlas.current[entity.slug]:  # beside its peers: its own file, and the peers' numbers it shows
            shown = Peers(entity, numbers=partial(peer_numbers, atlas, entity.slug))
            make, files = partial(_peers_context, atlas, entity), picturedata.peer_files(atlas, entity)
            pages.append(
                Page(_index(Urls.entity_peers(entity.slug)), "entity_peers", make, shown, files=files)
            )
    for cap_id in catalog.capacities:
        make = partial(_capacity_context, atlas, cap_id)
        inputs = Ratings(atlas.entities, [cap_id], said)
        files = picturedata.capacity_files(atlas, cap_id)
        pages.append(Page(_index(Urls.capacity(cap_id)), "capacity", make, inputs, files=files))
    for region_id in catalog.regions:
        make = partial(_region_context, atlas, region_id)
        files = picturedata.region_files(atlas, region_id)
        pages.append(Page(_index(Urls.region(region_id)), "region", make, everything, files=files))
    return pages


def _entity_context(atlas: Atlas, entity) -> dict:
    catalog, current = atlas.catalog, atlas.current[entity.slug]
    history = atlas.histories[entity.slug]
    paths = capacity_paths(history, catalog.capacities)
    moved = [path for path in paths if len(path.steps) > 1]
    rated_by_category = [
        (category, rated)
        for category in catalog.categories
        if (rated := [cap for cap in category.capacities if cap.id in current])
    ]
    return {
        "entity": entity,
        "current": current,
        "history": history,
        "rated_by_category": rated_by_category,
        "unrated": [cap for cap in catalog.capacities.values() if cap.id not in current],
        "moved": moved,
        "rose": sum(path.direction == "rose" for path in moved),
        "fell": sum(path.direction == "fell" for path in moved),
        "peers": answers_of(atlas).matchmaker.peers_for_gaps(atlas, entity),
        "dates": [snapshot.date for snapshot in entity.snapshots],
    }


def _peers_context(atlas: Atlas, entity) -> dict:
    return {"entity": entity, "peer_shares": peer_shares(atlas, entity.slug)}


def _home_context(atlas: Atlas, inline_map: bool) -> dict:
    return {
        "inline_map": inline_map,
        "groups_by_region": groups_by_region(atlas),
        "groups_by_country": groups_by_country(atlas),
    }


def _capacity_context(atlas: Atlas, cap_id: str) -> dict:
    catalog, answers = atlas.catalog, answers_of(atlas)
    cap = catalog.capacities[cap_id]
    raters = atlas.raters[cap_id]
    by_level = {level: [r for r in raters if r.level == level] for level in vocab.LEVELS}
    return {
        "capacity": cap,
        "category": catalog.category_by_id[cap.category],
        "tally": atlas.capacity_tallies[cap_id],
        "by_region": atlas.capacity_by_region(cap_id),
        "raters": raters,
        "raters_by_level": [(level, by_level[level]) for level in reversed(vocab.LEVELS) if by_level[level]],
        "chart_name": f"capacity-{cap_id}",
        "answer": answers.capacities[cap_id],
        "ideas": answers.ideas(cap_id),
        "mentors": answers.matchmaker.mentors[cap_id],
        "yearly": answers.yearly(cap_id),
        "not_assessed": atlas.not_assessed(cap_id),
        "communities": len(atlas.entities),
        "map_values": capacity_by_region(atlas, cap_id),
    }


def _map_context(atlas: Atlas, category) -> dict:
    return {
        "category": category,
        "rated": atlas.rated_in(category),
        "current": atlas.current,
        "communities": len(atlas.entities),
    }


def _region_context(atlas: Atlas, region_id: str) -> dict:
    return {
        "region": atlas.catalog.regions[region_id],
        "members": atlas.members[region_id],
        "tallies": atlas.region_tallies[region_id],
        "chart_name": f"region-{region_id}",
        "answer": answers_of(atlas).regions[region_id],
        "countries": region_countries(atlas, region_id),
        "focus": picturedata.region_focus(region_id) or (),
    }


def template_globals(atlas: Atlas) -> dict:
    """What every template may read, besides Pelican's own settings."""
    return {
        "atlas": atlas,
        "catalog": atlas.catalog,
        "urls": Urls,
        "LEVELS": vocab.LEVELS,
        "LEVEL_COLOURS": LEVEL_COLOURS,
        "KINDS": KIND_NAMES,
        "CONSULTATIONS": CONSULTATION_NAMES,
        "capacity_names": {cap_id: cap.name for cap_id, cap in atlas.catalog.capacities.items()},
        "region_names": {region_id: region.name for region_id, region in atlas.catalog.regions.items()},
        "words": words,
        "STALE_AFTER_DAYS": vocab.STALE_AFTER_DAYS,
        "is_stale": lambda date: vocab.is_stale(date, atlas.as_of),
        "answers": answers_of(atlas),
        "SMALL_N": SMALL_N,
        "FEW_RATINGS": FEW_RATINGS,
        "OPPORTUNITY_WEIGHTS": WEIGHTS,
        "OPPORTUNITY_COMPONENTS": OPPORTUNITY_COMPONENTS,
        "OPPORTUNITY_NAMES_SHOWN": NAMES_SHOWN,
        "SEARCH_INDEX_VERSION": SEARCH_INDEX_VERSION,
        "dataset_jsonld": partial(_dataset_jsonld, atlas),
    }


def _dataset_jsonld(atlas: Atlas, name: str, description: str, site_url: str, creator: str) -> str:
    """The data page's schema.org Dataset as JSON for a script element; URLs absolute only when the
    site's address is (with a relative SITEURL such as '..', the downloads are linked relative to it)."""
    absolute = site_url if site_url.startswith(("https://", "http://")) else ""
    return json_for_script(dataset(atlas, name, description, absolute, creator, site_url))
