"""The numbers behind every picture, as each picture's CSV beside its page gives them, equal an
independent recount from the YAML files (tests/recount.py's way: yaml.safe_load and the contract's
definitions, nothing from the atlas package but the synthesizer and the build)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
import yaml
from constants import AS_OF, ROOT
from recount import ORDER, Group, has, peer_sets

REGION_OF = {  # a few countries of each funding region, written out here rather than read from the atlas
    "ceeca": ["PL", "UA", "GE", "AM"],
    "eseap": ["ID", "PH", "AU"],
    "lac": ["BR", "MX", "AR"],
    "ssa": ["NG", "KE", "GH"],
    "mena": ["EG", "MA", "JO"],
    "sa": ["IN", "BD", "NP"],
    "na": ["US", "CA"],
    "nwe": ["DE", "FR", "SE"],
}


@pytest.fixture(scope="module")
def pictured(tmp_path_factory, chart_cache):
    """40 fictional groups, most naming a country or two of their regions, built into a site."""
    from atlas.build.runner import build_site
    from atlas.ingest.catalog import load_catalog
    from atlas.tools.synth import synthesize

    base = tmp_path_factory.mktemp("pictured")
    catalog = load_catalog(ROOT / "content" / "catalog")
    synthesize(catalog, 40, seed=7, out=base / "assessments", as_of=AS_OF)
    for i, path in enumerate(sorted((base / "assessments").glob("*.yaml"))):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        places = [c for region in data["regions"] for c in REGION_OF.get(region, [])]
        if places and i % 5:
            data["countries"] = sorted({places[i % len(places)], places[(2 * i) % len(places)]})
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    settings = {"ATLAS_CHART_CACHE": str(chart_cache)}
    build_site(base / "assessments", base / "site", AS_OF.isoformat(), ROOT / "pelicanconf.py", **settings)
    groups = [Group(path) for path in sorted((base / "assessments").glob("*.yaml"))]
    return base / "site", catalog, groups


def rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def share(count: int, n: int) -> float:
    return round(count / n, 3)


def test_the_home_page_maps_are_recounted(pictured):
    site, catalog, groups = pictured
    by_region = {row["region"]: int(row["value"]) for row in rows(site / "groups-by-region.csv")}
    assert by_region == {region: sum(region in g.regions for g in groups) for region in catalog.regions}
    by_country = {row["country"]: int(row["value"]) for row in rows(site / "groups-by-country.csv")}
    assert by_country == Counter(c for g in groups for c in g.data.get("countries", []))
    assert by_country, "some groups name countries"


def test_each_region_page_maps_its_groups_countries(pictured):
    site, catalog, groups = pictured
    for region in catalog.regions:
        found = {row["country"]: int(row["value"]) for row in rows(site / "regions" / region / "map.csv")}
        members = [g for g in groups if region in g.regions]
        assert found == Counter(c for g in members for c in g.data.get("countries", [])), region


def test_each_capacity_page_maps_the_share_with_it_by_region(pictured):
    site, catalog, groups = pictured
    for cap in catalog.capacities:
        found = {
            row["region"]: (float(row["value"]), int(row["n"]))
            for row in rows(site / "capacities" / cap / "map.csv")
        }
        expected = {}
        for region in catalog.regions:
            rated = [g.current[cap] for g in groups if region in g.regions and cap in g.current]
            if rated:
                expected[region] = (share(sum(map(has, rated)), len(rated)), len(rated))
        assert found == expected, cap


def test_each_group_s_profile_peers_and_changes_are_recounted(pictured):
    site, catalog, groups = pictured
    several = 0
    for g in groups:
        folder = site / "communities" / g.slug
        profile = {row["capacity"]: (row["level"], row["robustness"]) for row in rows(folder / "profile.csv")}
        assert list(profile) == list(catalog.capacities)
        for cap, (level, robustness) in profile.items():
            r = g.current.get(cap)
            assert (level, robustness) == ((r["level"], r.get("robustness") or "") if r else ("", "")), cap

        expected = []
        for cap in catalog.capacities:
            if cap not in g.current:
                continue
            for by, peers, members in peer_sets(groups, g, cap):
                levels = Counter(o.current[cap]["level"] for o in members)
                n = len(members)
                shares = [str(share(levels[lv], n)) if n else "" for lv in ORDER]
                expected.append([cap, by, peers, g.current[cap]["level"], *shares, str(n), str(int(n < 5))])
        found = [list(row.values()) for row in rows(folder / "peers" / "peers.csv")]
        assert list(map(_plain, found)) == list(map(_plain, expected)), g.slug

        changes = folder / "changes.csv"
        if len(g.snapshots) < 2:
            assert not changes.exists()
            continue
        several += 1
        moved = [
            cap for cap in catalog.capacities
            if cap in g.paths and len({level for _, level in g.paths[cap]}) > 1 and _changed(g.paths[cap])
        ]  # fmt: skip
        expected_rows = [
            [
                cap,
                snap["date"].isoformat(),
                snap["ratings"][cap]["level"],
                snap["ratings"][cap].get("robustness") or "",
            ]
            for cap in moved
            for snap in g.snapshots
            if cap in snap["ratings"]
        ]
        assert [list(row.values()) for row in rows(changes)] == expected_rows, g.slug
    assert several, "some groups have two snapshots or more"


def _changed(path: list) -> bool:
    """A level that went up or down from one rating to the next at least once."""
    return any(a[1] != b[1] for a, b in zip(path, path[1:], strict=False))


def _plain(row: list[str]) -> list:
    """A peers row with its shares as numbers (the CSV writes 0.5 and 0, the recount 0.5 and 0.0)."""
    return row[:4] + [float(v) if v else None for v in row[4:8]] + row[8:]
