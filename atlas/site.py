"""The shape of the built site: which pages, charts and data files exist, at which paths.

Pelican-free: the plugin only renders these page specs with the theme and writes the files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial

from atlas import vocab
from atlas.analysis import Atlas
from atlas.answers import FEW_RATINGS, SMALL_N, age_text, percent
from atlas.chartdata import chart_tables
from atlas.charts import BarChart
from atlas.exports import assessments_csv, summary_json
from atlas.jsonschema import SCHEMA_PATH, assessment_schema_text
from atlas.opendata import dataset, json_for_script, open_data_files
from atlas.opportunities import COMPONENTS, NAMES_SHOWN, WEIGHTS
from atlas.trends import capacity_paths

SEARCH_INDEX_VERSION = 1  # of atlas/searchindex.py's entries; the search page tells its script this number
MAP_INLINE_LIMIT = 60  # above this many entities the home page links to the map instead of showing it


class Urls:
    """Every page's address, relative to the site root, directory style."""

    home = ""
    communities = "communities/"
    capacities = "capacities/"
    regions = "regions/"
    map = "map/"
    data = "data/"
    csv = "data/assessments.csv"
    summary = "data/summary.json"
    schema = SCHEMA_PATH  # the JSON Schema of assessment files, for editors
    search = "search/"
    search_index = "search/index.json"  # the search's own index (atlas/searchindex.py)
    opportunities = "opportunities/"
    changes = "changes/"
    coverage = "coverage/"
    cross_region = "gaps-by-region/"
    datapackage = "data/datapackage.json"  # the Frictionless Data Package of every CSV (atlas/datapackage.py)
    robots = "robots.txt"

    @staticmethod
    def table(name: str) -> str:
        """A companion table of the data package, such as capacities or communities."""
        return f"data/{name}.csv"

    @staticmethod
    def source(slug: str) -> str:
        """A group's own assessment file, byte for byte, beside its page."""
        return f"communities/{slug}/{slug}.yaml"

    @staticmethod
    def chart_meta(name: str) -> str:
        return f"charts/{name}.meta.json"

    @staticmethod
    def entity(slug: str) -> str:
        return f"communities/{slug}/"

    @staticmethod
    def capacity(cap_id: str) -> str:
        return f"capacities/{cap_id}/"

    @staticmethod
    def region(region_id: str) -> str:
        return f"regions/{region_id}/"

    @staticmethod
    def map_category(category_id: str) -> str:
        return f"map/{category_id}/"

    @staticmethod
    def chart(name: str) -> str:
        return f"charts/{name}.svg"

    @staticmethod
    def chart_data(name: str) -> str:
        return f"charts/{name}.csv"


class Page:
    """One page to render: where it goes, with which template and what it shows.

    The context is built when first asked for (a rebuild that reuses the page never builds it).
    `inputs` is plain data that, with the catalog and the as-of date, determines the context: a page whose
    inputs are None depends on every assessment.
    """

    __slots__ = ("save_as", "template", "_make", "_context", "_inputs")

    def __init__(self, save_as: str, template: str, make: Callable[[], dict], inputs=None):
        self.save_as, self.template = save_as, template
        self._make, self._context, self._inputs = make, None, inputs

    @property
    def context(self) -> dict:
        if self._context is None:
            self._context = self._make()
        return self._context

    @property
    def inputs(self):
        """The page's inputs; given as a function, they are worked out when first asked for."""
        if callable(self._inputs):
            self._inputs = self._inputs()
        return self._inputs


def chart_specs(atlas: Atlas) -> dict[str, BarChart]:
    """Levels by region for each capacity, and levels by capacity for each region (atlas.chartdata),
    their bars labelled with names."""
    catalog = atlas.catalog
    specs = {}
    for name, table in chart_tables(atlas).items():
        if table.row_kind == "region":
            names, title = (
                catalog.regions,
                f"{catalog.capacities[table.subject].name}: current levels by region",
            )
        else:
            names, title = (
                catalog.capacities,
                f"{catalog.regions[table.subject].name}: current levels by capacity",
            )
        specs[name] = BarChart(title, tuple((names[key].name, counts) for key, counts in table.rows))
    return specs


def data_files(atlas: Atlas, specs: dict[str, BarChart]) -> dict[str, str | bytes]:
    """The downloadable exports, by path: the contract's files, the data package with its companion
    tables, each chart's data and metadata beside the chart, and each group's own file beside its page."""
    files = {Urls.csv: assessments_csv(atlas), Urls.summary: summary_json(atlas)}
    files[Urls.schema] = assessment_schema_text(atlas.catalog)
    files.update(open_data_files(atlas, {name: chart.title for name, chart in specs.items()}, Urls))
    return files


def _index(path: str) -> str:
    return f"{path}index.html"


