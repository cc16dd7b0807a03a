"""The pieces incremental builds are made of, on their own: digests of plain data, watched reads, the
inputs pages declare, an empty chart."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from handmade import group, make_atlas

import atlas.site.charts
from atlas.analysis.peers import peer_numbers
from atlas.build.inputs import Digests, EntityLookup, Names, Opaque, Ratings, Reads, Watched


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


def test_ratings_change_with_their_capacities_only_and_say_each_capacity_once(folder, catalog):
    """A capacity page's inputs (Ratings) follow that capacity's ratings; pages listed together share
    what is said of each capacity, and sharing it says the same as not sharing it."""

    def atlas_of(wikidata: str, bots: str, name: str = "Group A"):
        rated = {
            "wikidata": f"{{level: {wikidata}, robustness: low}}",
            "bots": f"{{level: {bots}, robustness: low}}",
        }
        return make_atlas(folder, catalog, {"ga.yaml": group(name, ["ceeca"], [("2026-01-10", rated)])})

    def text(atlas, capacities, said=None) -> str:
        return Ratings(atlas.entities, capacities, said).text()

    before = atlas_of("low", "low")
    assert text(atlas_of("low", "high"), ["wikidata"]) == text(before, ["wikidata"])
    assert text(atlas_of("high", "low"), ["wikidata"]) != text(before, ["wikidata"])
    assert text(atlas_of("low", "high"), ["wikidata", "bots"]) != text(before, ["wikidata", "bots"])
    assert text(atlas_of("low", "low", "Group Alpha"), ["wikidata"]) != text(before, ["wikidata"])
    said: dict[str, str] = {}
    assert text(before, ["wikidata", "bots"], said) == text(before, ["wikidata", "bots"])
    assert set(said) == {"wikidata", "bots"}
    said["wikidata"] = "said before"  # a second page with the same `said` takes it as it is
    assert "said before" in text(before, ["wikidata"], said)


def test_a_groups_peer_numbers_change_with_the_levels_of_its_peers_only(folder, catalog):
    """The peers page's key (peer_numbers) changes when a peer of the same kind or region moves on a
    capacity the group rated, and not for a capacity it did not rate."""
    mine = group("Mine", ["ceeca"], [("2026-01-10", {"wikidata": "{level: low, robustness: low}"})])

    def numbers(peer_wikidata: str, peer_bots: str, kind="user-group", regions=("mena",)) -> str:
        rated = {
            "wikidata": f"{{level: {peer_wikidata}, robustness: low}}",
            "bots": f"{{level: {peer_bots}, robustness: low}}",
        }
        peer = group("Peer", list(regions), [("2026-01-10", rated)], kind=kind)
        return peer_numbers(make_atlas(folder, catalog, {"mine.yaml": mine, "peer.yaml": peer}), "mine")

    before = numbers("medium", "low")  # same kind, another region
    assert numbers("medium", "high") == before
    assert numbers("high", "low") != before
    in_region = numbers("medium", "low", kind="chapter", regions=("ceeca",))  # another kind, same region
    assert numbers("medium", "high", kind="chapter", regions=("ceeca",)) == in_region
    assert numbers("high", "low", kind="chapter", regions=("ceeca",)) != in_region
