"""The numbers behind every picture equal an independent recount from the YAML files (tests/recount.py's
way: yaml.safe_load and the contract's definitions), and the pictures are well-formed and repeatable."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

import pytest
import yaml
from constants import AS_OF, ROOT
from recount import ORDER, Group, peer_sets

from atlas.analysis.answers import SMALL_N
from atlas.analysis.peers import (
    capacity_by_region,
    groups_by_country,
    groups_by_region,
    peer_shares,
    region_countries,
)
from atlas.analysis.state import open_atlas
from atlas.site.countryregions import REGION_COUNTRIES
from atlas.site.maps import MapValue, draw_map
from atlas.site.peerview import peer_picture
from atlas.site.profile import draw_profile
from atlas.site.timeline import draw_changes
from atlas.tools.synth import synthesize

CATALOG = ROOT / "content" / "catalog"


@pytest.fixture(scope="module")
def small_world(tmp_path_factory):
    """40 fictional groups, each given one or two countries of its own regions, opened and read back."""
    from atlas.ingest.catalog import load_catalog

    folder = tmp_path_factory.mktemp("pictures") / "assessments"
    synthesize(load_catalog(CATALOG), 40, seed=5, out=folder, as_of=AS_OF)
    for i, path in enumerate(sorted(folder.glob("*.yaml"))):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        places = [c for r in data["regions"] if r in REGION_COUNTRIES for c in REGION_COUNTRIES[r].split()]
        if places:
            data["countries"] = sorted({places[i % len(places)], places[(3 * i) % len(places)]})
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    atlas = open_atlas(CATALOG, folder, AS_OF)
    return atlas, [Group(p) for p in sorted(folder.glob("*.yaml"))]


def test_groups_by_region_and_country_are_recounted(small_world):
    atlas, groups = small_world
    assert groups_by_region(atlas) == {r: sum(r in g.regions for g in groups) for r in atlas.catalog.regions}
    countries = Counter(c for g in groups for c in g.data.get("countries", []))
    assert groups_by_country(atlas) == dict(sorted(countries.items()))
    for region in atlas.catalog.regions:
        here = Counter(c for g in groups if region in g.regions for c in g.data.get("countries", []))
        assert region_countries(atlas, region) == dict(sorted(here.items()))


def test_the_capacity_map_by_region_is_recounted_and_drawn_with_its_numbers(small_world):
    atlas, groups = small_world
    for cap in atlas.catalog.capacities:
        expected = {}
        for region in atlas.catalog.regions:
            rated = [g.current[cap] for g in groups if region in g.regions and cap in g.current]
            if rated:
                expected[region] = (sum(r["level"] in ("medium", "high") for r in rated), len(rated))
        assert capacity_by_region(atlas, cap) == expected
    values = {r: MapValue(has / n, n) for r, (has, n) in capacity_by_region(atlas, "wikidata").items()}
    picture = draw_map(values, ident="w", title="Wikidata", by="region", share=True)
    assert [(row[0], float(row[2]), row[3]) for row in picture.rows] == [
        (r, pytest.approx(v.value, abs=5e-4), v.n) for r, v in values.items()
    ]
    assert picture.csv.count("\n") == len(values) + 1
    ET.fromstring(picture.markup)


def test_peer_shares_are_recounted_with_their_n_and_small_flags(small_world):
    atlas, groups = small_world
    by_slug = {g.slug: g for g in groups}
    flagged = 0
    for entity in atlas.entities[:12]:
        me = by_slug[entity.slug]
        shares = peer_shares(atlas, entity.slug)
        expected = []
        for cap in atlas.catalog.capacities:
            if cap not in me.current:
                continue
            for by, peers, members in peer_sets(groups, me, cap):
                levels = Counter(g.current[cap]["level"] for g in members)
                expected.append((cap, by, peers, me.current[cap]["level"], [levels[lv] for lv in ORDER]))
        got = [(s.capacity, s.by, s.peers, s.level, [s.levels[lv] for lv in ORDER]) for s in shares]
        assert got == expected
        for s in shares:
            assert s.small == (s.n < SMALL_N)
            flagged += s.small
            if s.n:
                assert sum(s.share(lv) for lv in ORDER) == pytest.approx(1)
        rows = peer_picture(shares, title="Peers").rows
        assert [(r[0], r[-2], r[-1]) for r in rows] == [(s.capacity, s.n, int(s.small)) for s in shares]
    assert flagged  # 40 groups in six kinds and nine regions: some peer sets are small


def test_the_profile_shows_every_capacity_once_with_the_recounted_rating(small_world):
    atlas, groups = small_world
    for group in groups[:8]:
        picture = draw_profile(atlas.catalog, atlas.current[group.slug], ident="p", title="Profile")
        assert [row[1] for row in picture.rows] == list(atlas.catalog.capacities)
        for _, cap, level, robustness in picture.rows:
            rating = group.current.get(cap)
            assert (level, robustness) == (
                (rating["level"], rating.get("robustness")) if rating else (None, None)
            )
            assert picture.markup.count(f'data-capacity="{cap}"') == 1
        assert picture.markup.count("pp-blank") == sum(
            1 for c in atlas.catalog.capacities if c not in group.current
        )
        ET.fromstring(picture.markup)  # well-formed, so it can be inlined as XHTML too
        assert f"{len(group.current)} of the catalog's {len(atlas.catalog.capacities)}" in picture.description


def test_the_change_picture_is_recounted_from_the_snapshots(small_world):
    atlas, groups = small_world
    drawn = 0
    for group in groups:
        if len(group.snapshots) < 2:
            continue
        entity = atlas.entity_by_slug[group.slug]
        dates = [s.date for s in entity.snapshots]
        picture = draw_changes(atlas.catalog, atlas.histories[group.slug], dates, ident="c", title="Change")
        moved = [
            cap for cap in atlas.catalog.capacities if len({lv for _, lv in group.paths.get(cap, [])}) > 1
        ]
        expected = [(cap, str(d), lv) for cap in moved for d, lv in group.paths[cap]]
        assert [row[:3] for row in picture.rows] == expected
        root = ET.fromstring(picture.markup)
        circles = root.findall(".//{http://www.w3.org/2000/svg}circle")  # a panel per capacity that moved
        assert root.get("role") == "img" and len(circles) == len(expected)
        assert len(root.findall(".//{http://www.w3.org/2000/svg}svg")) == len(moved)
        assert (
            picture.markup
            == draw_changes(
                atlas.catalog, atlas.histories[group.slug], dates, ident="c", title="Change"
            ).markup
        )
        drawn += bool(moved)
    assert drawn
