"""Matchmaking: for an entity's gap, peers that hold the capacity high and robustly and could help.

Holders are indexed once per capacity, per (capacity, region) and per (capacity, language), each list
sorted by preference, so finding peers for a gap reads a few entries instead of scanning every entity.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from atlas.analysis.state import Atlas, CurrentRating
from atlas.model.entity import Entity
from atlas.model.vocab import ROBUSTNESS

PEERS_PER_GAP = 3
MENTOR_ROBUSTNESS = ("medium", "high")


def is_mentor(rating: CurrentRating) -> bool:
    """A possible mentor holds the capacity high, with medium or high robustness."""
    return rating.level == "high" and rating.robustness in MENTOR_ROBUSTNESS


def preference(rating: CurrentRating) -> tuple:
    """Fresh ratings first, then the more robust, then by name."""
    return (
        rating.stale,
        -ROBUSTNESS.index(rating.robustness),
        rating.entity.name.casefold(),
        rating.entity.slug,
    )


@dataclass(frozen=True)
class Peer:
    """A peer who could help with a gap, and why it was picked first."""

    rating: CurrentRating
    same_region: bool
    languages: tuple[str, ...]  # languages the two share

    @property
    def entity(self) -> Entity:
        return self.rating.entity

    @property
    def near(self) -> bool:
        return self.same_region or bool(self.languages)


class Matchmaker:
    """Indexes of mentors per capacity, built once for the whole atlas."""

    def __init__(self, atlas: Atlas):
        self.mentors: dict[str, list[CurrentRating]] = {}
        # The near indexes hold (preference, rating) pairs, so merging them never recomputes a preference.
        self.by_region: dict[tuple[str, str], list[tuple]] = defaultdict(list)
        self.by_language: dict[tuple[str, str], list[tuple]] = defaultdict(list)
        self._found: dict[tuple, list[CurrentRating]] = {}
        for cap, ratings in atlas.raters.items():
            ranked = sorted(((preference(r), r) for r in ratings if is_mentor(r)), key=lambda pair: pair[0])
            self.mentors[cap] = [rating for _, rating in ranked]
            for pair in ranked:  # appended in preference order, so every index list stays sorted
                entity = pair[1].entity
                for region in entity.regions:
                    self.by_region[cap, region].append(pair)
                for language in entity.languages:
                    self.by_language[cap, language].append(pair)

    def peers(self, entity: Entity, capacity: str, limit: int = PEERS_PER_GAP) -> list[Peer]:
        """Up to `limit` mentors for the capacity, those in the same region or sharing a language first."""
        regions, languages = entity.regions, entity.languages
        found = self._candidates(capacity, tuple(regions), tuple(languages), limit + 1)
        chosen = [rating for rating in found if rating.entity.slug != entity.slug][:limit]
        return [
            Peer(
                rating,
                not set(regions).isdisjoint(rating.entity.regions),
                tuple(language for language in languages if language in rating.entity.languages),
            )
            for rating in chosen
        ]

    def _candidates(self, capacity: str, regions: tuple, languages: tuple, count: int) -> list[CurrentRating]:
        """The first `count` mentors (one rating per entity) for whoever has these regions and languages:
        the same for every entity that has them, so worked out once."""
        key = (capacity, regions, languages, count)
        known = self._found.get(key)
        if known is not None:
            return known
        lists = [self.by_region.get((capacity, region)) for region in regions]
        lists += [self.by_language.get((capacity, language)) for language in languages]
        # Each list holds an entity once, so the first `count` entities of the merged lists are all among
        # the first `count` of some list: merging those few is enough.
        near = sorted(chain.from_iterable(found[:count] for found in lists if found), key=itemgetter(0))
        chosen: dict[str, CurrentRating] = {}
        for rating in chain((rating for _, rating in near), self.mentors.get(capacity, ())):
            chosen.setdefault(rating.entity.slug, rating)
            if len(chosen) == count:
                break
        self._found[key] = found = list(chosen.values())
        return found

    def peers_for_gaps(self, atlas: Atlas, entity: Entity) -> dict[str, list[Peer]]:
        """Peers for each of the entity's current gaps (none or low), in catalog order."""
        return {cap: self.peers(entity, cap) for cap in _gaps(atlas, entity)}

    def gap_mentors(self, atlas: Atlas, entity: Entity) -> dict[str, list[Entity]]:
        """The entities `peers_for_gaps` picks as the entity's peers, for each gap, without making the
        peers: quicker."""
        regions, languages, count = tuple(entity.regions), tuple(entity.languages), PEERS_PER_GAP + 1
        slug = entity.slug
        return {
            cap: [
                r.entity for r in self._candidates(cap, regions, languages, count) if r.entity.slug != slug
            ][:PEERS_PER_GAP]
            for cap in _gaps(atlas, entity)
        }


def _gaps(atlas: Atlas, entity: Entity) -> list[str]:
    """The entity's current gaps (none or low), in catalog order."""
    current = atlas.current[entity.slug]
    return [cap for cap in atlas.catalog.capacities if cap in current and current[cap].gap]
