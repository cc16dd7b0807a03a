"""The analysis core, on small hand-made entities whose right answers are worked out here."""

from __future__ import annotations

import datetime as dt

from constants import AS_OF

from atlas.analysis.state import Atlas, current_ratings, history
from atlas.ingest.loading import load_assessments
from atlas.model.vocab import has_capacity, is_fragile, is_gap, is_stale


def entity_file(regions, snapshots):
    lines = ["name: Group", "kind: chapter", f"regions: [{', '.join(regions)}]", "snapshots:"]
    for date, ratings in snapshots:
        lines += [f"  - date: {date}", "    assessed_by: Board", "    consultation: group", "    ratings:"]
        lines += [f"      {cap}: {rating}" for cap, rating in ratings.items()]
    return "\n".join(lines) + "\n"


def test_definitions():
    assert [has_capacity(x) for x in ("none", "low", "medium", "high")] == [False, False, True, True]
    assert [is_gap(x) for x in ("none", "low", "medium", "high")] == [True, True, False, False]
    assert is_fragile("high", "low") and is_fragile("medium", "low")
    assert not is_fragile("low", "low") and not is_fragile("high", "medium") and not is_fragile("high", None)
    assert not is_stale(AS_OF - dt.timedelta(days=365), AS_OF)
    assert is_stale(AS_OF - dt.timedelta(days=366), AS_OF)


def load(folder, catalog, files):
    loaded = load_assessments(folder(files), catalog, AS_OF)
    assert loaded.problems == ()
    return Atlas(catalog, loaded.entities, AS_OF)


def test_current_rating_is_the_latest_snapshot_that_rates_the_capacity(folder, catalog):
    atlas = load(
        folder,
        catalog,
        {
            "group-a.yaml": entity_file(
                ["nwe"],
                [
                    ("2020-01-01", {"bots": "{level: low}", "lua": "{level: high, robustness: low}"}),
                    ("2026-01-01", {"bots": "{level: high, robustness: high}"}),
                ],
            )
        },
    )
    current = current_ratings(atlas.entities[0], AS_OF)
    assert current["bots"].level == "high" and not current["bots"].stale
    assert current["lua"].level == "high" and current["lua"].stale and current["lua"].fragile
    assert set(current) == {"bots", "lua"}
    path = history(atlas.entities[0])
    assert [(s.level, s.change) for s in path["bots"]] == [("low", "first"), ("high", "up")]


def test_tallies_count_each_entity_once_per_region(folder, catalog):
    atlas = load(
        folder,
        catalog,
        {
            "group-a.yaml": entity_file(["nwe", "ceeca"], [("2026-01-01", {"bots": "{level: medium}"})]),
            "group-b.yaml": entity_file(["nwe"], [("2020-01-01", {"bots": "{level: none}"})]),
            "group-c.yaml": entity_file(["ssa"], [("2026-01-01", {"lua": "{level: low}"})]),
        },
    )
    bots = atlas.capacity_tallies["bots"]
    assert bots.levels == {"none": 1, "low": 0, "medium": 1, "high": 0}
    assert (bots.assessed, bots.has, bots.gaps, bots.stale) == (2, 1, 1, 1)
    by_region = atlas.capacity_by_region("bots")
    assert list(by_region) == ["ceeca", "nwe"]  # catalog order, only regions with ratings
    assert by_region["nwe"].levels == {"none": 1, "low": 0, "medium": 1, "high": 0}
    assert by_region["ceeca"].assessed == 1
    assert atlas.not_assessed("bots") == 1
    assert atlas.capacity_tallies["wikidata"].assessed == 0
    assert atlas.rating_count == 3
    assert [e.slug for e in atlas.members["nwe"]] == ["group-a", "group-b"]
    assert atlas.regions_covered == 3
