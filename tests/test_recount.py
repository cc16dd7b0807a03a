"""Every number on the answer pages of a synthetic atlas equals a recount made straight from the YAML.

The recount reads the files with yaml.safe_load and applies the contract's definitions itself; it uses
nothing from the atlas package except the synthesizer that writes the files.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from constants import AS_OF, ROOT

from atlas.catalog import load_catalog
from atlas.synth import synthesize

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


def stale(r):
    return (AS_OF - r["snap"]["date"]).days > 365


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
    import html

    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", markup).split()))


def counts(cell: str) -> tuple[int, int] | None:
    found = COUNT.search(cell)
    return (int(found[1]), int(found[2])) if found else None


def page(site: Path, path: str) -> Path:
    return site / path / "index.html"


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A synthetic atlas built into a site, and its files read back independently."""
    from tasks import build_site

    base = tmp_path_factory.mktemp("recount")
    catalog = load_catalog(ROOT / "content" / "catalog")
    synthesize(catalog, 140, seed=11, out=base / "assessments", as_of=AS_OF)
    build_site(
        base / "assessments",
        base / "site",
        AS_OF.isoformat(),
        ROOT / "pelicanconf.py",
        ATLAS_CHART_CACHE=str(tmp_path_factory.mktemp("charts")),
    )
    groups = [Group(path) for path in sorted((base / "assessments").glob("*.yaml"))]
    return base / "site", catalog, groups


def current_of(groups, cap, region=None):
    return [g.current[cap] for g in groups if cap in g.current and (region is None or region in g.regions)]


# -- capacity pages -----------------------------------------------------------------------------------


def test_capacity_pages_open_with_recounted_numbers(world):
    site, catalog, groups = world
    for cap in catalog.capacities:
        ratings = current_of(groups, cap)
        words = text(page(site, f"capacities/{cap}"))
        found = re.search(
            r"(\d+) of (\d+) assessed groups? (?:has|have) .*? at medium or high; (\d+) of them (?:is|are) "
            r"fragile \(low robustness\); (\d+) ratings? (?:is|are) stale\.",
            words,
        )
        assert found, cap
        assert tuple(map(int, found.groups())) == (
            sum(map(has, ratings)),
            len(ratings),
            sum(map(fragile, ratings)),
            sum(map(stale, ratings)),
        ), cap
        caution = re.search(
            r"Of these (\d+) ratings?, (\d+) (?:is|are) stale, (\d+) (?:is|are) one person's view and (\d+) "
            r"(?:is|are) provisional\.",
            words,
        )
        assert tuple(map(int, caution.groups())) == (
            len(ratings),
            sum(map(stale, ratings)),
            sum(map(one_person, ratings)),
            sum(map(provisional, ratings)),
        ), cap
        firm_ones = [r for r in ratings if firm(r)]
        firm_found = re.search(
            r"provisional\): (\d+) of (\d+) have it at medium or high, (\d+) of them", words
        )
        assert tuple(map(int, firm_found.groups())) == (
            sum(map(has, firm_ones)),
            len(firm_ones),
            sum(map(fragile, firm_ones)),
        ), cap
        markup = page(site, f"capacities/{cap}").read_text(encoding="utf-8")
        mentors = markup[markup.index('id="mentors"') : markup.index('id="ideas"')]
        assert mentors.count("<li ") == sum(map(mentor, ratings)), cap
        ideas = sum(1 for g in groups for s in g.snapshots if s["ratings"].get(cap, {}).get("idea"))
        ideas_html = markup[markup.index('id="ideas"') :]
        assert ideas_html.count("<q ") == ideas, cap


def test_capacity_trend_per_year_is_recounted(world):
    site, catalog, groups = world
    for cap in list(catalog.capacities)[::7]:
        rows = tables(page(site, f"capacities/{cap}"))
        for attrs, cells in rows["trend-by-year"]:
            if "data-year" not in attrs:
                continue
            year = int(attrs["data-year"])
            levels = Counter()
            rose = fell = 0
            for g in groups:
                path = g.paths.get(cap, [])
                by_then = [level for date, level in path if date.year <= year]
                if by_then:
                    levels[by_then[-1]] += 1
                for (_, before), (date, after) in zip(path, path[1:], strict=False):
                    if date.year == year:
                        rose += ORDER.index(after) > ORDER.index(before)
                        fell += ORDER.index(after) < ORDER.index(before)
            expected = [levels[level] for level in ORDER] + [sum(levels.values())]
            assert [int(c) for c in cells[1:6]] == expected, (cap, year)
            assert int(cells[6].split("(")[1].rstrip(")")) == levels["medium"] + levels["high"]
            assert (int(cells[7]), int(cells[8])) == (rose, fell), (cap, year)


# -- regions ------------------------------------------------------------------------------------------


