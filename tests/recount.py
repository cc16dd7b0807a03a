"""An independent recount of a synthetic atlas, for checking every number on its answer pages.

The recount reads the files with yaml.safe_load and applies the contract's definitions itself; it uses
nothing from the atlas package except the synthesizer that writes the files.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import yaml
from constants import AS_OF, ROOT

from atlas.ingest.catalog import load_catalog
from atlas.tools.synth import synthesize

ORDER = ("none", "low", "medium", "high")
COUNT = re.compile(r"\((\d+)/(\d+)\)")


# -- the independent recount ------------------------------------------------------------------------


class Group:
    """One file, read directly: its snapshots oldest first and its current rating per capacity."""

    def __init__(self, path: Path):
        self.slug = path.stem
        self.data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.regions = self.data["regions"]
        self.languages = self.data.get("languages", [])
        self.snapshots = sorted(self.data["snapshots"], key=lambda s: s["date"])
        self.current = {}
        self.paths: dict[str, list] = {}
        for snap in self.snapshots:
            for cap, rating in snap["ratings"].items():
                self.current[cap] = {**rating, "snap": snap}
                self.paths.setdefault(cap, []).append((snap["date"], rating["level"]))


STALE_DAYS = 365  # the contract's "stale": a rating older than a year


def stale(r):
    return (AS_OF - r["snap"]["date"]).days > STALE_DAYS


def one_person(r):
    s = r["snap"]
    return s["consultation"] == "individual" or (s["consultation"] == "survey" and s.get("respondents") == 1)


def provisional(r):
    return r["snap"].get("status") == "provisional"


def firm(r):
    return not (stale(r) or one_person(r) or provisional(r))


def has(r):
    return r["level"] in ("medium", "high")


def gap(r):
    return r["level"] in ("none", "low")


def fragile(r):
    return has(r) and r.get("robustness") == "low"


def mentor(r):
    return r["level"] == "high" and r.get("robustness") in ("medium", "high")


# -- reading the built pages ----------------------------------------------------------------------


class Tables(HTMLParser):
    """Rows of every table with an id: (the row's attributes, [cell texts])."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list] = {}
        self.current = None
        self.row = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.cell is not None:
            self.cell.append(" ")  # tags inside a cell (<br>, <span>) separate words
        if tag == "table" and attrs.get("id"):
            self.current = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self.current is not None:
            self.row = (attrs, [])
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row[1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.current.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(page: Path) -> dict[str, list]:
    parser = Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tables


def text(page: Path) -> str:
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", markup).split()))


def numbers_in(page: Path, css_class: str) -> Counter:
    """The whole numbers said in the page's first paragraph of class `css_class`, however the language
    orders its words (CLDR's Latin digits, grouped with commas in English and Arabic)."""
    markup = page.read_text(encoding="utf-8")
    start = markup.index(f'<p class="{css_class}"')
    return _numbers(markup[start : markup.index("</p>", start)])


def _numbers(fragment: str) -> Counter:
    words = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return Counter(int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*\d|\d", words))


def home_answers(page: Path) -> dict[str, Counter]:
    """The numbers of each short answer on the home page, by the address of its full answer."""
    markup = page.read_text(encoding="utf-8")
    found = re.findall(r'<dd><p>(.*?)</p><p><a href="(?:\.\./ar/|\./)([^"]+)" data-answer>', markup, re.S)
    return {target: _numbers(answer) for answer, target in found}


def counts(cell: str) -> tuple[int, int] | None:
    found = COUNT.search(cell)
    return (int(found[1]), int(found[2])) if found else None


def page(site: Path, path: str) -> Path:
    return site / path / "index.html"


def build_world(base: Path, charts: Path):
    """A synthetic atlas built into a site, and its files read back independently."""
    from atlas.build.runner import build_site

    catalog = load_catalog(ROOT / "content" / "catalog")
    synthesize(catalog, 140, seed=11, out=base / "assessments", as_of=AS_OF)
    build_site(
        base / "assessments",
        base / "site",
        AS_OF.isoformat(),
        ROOT / "pelicanconf.py",
        ATLAS_CHART_CACHE=str(charts),
    )
    groups = [Group(path) for path in sorted((base / "assessments").glob("*.yaml"))]
    return base / "site", catalog, groups


def peer_sets(groups, group, cap) -> list[tuple[str, str, list]]:
    """Whom a group is set beside for a capacity it rated: (by, which, the other groups that rated it),
    its kind's and each of its regions'."""
    others = [o for o in groups if o.slug != group.slug and cap in o.current]
    kind = group.data["kind"]
    sets = [("kind", kind, [o for o in others if o.data["kind"] == kind])]
    return sets + [("region", region, [o for o in others if region in o.regions]) for region in group.regions]


def current_of(groups, cap, region=None):
    return [g.current[cap] for g in groups if cap in g.current and (region is None or region in g.regions)]
