"""The pictures in real builds: a group's peers page shows its peers' numbers again when a peer's rating
changes (declared as Peers' numbers, checked with ATLAS_CHECK_INPUTS), and each picture's CSV beside
its page follows; the group's own page, which shows no peer's numbers, is left as it was."""

from __future__ import annotations

import csv
import io

from constants import AS_OF, ROOT
from rebuilds import cold_files, files, inodes
from yamledits import append_session, read_info, write_info

from atlas.analysis.answers import answers_of
from atlas.analysis.state import open_atlas


def test_a_peer_changing_level_updates_the_group_s_peers_page_and_its_csv_alone(build, data, tmp_path):  # noqa: F811
    atlas = open_atlas(ROOT / "content" / "catalog", data, AS_OF)
    matcher = answers_of(atlas).matchmaker

    def mentors(entity) -> set[str]:  # the peers a group's page names for its gaps: declared already
        return {e.slug for found in matcher.gap_mentors(atlas, entity).values() for e in found}

    group, peer, capacity = next(
        (entity, other, cap)
        for entity in atlas.entities
        for other in atlas.entities
        if other.slug != entity.slug and other.kind == entity.kind and other.slug not in mentors(entity)
        and entity.slug not in other.related
        for cap in atlas.current[entity.slug]
        if cap in atlas.current[other.slug]
    )  # fmt: skip
    site = build(data, tmp_path / "site", tmp_path / "cache")
    own = site / "communities" / group.slug / "index.html"
    page = site / "communities" / group.slug / "peers" / "index.html"
    table = site / "communities" / group.slug / "peers" / "peers.csv"
    before, identities = files(site), inodes(site)

    path = data / f"{peer.slug}.yaml"
    info = read_info(path)
    old = atlas.current[peer.slug][capacity].level
    new = "low" if old == "none" else "none"  # never high: the peer does not become a mentor either
    rating = {"level": new} if new == "none" else {"level": new, "robustness": "medium"}
    append_session(info, {capacity: rating})
    write_info(path, info)
    build(data, site, tmp_path / "cache")  # checked: a page that shows more than it declares stops it

    after = files(site)
    assert after[page.relative_to(site).as_posix()] != before[page.relative_to(site).as_posix()]
    rows = [row for row in csv.DictReader(io.StringIO(table.read_text())) if row["capacity"] == capacity]
    kind_row = next(row for row in rows if row["by"] == "kind")
    mine = atlas.current[group.slug][capacity].level
    peers_now = [
        e for e in atlas.entities if e.slug not in (group.slug, peer.slug) and e.kind == group.kind
        and capacity in atlas.current[e.slug]
    ]  # fmt: skip
    at_new = sum(atlas.current[e.slug][capacity].level == new for e in peers_now) + 1
    assert int(kind_row["n"]) == len(peers_now) + 1 and kind_row["level"] == mine
    assert float(kind_row[f"share_{new}"]) == round(at_new / (len(peers_now) + 1), 3)
    assert after == cold_files(build, data, tmp_path)
    now = inodes(site)
    own_page = own.relative_to(site).as_posix()
    assert now[own_page] == identities[own_page], "the group's own page shows no peer's numbers: kept"
    kept = [name for name in after if name.endswith("peers.csv") and identities.get(name) == now[name]]
    assert kept, "the peers' tables of groups the change does not touch are kept as they were"