def site_pages(atlas: Atlas) -> list[Page]:
    """Every generated page, in a stable order."""
    catalog = atlas.catalog
    answers = atlas.answers
    inline_map = len(atlas.entities) <= MAP_INLINE_LIMIT
    pages = [
        Page("index.html", "home", lambda: {"inline_map": inline_map}),
        Page(_index(Urls.communities), "communities", dict),
        Page(_index(Urls.capacities), "capacities", dict),
        Page(_index(Urls.regions), "regions", dict),
        Page(_index(Urls.map), "map_overview", dict),
        Page(_index(Urls.search), "search", dict),
    ]
    for category in catalog.categories:
        cap_ids = [cap.id for cap in category.capacities]
        make, inputs = partial(_map_context, atlas, category), partial(ratings_slice, atlas, cap_ids)
        pages.append(Page(_index(Urls.map_category(category.id)), "map", make, inputs))
    pages += [
        Page(_index(Urls.opportunities), "opportunities", lambda: {"opportunities": answers.opportunities}),
        Page(_index(Urls.changes), "changes", lambda: {"sessions": answers.recent}),
        Page(_index(Urls.coverage), "coverage", dict),
        Page(_index(Urls.cross_region), "cross_region", dict),
    ]
    matcher = answers.matchmaker
    for entity in atlas.entities:
        inputs = f"{entity.digest}\n{matcher.gap_sources(atlas, entity)}"  # its file, and its peers' sources
        pages.append(
            Page(_index(Urls.entity(entity.slug)), "entity", partial(_entity_context, atlas, entity), inputs)
        )
    for cap_id in catalog.capacities:
        make, inputs = partial(_capacity_context, atlas, cap_id), partial(ratings_slice, atlas, [cap_id])
        pages.append(Page(_index(Urls.capacity(cap_id)), "capacity", make, inputs))
    for region_id in catalog.regions:
        pages.append(
            Page(_index(Urls.region(region_id)), "region", partial(_region_context, atlas, region_id))
        )
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
        "peers": atlas.answers.matchmaker.peers_for_gaps(atlas, entity),
    }


def _identity(entity) -> str:
    """Who an entity is and when and how it was assessed: a digest of everything in its file but the
    ratings."""
    info = entity.info
    parts = [info.model_dump_json(exclude={"snapshots"})]
    parts += [snap.model_dump_json(exclude={"ratings"}) for snap in info.snapshots]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _rating_digests(entity) -> dict[str, str]:
    """For each capacity the entity ever rated, a short digest of its rating in each snapshot."""
    snapshots = entity.snapshots
    rated = {cap for snap in snapshots for cap in snap.ratings}
    return {
        cap: hashlib.sha256(
            "\x1f".join(
                s.ratings[cap].model_dump_json() if cap in s.ratings else "" for s in snapshots
            ).encode()
        ).hexdigest()[:24]
        for cap in rated
    }


def ratings_slice(atlas: Atlas, cap_ids) -> str:
    """What a page about some capacities is made from: how many communities there are and, for each that
    ever rated one of them, who it is and each of its ratings of them. Other capacities' ratings do not
    count. The digests it is made of are worked out once per entity (see Entity.derive)."""
    lines = [str(len(atlas.entities))]
    for entity in atlas.entities:
        digests = entity.derive("rating digests", _rating_digests)
        mine = [f"{cap}={digests[cap]}" for cap in cap_ids if cap in digests]
        if mine:
            lines.append(f"{entity.slug}\t{entity.derive('identity', _identity)}\t{','.join(mine)}")
    return "\n".join(lines)


def _capacity_context(atlas: Atlas, cap_id: str) -> dict:
    catalog, answers = atlas.catalog, atlas.answers
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
        "answer": atlas.answers.regions[region_id],
    }


def template_globals(atlas: Atlas) -> dict:
    """What every template may read, besides Pelican's own settings."""
    return {
        "atlas": atlas,
        "catalog": atlas.catalog,
        "urls": Urls,
        "LEVELS": vocab.LEVELS,
        "LEVEL_COLOURS": vocab.LEVEL_COLOURS,
        "KINDS": vocab.KINDS,
        "CONSULTATIONS": vocab.CONSULTATIONS,
        "STALE_AFTER_DAYS": vocab.STALE_AFTER_DAYS,
        "is_stale": lambda date: vocab.is_stale(date, atlas.as_of),
        "answers": atlas.answers,
        "age": age_text,
        "percent": percent,
        "SMALL_N": SMALL_N,
        "FEW_RATINGS": FEW_RATINGS,
        "OPPORTUNITY_WEIGHTS": WEIGHTS,
        "OPPORTUNITY_COMPONENTS": COMPONENTS,
        "OPPORTUNITY_NAMES_SHOWN": NAMES_SHOWN,
        "SEARCH_INDEX_VERSION": SEARCH_INDEX_VERSION,
        "dataset_jsonld": partial(_dataset_jsonld, atlas),
    }


def _dataset_jsonld(atlas: Atlas, name: str, description: str, site_url: str, creator: str) -> str:
    """The data page's schema.org Dataset as JSON for a script element; URLs absolute only when the
    site's address is (a relative SITEURL such as '..' is left out)."""
    absolute = site_url if site_url.startswith(("https://", "http://")) else ""
    return json_for_script(dataset(atlas, name, description, absolute, creator))
