"""Capacity and region pages of a synthetic atlas, in English and in Arabic (the `lang` fixture): every
number equals the recount in tests/recount.py. English sentences are matched whole; a translation's
sentences must say the same numbers."""

from __future__ import annotations

import re
from collections import Counter

from recount import (  # the independent recount; `world` is its fixture in conftest.py
    ORDER,
    STALE_DAYS,
    counts,
    current_of,
    firm,
    fragile,
    gap,
    has,
    mentor,
    numbers_in,
    one_person,
    page,
    provisional,
    stale,
    tables,
    text,
)

# -- capacity pages -----------------------------------------------------------------------------------


def test_capacity_pages_open_with_recounted_numbers(world, lang):
    site, catalog, groups = world
    for cap in catalog.capacities:
        ratings = current_of(groups, cap)
        capacity_page = page(site, f"{lang}capacities/{cap}")
        opening = (
            sum(map(has, ratings)),
            len(ratings),
            sum(map(fragile, ratings)),
            sum(map(stale, ratings)),
        )
        caution = (
            len(ratings),
            sum(map(stale, ratings)),
            sum(map(one_person, ratings)),
            sum(map(provisional, ratings)),
        )
        firm_ones = [r for r in ratings if firm(r)]
        firm_counts = (sum(map(has, firm_ones)), len(firm_ones), sum(map(fragile, firm_ones)))
        unrated = (len(groups) - len(ratings), len(groups))
        if lang:
            if ratings:
                assert numbers_in(capacity_page, "answer") == Counter(opening + unrated), cap
                assert numbers_in(capacity_page, "firm") == Counter(caution + firm_counts), cap
            continue
        words = text(capacity_page)
        found = re.search(
            r"(\d+) of (\d+) assessed groups? (?:has|have) .*? at medium or high; (\d+) of them (?:is|are) "
            r"fragile \(low robustness\); (\d+) ratings? (?:is|are) stale\.",
            words,
        )
        assert found, cap
        assert tuple(map(int, found.groups())) == opening, cap
        said = re.search(
            r"Of these (\d+) ratings?, (\d+) (?:is|are) stale, (\d+) (?:is|are) one person's view and (\d+) "
            r"(?:is|are) provisional\.",
            words,
        )
        assert tuple(map(int, said.groups())) == caution, cap
        firm_found = re.search(
            r"provisional\): (\d+) of (\d+) have it at medium or high, (\d+) of them", words
        )
        assert tuple(map(int, firm_found.groups())) == firm_counts, cap


def test_capacity_pages_list_recounted_mentors_and_ideas(world, lang):
    site, catalog, groups = world
    for cap in catalog.capacities:
        ratings = current_of(groups, cap)
        markup = page(site, f"{lang}capacities/{cap}").read_text(encoding="utf-8")
        mentors = markup[markup.index('id="mentors"') : markup.index('id="ideas"')]
        assert mentors.count("<li ") == sum(map(mentor, ratings)), cap
        ideas = sum(1 for g in groups for s in g.snapshots if s["ratings"].get(cap, {}).get("idea"))
        ideas_html = markup[markup.index('id="ideas"') :]
        assert ideas_html.count("<q ") == ideas, cap


def test_capacity_trend_per_year_is_recounted(world, lang):
    site, catalog, groups = world
    for cap in list(catalog.capacities)[::7]:
        rows = tables(page(site, f"{lang}capacities/{cap}"))
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


def test_region_rankings_are_recounted_and_compared_with_the_movement(world, lang):
    site, catalog, groups = world
    for region in catalog.regions:
        region_page = page(site, f"{lang}regions/{region}")
        found = tables(region_page)
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
                assert ("data-small-n" in attrs) == (len(here) < 5), (region, cap)
                shares.append(sum(map(wanted, here)) / len(here))
            assert shares == sorted(shares, reverse=True), region
        if members:
            ratings = [r for g in members for r in g.current.values()]
            trust = (len(ratings), len(members), sum(map(stale, ratings)), sum(map(one_person, ratings)))
            if lang:
                rated = {cap for g in members for cap in g.current}
                small = sum(len(current_of(groups, cap, region)) < 5 for cap in rated)
                said = Counter((*trust, STALE_DAYS) + ((small, len(rated), 5) if small else ()))
                assert numbers_in(region_page, "trust-note") == said, region
                continue
            note = text(region_page)
            expected = (
                f"These figures rest on {trust[0]} current ratings by {trust[1]} groups: "
                f"{trust[2]} of them are stale"
            )
            assert expected in note
            assert f"and {trust[3]} are one person's view" in note


def test_cross_region_table_is_recounted(world, lang):
    site, catalog, groups = world
    rows = tables(page(site, f"{lang}gaps-by-region"))["cross-region"]
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
