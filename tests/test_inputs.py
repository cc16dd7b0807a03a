"""The pieces incremental builds are made of, on their own: digests of plain data, watched reads, an
empty chart."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from handmade import group, make_atlas

import atlas.site.charts
from atlas.build.inputs import Digests, EntityLookup, Names, Opaque, Reads, Watched


def test_a_chart_without_rows_draws_cleanly():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        svg = atlas.site.charts.draw(atlas.site.charts.BarChart("Bots: current levels by region", ()))
    assert "Bots: current levels by region" in svg


def test_digests_are_stable_and_refuse_objects_with_behaviour(catalog):
    assert Digests().of({"a": [1, dt.date(2020, 1, 1)], "b": catalog}) == Digests().of(
        {"a": [1, dt.date(2020, 1, 1)], "b": catalog}
    )
    assert Digests().of(["1"]) != Digests().of([1])
    assert Digests().of({"x", "y"}) == Digests().of({"y", "x"})
    with pytest.raises(Opaque):
        Digests().of({"atlas": object()})


class Stand:
    as_of = "2026-11-21"
    entities = ("a", "b")
    entity_by_slug = {"a": 1, "b": 2}


def test_watched_globals_note_what_a_page_reads():
    reads = Reads()
    atlas = Watched(Stand(), reads, fixed={"as_of"}, lookups={"entity_by_slug"})
    assert atlas.as_of == "2026-11-21" and not reads.everything
    lookup = atlas.entity_by_slug
    assert isinstance(lookup, EntityLookup) and lookup["b"] == 2
    assert reads.entities == {"b"} and not reads.everything
    assert len(atlas.entities) == 2 and reads.everything


def test_names_change_with_a_name_or_a_new_group_and_not_with_ratings(folder, catalog):
    """The form page declares only who the groups are (Names): a rating edit leaves it as it was."""

    def names(files: dict[str, str]) -> str:
        return Names(make_atlas(folder, catalog, files).entities).text()

    rated = {"wikidata": "{level: low, robustness: low}"}
    first = {"ga.yaml": group("Group A", ["ceeca"], [("2026-01-10", rated)])}
    before = names(first)
    rerated = {"wikidata": "{level: high, robustness: medium}"}
    assert names({"ga.yaml": group("Group A", ["ceeca"], [("2026-01-10", rerated)])}) == before
    assert names({"ga.yaml": group("Group Alpha", ["ceeca"], [("2026-01-10", rated)])}) != before
    assert names({**first, "gb.yaml": group("Group B", ["mena"], [("2026-01-10", rated)])}) != before
