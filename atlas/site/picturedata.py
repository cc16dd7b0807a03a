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
from atlas.site.maps import MapValue, draw_map
from atlas.site.peerview import peer_picture
from atlas.site.profile import draw_profile
from atlas.site.timeline import draw_changes
from atlas.site.urls import Urls

Files = Sequence[tuple[str, Callable[[], str]]]


def entity_files(atlas: Atlas, entity) -> Files:
    """The profile, the peers and (with two snapshots or more) the change over time of a group."""
    page = Urls.entity(entity.slug)
    found = [
        (Urls.picture_data(page, "profile"), partial(_profile, atlas, entity.slug)),
        (Urls.picture_data(page, "peers"), partial(_peers, atlas, entity.slug)),
    ]
    if len(entity.snapshots) > 1:
        found.append((Urls.picture_data(page, "changes"), partial(_changes, atlas, entity.slug)))
    return found


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
    make = partial(_map, partial(region_countries, region=region_id), atlas, focus=region_focus(region_id))
    return [(Urls.picture_data(Urls.region(region_id), "map"), make)]


def _profile(atlas: Atlas, slug: str) -> str:
    return draw_profile(atlas.catalog, atlas.current[slug], ident="profile", title="").csv


def _peers(atlas: Atlas, slug: str) -> str:
    return peer_picture(peer_shares(atlas, slug), title="").csv


def _changes(atlas: Atlas, slug: str) -> str:
    dates = [snap.date for snap in atlas.entity_by_slug[slug].snapshots]
    return draw_changes(atlas.catalog, atlas.histories[slug], dates, ident="changes", title="").csv


def region_focus(region_id: str) -> tuple[str, ...] | None:
    """The countries a region's map is cropped to (none for a region without countries: the world)."""
    return tuple(REGION_COUNTRIES.get(region_id, "").split()) or None


def capacity_map_values(tallies: dict[str, tuple[int, int]]) -> dict[str, MapValue]:
    """Per region: the share of groups with the capacity (medium or high) of those that rated it, and n."""
    return {region: MapValue(has / rated, rated) for region, (has, rated) in tallies.items() if rated}


def _region_names(atlas: Atlas) -> dict[str, str]:
    return {region_id: region.name for region_id, region in atlas.catalog.regions.items()}


def _map(values: Callable, atlas: Atlas, names=None, by: str = "country", focus=None) -> str:
    return draw_map(values(atlas), ident="m", title="", by=by, focus=focus, names=names).csv


def _capacity_map(atlas: Atlas, cap_id: str) -> str:
    values = capacity_map_values(capacity_by_region(atlas, cap_id))
    return draw_map(values, ident="m", title="", by="region", share=True, names=_region_names(atlas)).csv