def test_region_rankings_are_recounted_and_compared_with_the_movement(world):
    site, catalog, groups = world
    for region in catalog.regions:
        found = tables(page(site, f"regions/{region}"))
        members = [g for g in groups if region in g.regions]
        for table_id, wanted in (("gap-ranking", gap), ("strength-ranking", has)):
            rows = [(attrs, cells) for attrs, cells in found.get(table_id, []) if "data-capacity" in attrs]
            rated = {cap for g in members for cap in g.current}
            assert {attrs["data-capacity"] for attrs, _ in rows} == rated, region
            shares = []
            for attrs, cells in rows:
                cap = attrs["data-capacity"]
                here = current_of(groups, cap, region)
                everywhere = current_of(groups, cap)
                firm_here = [r for r in here if firm(r)]
                assert counts(cells[2]) == (sum(map(wanted, here)), len(here)), (region, cap)
                assert counts(cells[3]) == (sum(map(wanted, everywhere)), len(everywhere)), (region, cap)
                assert counts(cells[4]) == (sum(map(wanted, firm_here)), len(firm_here)), (region, cap)
                assert ("small n" in cells[1]) == (len(here) < 5)
                shares.append(sum(map(wanted, here)) / len(here))
            assert shares == sorted(shares, reverse=True), region
        if members:
            note = text(page(site, f"regions/{region}"))
            ratings = [r for g in members for r in g.current.values()]
            expected = (
                f"These figures rest on {len(ratings)} current ratings by {len(members)} groups: "
                f"{sum(map(stale, ratings))} of them are stale"
            )
            assert expected in note
            assert f"and {sum(map(one_person, ratings))} are one person's view" in note


def test_cross_region_table_is_recounted(world):
    site, catalog, groups = world
    rows = tables(page(site, "gaps-by-region"))["cross-region"]
    checked = 0
    for attrs, cells in rows:
        if "data-capacity" not in attrs:
            continue
        cap = attrs["data-capacity"]
        for region, cell in zip([*catalog.regions, None], cells[1:], strict=True):
            here = current_of(groups, cap, region)
            expected = (sum(map(gap, here)), len(here)) if here else None
            assert counts(cell) == expected, (cap, region)
            checked += 1
    assert checked == len(catalog.capacities) * (len(catalog.regions) + 1)


# -- opportunities --------------------------------------------------------------------------------------


def test_opportunity_components_and_totals_are_recounted(world):
    site, catalog, groups = world
    rows = [r for r in tables(page(site, "opportunities"))["opportunity-ranking"] if "data-capacity" in r[0]]
    expected = {}
    for cap in catalog.capacities:
        for region in catalog.regions:
            needs = [
                (g, g.current[cap])
                for g in groups
                if region in g.regions
                and cap in g.current
                and (gap(g.current[cap]) or fragile(g.current[cap]))
            ]
            if not needs:
                continue
            people = sum(g.data.get("population", 0) for g, _ in needs)
            parts = {
                "shared": 2 * len(needs),
                "emerging": sum(1 for g, _ in needs if g.data.get("emerging")),
                "low_hanging": sum(1 for _, r in needs if r["level"] == "low" or fragile(r)),
                "support_wanted": sum(1 for _, r in needs if r.get("support_wanted")),
                "population": round(math.log10(people / 100_000), 1) if people > 100_000 else 0,
            }
            untrusted = sum(1 for _, r in needs if not firm(r))
            expected[cap, region] = (parts, round(sum(parts.values()), 1), untrusted)
    assert len(rows) == len(expected)
    totals = []
    for attrs, cells in rows:
        parts, total, untrusted = expected[attrs["data-capacity"], attrs["data-region"]]
        shown = [float(cell.split("→")[1].split()[0]) for cell in cells[3:8]]
        assert shown == pytest.approx(list(parts.values())), attrs
        assert float(cells[8]) == pytest.approx(total) and int(cells[9]) == untrusted, attrs
        totals.append(float(cells[8]))
    assert totals == sorted(totals, reverse=True)


# -- change over time ---------------------------------------------------------------------------------


