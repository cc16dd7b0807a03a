"""Every address on the site, relative to its root."""

from __future__ import annotations

from atlas.ingest.jsonschema import SCHEMA_PATH

SEARCH_INDEX_VERSION = (
    1  # of atlas/site/searchindex.py's entries; the search page tells its script this number
)


class Urls:
    """Every page's address, relative to the site root, directory style."""

    prefix = ""  # of the pages of the language (see LanguageUrls)
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
    datapackage = "data/datapackage.json"  # the Frictionless Data Package of every CSV (site/datapackage.py)
    robots = "robots.txt"
    about = "about/"  # Pelican's Markdown pages (content/pages/)
    guidelines = "guidelines/"
    contribute = "contribute/"
    assess = "assess/"  # the form that writes a group's file (theme/js/assess.js)
    assess_groups = "assess/groups.json"  # what the form needs to update each group (site/assessform.py)

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
    def entity_peers(slug: str) -> str:
        """A group beside its peers: its own page, so that a peer's edit does not touch the group's."""
        return f"communities/{slug}/peers/"

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
    def picture_data(page: str, name: str) -> str:
        """A picture's numbers as CSV, beside the page it is on (`page`: the page's English address)."""
        return f"{page}{name}.csv"

    @staticmethod
    def chart(name: str) -> str:
        return f"charts/{name}.svg"

    @staticmethod
    def chart_data(name: str) -> str:
        return f"charts/{name}.csv"


# The addresses every language shares: data files, charts' data and metadata, the groups' own files.
SHARED = frozenset({"csv", "summary", "schema", "datapackage", "robots", "table", "source", "chart_meta",
                    "chart_data", "assess_groups", "picture_data"})  # fmt: skip


class LanguageUrls:
    """The addresses seen from one language's pages: its own pages (and charts, search index) under
    `prefix` ("fr/"...), the shared files where they are. English uses `Urls` itself."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        for name, found in vars(Urls).items():
            if name.startswith("_"):
                continue
            found = getattr(Urls, name)
            if name in SHARED:
                setattr(self, name, found)
            elif callable(found):
                setattr(self, name, _prefixed(prefix, found))
            else:
                setattr(self, name, prefix + found)


def _prefixed(prefix: str, address):
    return lambda *args: prefix + address(*args)


def urls_for(prefix: str):
    """`Urls` for English (no prefix), else the language's `LanguageUrls`."""
    return LanguageUrls(prefix) if prefix else Urls
