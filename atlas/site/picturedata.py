"""Each picture's numbers as a CSV file beside its page (one file for every language: ids, not words,
but for the English names of places on the maps), made from the same rows as the picture.

Each function gives (path, make) pairs; a page lists them as its `files`, made from the page's own
declared inputs, so a rebuild rewrites them only when the page's inputs change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from atlas.analysis.peers import (
    capacity_by_region,
    groups_by_country,
    groups_by_region,
    peer_shares,
    region_countries,
)
from atlas.analysis.state import Atlas
from atlas.site.countryregions import REGION_COUNTRIES
from atlas.site.maps import MapValue, country_names, map_table
from atlas.site.peerview import peer_picture
from atlas.site.pictures import Picture
from atlas.site.profile import PROFILE_HEADER, profile_rows
from atlas.site.timeline import CHANGE_HEADER, change_rows
from atlas.site.urls import Urls

Files = Sequence[tuple[str, Callable[[], str]]]


def entity_files(atlas: Atlas, entity) -> Files:
    """The profile and (with two snapshots or more) the change over time of a group."""
    page = Urls.entity(entity.slug)
    found = [(Urls.picture_data(page, "profile"), partial(_profile, atlas, entity.slug))]
    if len(entity.snapshots) > 1:
        found.append((Urls.picture_data(page, "changes"), partial(_changes, atlas, entity.slug)))
    return found


def peer_files(atlas: Atlas, entity) -> Files:
    """A group beside its peers (on a page of its own)."""
    return [(Urls.picture_data(Urls.entity_peers(entity.slug), "peers"), partial(_peers, atlas, entity.slug))]


def home_files(atlas: Atlas) -> Files:
    regions = _region_names(atlas)
    return [
        (
            Urls.picture_data("", "groups-by-region"),
            partial(_map, groups_by_region, atlas, regions, "region"),
        ),
        (Urls.picture_data("", "groups-by-country"), partial(_map, groups_by_country, atlas)),
    ]


def capacity_files(atlas: Atlas, cap_id: str) -> Files:
    return [(Urls.picture_data(Urls.capacity(cap_id), "map"), partial(_capacity_map, atlas, cap_id))]


def region_files(atlas: Atlas, region_id: str) -> Files:
    make = partial(_map, partial(region_countries, region=region_id), atlas)
    return [(Urls.picture_data(Urls.region(region_id), "map"), make)]


def _csv(header: tuple[str, ...], rows: tuple[tuple, ...]) -> str:
    return Picture("", "", "", header, rows).csv


def _profile(atlas: Atlas, slug: str) -> str:
    return _csv(PROFILE_HEADER, profile_rows(atlas.catalog, atlas.current[slug]))


def _peers(atlas: Atlas, slug: str) -> str:
    return peer_picture(peer_shares(atlas, slug), title="").csv


def _changes(atlas: Atlas, slug: str) -> str:
    return _csv(CHANGE_HEADER, change_rows(atlas.catalog, atlas.histories[slug]))


def region_focus(region_id: str) -> tuple[str, ...] | None:
    """The countries a region's map is cropped to (none for a region without countries: the world)."""
    return tuple(REGION_COUNTRIES.get(region_id, "").split()) or None


def capacity_map_values(tallies: dict[str, tuple[int, int]]) -> dict[str, MapValue]:
    """Per region: the share of groups with the capacity (medium or high) of those that rated it, and n."""
    return {region: MapValue(has / rated, rated) for region, (has, rated) in tallies.items() if rated}


def _region_names(atlas: Atlas) -> dict[str, str]:
    return {region_id: region.name for region_id, region in atlas.catalog.regions.items()}


def _map(values: Callable, atlas: Atlas, names=None, by: str = "country") -> str:
    return _csv(*map_table(values(atlas), by, False, country_names() if names is None else names))


def _capacity_map(atlas: Atlas, cap_id: str) -> str:
    values = capacity_map_values(capacity_by_region(atlas, cap_id))
    return _csv(*map_table(values, "region", True, _region_names(atlas)))
