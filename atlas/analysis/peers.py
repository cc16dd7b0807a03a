"""Where a group stands beside its peers, and how many groups there are by place: numbers only.

Peers are the other groups of the same kind (movement-wide), and the other groups of each of its
regions, with a current rating of the capacity. Every share comes with the n behind it and a flag
when n is below answers.SMALL_N.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from atlas.analysis.answers import SMALL_N, share
from atlas.analysis.state import Atlas, empty_levels
from atlas.model.vocab import LEVELS


@dataclass(frozen=True)
class PeerShare:
    """One capacity the group rated, against one set of peers (`by` is "kind" or "region")."""

    capacity: str
    by: str
    peers: str  # the kind, or the region id
    level: str  # the group's own current level
    levels: dict[str, int]  # peers at each level

    @cached_property
    def n(self) -> int:
        return sum(self.levels.values())

    @property
    def small(self) -> bool:
        return self.n < SMALL_N

    def share(self, level: str) -> float | None:
        return share(self.levels[level], self.n)

    @property
    def below(self) -> int:
        """Peers at a lower level than the group."""
        return sum(self.levels[lv] for lv in LEVELS[: LEVELS.index(self.level)])

    @property
    def above(self) -> int:
        return sum(self.levels[lv] for lv in LEVELS[LEVELS.index(self.level) + 1 :])


def peer_counts(atlas: Atlas) -> dict[tuple[str, str, str], dict[str, int]]:
    """Current ratings at each level, per (capacity, "kind", kind) and (capacity, "region", region):
    worked out once per atlas (`atlas.derive`); a group's peers are these less the group itself."""
    counts: dict[tuple[str, str, str], dict[str, int]] = {}
    for capacity, ratings in atlas.raters.items():
        for rating in ratings:
            entity = rating.entity
            keys = [(capacity, "kind", entity.kind)] + [(capacity, "region", r) for r in entity.regions]
            for key in keys:
                levels = counts.get(key)
                if levels is None:
                    levels = counts[key] = empty_levels()
                levels[rating.level] += 1
    return counts


def _peer_levels(atlas: Atlas, slug: str):
    """(capacity, by, peers, the group's level, peers at each level) for each capacity the group rated
    (catalog order): its kind's peers, then each region's."""
    entity = atlas.entity_by_slug[slug]
    mine = atlas.current[slug]
    counts = atlas.derive(peer_counts)
    sets = [("kind", entity.kind)] + [("region", region) for region in entity.regions]
    for capacity in atlas.catalog.capacities:
        rating = mine.get(capacity)
        if rating is None:
            continue
        level = rating.level
        for by, peers in sets:
            levels = dict(counts[capacity, by, peers])
            levels[level] -= 1  # the group itself is among the raters it is counted with
            yield capacity, by, peers, level, levels


def peer_shares(atlas: Atlas, slug: str) -> list[PeerShare]:
    """For each capacity the group rated (catalog order): its kind's peers, then each region's."""
    return [PeerShare(*found) for found in _peer_levels(atlas, slug)]


def peer_numbers(atlas: Atlas, slug: str) -> str:
    """What the group's "beside its peers" shows of other groups, as text for a page's key: the count at
    each level of every set of peers it stands in, itself included (its own ratings are in its file)."""
    entity, said = atlas.entity_by_slug[slug], atlas.derive(_counts_said)
    sets = [("kind", entity.kind)] + [("region", region) for region in entity.regions]
    return "\n".join(said[capacity, by, peers] for capacity in atlas.current[slug] for by, peers in sets)


def _counts_said(atlas: Atlas) -> dict[tuple[str, str, str], str]:
    """`peer_counts` as text, once per atlas."""
    counts = atlas.derive(peer_counts)
    return {key: " ".join([*key, *map(str, levels.values())]) for key, levels in counts.items()}


def groups_by_region(atlas: Atlas) -> dict[str, int]:
    """Assessed groups per region, in catalog order (a group in two regions counts in both)."""
    return {region: len(members) for region, members in atlas.members.items()}


def groups_by_country(atlas: Atlas) -> dict[str, int]:
    """Assessed groups per country they name, by country code."""
    return _by_country(atlas.entities)


def region_countries(atlas: Atlas, region: str) -> dict[str, int]:
    """The groups of one region per country they name, by country code."""
    return _by_country(atlas.members[region])


def _by_country(entities) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entity in entities:
        for country in entity.countries:
            counts[country] = counts.get(country, 0) + 1
    return dict(sorted(counts.items()))


def capacity_by_region(atlas: Atlas, capacity: str) -> dict[str, tuple[int, int]]:
    """Per region with a current rating of the capacity: (groups with it at medium or high, groups rated)."""
    return {
        region: (tally.has, tally.assessed) for region, tally in atlas.capacity_by_region(capacity).items()
    }