def test_changes_page_and_entity_paths_are_recounted(world):
    site, catalog, groups = world
    moves = Counter()
    for g in groups:
        for path in g.paths.values():
            if len(path) > 1:
                before, after = ORDER.index(path[-2][1]), ORDER.index(path[-1][1])
                moves["up" if after > before else "down" if after < before else "same"] += 1
    words = text(page(site, "changes"))
    assert (
        f"Of {sum(moves.values())} capacities that groups have rated more than once, {moves['up']} now stand "
        f"higher than at the rating before, {moves['down']} lower and {moves['same']} the same."
    ) in words
    sessions = sorted(
        ((s["date"], g.slug, g, s) for g in groups for s in g.snapshots), key=lambda x: x[:2], reverse=True
    )[:50]
    rows = [r for r in tables(page(site, "changes"))["recent-sessions"] if "data-entity" in r[0]]
    assert [attrs["data-entity"] for attrs, _ in rows] == [slug for _, slug, _, _ in sessions]
    for (_, cells), (date, _, g, snap) in zip(rows, sessions, strict=True):
        earlier = {}
        for s in g.snapshots:
            if s["date"] < date:
                earlier.update({cap: r["level"] for cap, r in s["ratings"].items()})
        tally = Counter(
            "new"
            if cap not in earlier
            else ("rose" if ORDER.index(r["level"]) > ORDER.index(earlier[cap]) else "fell")
            if r["level"] != earlier[cap]
            else "same"
            for cap, r in snap["ratings"].items()
        )
        assert cells[0].startswith(date.isoformat())
        shown = [int(c) for c in cells[3:8]]
        assert shown == [len(snap["ratings"]), tally["new"], tally["rose"], tally["fell"], tally["same"]]
    for g in groups[::5]:
        markup = page(site, f"communities/{g.slug}").read_text(encoding="utf-8")
        for cap, path in g.paths.items():
            marker = f'<tr data-capacity="{cap}" data-direction="'
            if len(path) < 2:
                assert marker not in markup
                continue
            moved = [(b, a) for (_, b), (_, a) in zip(path, path[1:], strict=False) if a != b]
            direction = (
                "steady"
                if not moved
                else ("rose" if ORDER.index(moved[-1][1]) > ORDER.index(moved[-1][0]) else "fell")
            )
            since = path[-1][0]
            for date, level in reversed(path[:-1]):
                if level != path[-1][1]:
                    break
                since = date
            row = markup[markup.index(marker) :].split("</tr>")[0]
            assert row.startswith(marker + direction), (g.slug, cap)
            assert f'since <time datetime="{since.isoformat()}"' in row, (g.slug, cap)


def near(group, other) -> bool:
    """Same region or a shared language."""
    return bool(set(other.regions) & set(group.regions) or set(other.languages) & set(group.languages))


def test_peers_are_mentors_with_near_ones_first(world):
    site, catalog, groups = world
    by_slug = {g.slug: g for g in groups}
    for g in groups[::3]:
        markup = page(site, f"communities/{g.slug}").read_text(encoding="utf-8")
        gaps = [cap for cap in catalog.capacities if cap in g.current and gap(g.current[cap])]
        assert markup.count("<dd data-capacity=") == len(gaps)
        for cap in gaps:
            cell = markup[markup.index(f'<dd data-capacity="{cap}">') :].split("</dd>")[0]
            peers = [part.split('"')[0] for part in cell.split('data-peer="')[1:]]
            mentors = [
                o.slug for o in groups if o.slug != g.slug and cap in o.current and mentor(o.current[cap])
            ]
            assert len(peers) == min(3, len(mentors)) and set(peers) <= set(mentors), (g.slug, cap)

            flags = [near(g, by_slug[slug]) for slug in peers]
            assert flags == sorted(flags, reverse=True), (g.slug, cap)  # near ones first
            if not all(flags):
                assert sum(near(g, by_slug[slug]) for slug in mentors) == sum(flags), (
                    g.slug,
                    cap,
                )  # every near mentor was taken


# -- coverage and the home page -----------------------------------------------------------------------


def test_coverage_page_is_recounted(world):
    site, catalog, groups = world
    ratings = [r for g in groups for r in g.current.values()]
    found = tables(page(site, "coverage"))
    by_row = {
        attrs["data-row"]: int(cells[1]) for attrs, cells in found["consultations"] if "data-row" in attrs
    }
    made = Counter(r["snap"]["consultation"] for r in ratings)
    assert by_row == {
        "group": made["group"],
        "individual": made["individual"],
        "survey": made["survey"],
        "all": len(ratings),
        "stale": sum(map(stale, ratings)),
        "single-person": sum(map(one_person, ratings)),
        "provisional": sum(map(provisional, ratings)),
        "firm": sum(map(firm, ratings)),
    }
    rated = Counter(cap for g in groups for cap in g.current)
    for attrs, cells in found["capacity-coverage"]:
        if "data-capacity" in attrs:
            cap = attrs["data-capacity"]
            assert int(cells[1]) == rated[cap]
            assert int(cells[3]) == sum(map(stale, current_of(groups, cap)))
    markup = page(site, "coverage").read_text(encoding="utf-8")
    listed = dict(re.findall(r'<li data-entity="([^"]+)" data-count="(\d+)">', markup))
    assert listed == {g.slug: str(len(g.current)) for g in groups if len(g.current) < 10}


def test_home_answers_match_their_pages_and_the_recount(world):
    site, catalog, groups = world
    home = text(site / "index.html")
    wikidata = current_of(groups, "wikidata")
    assert f"{sum(map(has, wikidata))} of {len(wikidata)} assessed groups" in home
    strategy = current_of(groups, "strategy")
    assert f"{sum(map(has, strategy))} of {len(strategy)} assessed groups" in home
    ratings = [r for g in groups for r in g.current.values()]
    assert f"Of the {len(ratings)} current ratings, {sum(map(stale, ratings))} are stale" in home
