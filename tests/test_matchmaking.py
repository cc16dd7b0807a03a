"""Matchmaking on hand-made groups whose right peers are worked out here."""

from __future__ import annotations

from constants import AS_OF, ROOT
from handmade import group, make_atlas

from atlas.analysis.matchmaking import PEERS_PER_GAP, Matchmaker, is_mentor, preference
from atlas.analysis.state import open_atlas
from atlas.tools.synth import synthesize

RECENT, OLD = "2026-06-01", "2023-01-01"


def one(name, regions, bots, date=RECENT, **fields):
    return group(name, regions, [(date, {"bots": bots})], **fields)


FILES = {
    # G needs bots (low); it is in nwe and writes sv.
    "gap.yaml": one("Gap", ["nwe"], "{level: low}", languages=["sv"]),
    # Mentors (high, robustness medium or high):
    "m1.yaml": one("M1 near fresh", ["nwe"], "{level: high, robustness: high}"),
    "m2.yaml": one("M2 language", ["ssa"], "{level: high, robustness: medium}", languages=["sv", "fi"]),
    "m3.yaml": one("M3 far", ["ssa"], "{level: high, robustness: high}"),
    "m6.yaml": one("M6 near stale", ["nwe"], "{level: high, robustness: high}", date=OLD),
    "m7.yaml": one("M7 far", ["lac"], "{level: high, robustness: high}"),
    # Not mentors: high but fragile; medium; high without a robustness rating.
    "x4.yaml": one("X4 fragile", ["nwe"], "{level: high, robustness: low}"),
    "x5.yaml": one("X5 medium", ["nwe"], "{level: medium, robustness: high}"),
    "x8.yaml": one("X8 unrated robustness", ["nwe"], "{level: high}"),
    # Far away, no languages: gets the best mentors anywhere.
    "lone.yaml": one("Lone", ["mena"], "{level: none}"),
}


def names(peers):
    return [peer.entity.name for peer in peers]


def test_near_mentors_come_first_then_fresh_and_robust(folder, catalog):
    atlas = make_atlas(folder, catalog, FILES)
    matcher = Matchmaker(atlas)
    gap = atlas.entity_by_slug["gap"]
    # near (same region or shared language): M1 (fresh, high), M2 (fresh, medium), M6 (stale);
    # far M3 and M7 would only come after them, and the limit is three.
    peers = matcher.peers(gap, "bots")
    assert names(peers) == ["M1 near fresh", "M2 language", "M6 near stale"]
    assert [(p.same_region, p.languages) for p in peers] == [(True, ()), (False, ("sv",)), (True, ())]
    assert matcher.peers_for_gaps(atlas, gap) == {"bots": peers}


def test_without_near_mentors_the_best_anywhere_are_offered(folder, catalog):
    atlas = make_atlas(folder, catalog, FILES)
    lone = atlas.entity_by_slug["lone"]
    # fresh and high robustness first (M1, M3, M7 by name), then M2 (medium), then M6 (stale)
    assert names(Matchmaker(atlas).peers(lone, "bots", limit=5)) == [
        "M1 near fresh",
        "M3 far",
        "M7 far",
        "M2 language",
        "M6 near stale",
    ]
    assert all(not p.near for p in Matchmaker(atlas).peers(lone, "bots"))


def test_a_mentor_is_high_with_medium_or_high_robustness_and_never_its_own_peer(folder, catalog):
    atlas = make_atlas(folder, catalog, FILES)
    matcher = Matchmaker(atlas)
    assert sorted(r.entity.slug for r in matcher.mentors["bots"]) == ["m1", "m2", "m3", "m6", "m7"]
    assert not any(is_mentor(r) for r in atlas.raters["bots"] if r.entity.slug.startswith("x"))
    m1 = atlas.entity_by_slug["m1"]
    assert "M1 near fresh" not in names(matcher.peers(m1, "bots", limit=10))
    assert matcher.peers_for_gaps(atlas, m1) == {}  # high is no gap
    assert matcher.peers(m1, "lua") == []  # nobody holds lua


def test_entity_and_capacity_pages_name_the_peers(folder, build):
    site = build(folder(FILES))
    page = (site / "communities" / "gap" / "index.html").read_text(encoding="utf-8")
    cell = page[page.index('<dd data-capacity="bots">') :].split("</dd>")[0]
    assert [part.split('"')[0] for part in cell.split('data-peer="')[1:]] == ["m1", "m2", "m6"]
    capacity = (site / "capacities" / "bots" / "index.html").read_text(encoding="utf-8")
    mentors = capacity[capacity.index('<ul class="mentors">') :].split("</ul>")[0]
    assert mentors.count("<li ") == 5 and "X4 fragile" not in mentors


def test_peers_are_the_best_near_mentors_then_the_best_others_for_every_gap(tmp_path, catalog):
    """Against the plain definition, on synthetic groups with shared regions and languages."""
    synthesize(catalog, 160, seed=4, out=tmp_path / "many", as_of=AS_OF)
    atlas = open_atlas(ROOT / "content" / "catalog", tmp_path / "many", AS_OF)
    matcher, checked = Matchmaker(atlas), 0
    for entity in atlas.entities:
        for cap, peers in matcher.peers_for_gaps(atlas, entity).items():
            mentors = sorted(
                (r for r in atlas.raters[cap] if is_mentor(r) and r.entity.slug != entity.slug),
                key=preference,
            )
            near = [
                r
                for r in mentors
                if set(r.entity.regions) & set(entity.regions)
                or set(r.entity.languages) & set(entity.languages)
            ]
            expected = (near + [r for r in mentors if r not in near])[:PEERS_PER_GAP]
            assert [p.rating for p in peers] == expected, (entity.slug, cap)
            checked += 1
    assert checked > 500
