"""Capacity and region pages of a synthetic atlas: every number equals the recount in tests/recount.py."""

from __future__ import annotations

import re
from collections import Counter

from recount import (  # the independent recount; `world` is its fixture in conftest.py
    ORDER,
    counts,
    current_of,
    firm,
    fragile,
    gap,
    has,
    mentor,
    one_person,
    page,
    provisional,
    stale,
    tables,
    text,
)

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
