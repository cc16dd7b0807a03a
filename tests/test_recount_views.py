"""Opportunities, changes, mentors, coverage, home answers, in English and in Arabic (the `lang`
fixture): every number equals tests/recount.py's recount."""

from __future__ import annotations

import math
import re
from collections import Counter

import pytest
from recount import (  # the independent recount; `world` is its fixture in conftest.py
    ORDER,
    current_of,
    firm,
    fragile,
    gap,
    has,
    home_answers,
    mentor,
    numbers_in,
    one_person,
    page,
    provisional,
    stale,
    tables,
    text,
)


def number(cell: str) -> int:
    """A count as the English pages write it (CLDR: 1,234)."""
    return int(cell.replace(",", ""))


def test_opportunity_components_and_totals_are_recounted(world, lang):
    site, catalog, groups = world
    rows = [
        r
        for r in tables(page(site, f"{lang}opportunities"))["opportunity-ranking"]
        if "data-capacity" in r[0]
    ]
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
        shown = [float(re.split("[→←]", cell)[1].split()[0]) for cell in cells[3:8]]  # ← right to left
        assert shown == pytest.approx(list(parts.values())), attrs
        assert float(cells[8]) == pytest.approx(total) and int(cells[9]) == untrusted, attrs
        totals.append(float(cells[8]))
    assert totals == sorted(totals, reverse=True)


# -- change over time ---------------------------------------------------------------------------------


def test_changes_page_and_entity_paths_are_recounted(world, lang):
    site, catalog, groups = world
    moves = Counter()
    for g in groups:
        for path in g.paths.values():
            if len(path) > 1:
                before, after = ORDER.index(path[-2][1]), ORDER.index(path[-1][1])
                moves["up" if after > before else "down" if after < before else "same"] += 1
    said = (sum(moves.values()), moves["up"], moves["down"], moves["same"])
    assert numbers_in(page(site, f"{lang}changes"), "answer") == Counter(said)
    if not lang:
        assert (
            f"Of {said[0]:,} capacities that groups have rated more than once, {said[1]:,} now "
            f"stand higher than at the rating before, {said[2]:,} lower and {said[3]:,} the same."
        ) in text(page(site, "changes"))
    sessions = sorted(
        ((s["date"], g.slug, g, s) for g in groups for s in g.snapshots), key=lambda x: x[:2], reverse=True
    )[:50]
    changes = page(site, f"{lang}changes")
    rows = [r for r in tables(changes)["recent-sessions"] if "data-entity" in r[0]]
    dates = re.findall(r'<tr data-entity="[^"]+"[^>]*>\s*<td><time datetime="([\d-]+)"', changes.read_text())
    assert [attrs["data-entity"] for attrs, _ in rows] == [slug for _, slug, _, _ in sessions]
    assert dates == [date.isoformat() for date, _, _, _ in sessions]
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
        shown = [number(c) for c in cells[3:8]]
        assert shown == [len(snap["ratings"]), tally["new"], tally["rose"], tally["fell"], tally["same"]]
    for g in groups[::5]:
        markup = page(site, f"{lang}communities/{g.slug}").read_text(encoding="utf-8")
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
            assert f'<time datetime="{since.isoformat()}"' in row, (g.slug, cap)


def near(group, other) -> bool:
    """Same region or a shared language."""
    return bool(set(other.regions) & set(group.regions) or set(other.languages) & set(group.languages))


def test_peers_are_mentors_with_near_ones_first(world, lang):
    site, catalog, groups = world
    by_slug = {g.slug: g for g in groups}
    for g in groups[::3]:
        markup = page(site, f"{lang}communities/{g.slug}").read_text(encoding="utf-8")
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


def test_coverage_page_is_recounted(world, lang):
    site, catalog, groups = world
    ratings = [r for g in groups for r in g.current.values()]
    found = tables(page(site, f"{lang}coverage"))
    by_row = {
        attrs["data-row"]: number(cells[1]) for attrs, cells in found["consultations"] if "data-row" in attrs
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
            assert number(cells[1]) == rated[cap]
            assert number(cells[3]) == sum(map(stale, current_of(groups, cap)))
    markup = page(site, f"{lang}coverage").read_text(encoding="utf-8")
    listed = dict(re.findall(r'<li data-entity="([^"]+)" data-count="(\d+)">', markup))
    assert listed == {g.slug: str(len(g.current)) for g in groups if len(g.current) < 10}


def test_home_answers_match_their_pages_and_the_recount(world, lang):
    site, catalog, groups = world
    answers = home_answers(site / lang / "index.html")
    for cap in ("wikidata", "social-media", "strategy"):
        ratings = current_of(groups, cap)
        said = (sum(map(has, ratings)), len(ratings), sum(map(fragile, ratings)), sum(map(stale, ratings)))
        assert answers[f"capacities/{cap}/"] == Counter(said), cap
    ratings = [r for g in groups for r in g.current.values()]
    made = Counter(r["snap"]["consultation"] for r in ratings)
    said = (len(ratings), sum(map(stale, ratings)), *made.values(), sum(map(provisional, ratings)))
    assert answers["coverage/"] == Counter(said)
    if not lang:
        home = text(site / "index.html")
        wikidata = current_of(groups, "wikidata")
        assert f"{sum(map(has, wikidata)):,} of {len(wikidata):,} assessed groups" in home
        assert f"Of the {len(ratings):,} current ratings, {sum(map(stale, ratings)):,} are stale" in home
