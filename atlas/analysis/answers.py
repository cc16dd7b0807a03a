"""The questions the atlas exists for, answered from the data with the n behind every figure.

Numbers and records only: the sentences that say them are made in atlas.site.words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from atlas.analysis.matchmaking import Matchmaker
from atlas.analysis.opportunities import Opportunity, opportunities
from atlas.analysis.state import Atlas, CurrentRating, Tally, tally
from atlas.analysis.trends import Movement, movement, recent_sessions, yearly_trend
from atlas.model.vocab import CONSULTATIONS

SMALL_N = 5  # below this many ratings a share is shown with a warning
FEW_RATINGS = 10  # an entity that rated fewer capacities than this is listed as rating few
RECENT_SESSIONS = 50


def share(count: int, n: int) -> float | None:
    """count / n, or None when nothing was counted."""
    return count / n if n else None


@dataclass(frozen=True)
class CapacityAnswer:
    """How many assessed groups have a capacity, on all ratings and on firm ratings only."""

    capacity: str
    all: Tally
    firm: Tally  # only ratings that are neither stale, single-person nor provisional


@dataclass(frozen=True)
class Share:
    """One capacity in one region: gaps and strengths among those that rated it, beside the movement."""

    capacity: str
    here: Tally
    movement: Tally
    firm: Tally  # the region's ratings that are neither stale, single-person nor provisional

    @property
    def n(self) -> int:
        return self.here.assessed

    @property
    def gap_share(self) -> float | None:
        return share(self.here.gaps, self.n)

    @property
    def strength_share(self) -> float | None:
        return share(self.here.has, self.n)

    @property
    def movement_gap_share(self) -> float | None:
        return share(self.movement.gaps, self.movement.assessed)

    @property
    def movement_strength_share(self) -> float | None:
        return share(self.movement.has, self.movement.assessed)

    @property
    def firm_gap_share(self) -> float | None:
        return share(self.firm.gaps, self.firm.assessed)

    @property
    def small(self) -> bool:
        return self.n < SMALL_N


@dataclass(frozen=True)
class RegionAnswer:
    """A region's capacities ranked by share of gaps and by share of strengths."""

    region: str
    shares: tuple[Share, ...]  # capacities rated in the region, in catalog order

    @property
    def gaps(self) -> list[Share]:
        """Highest share of gaps first; ties by more gaps, then catalog order."""
        order = {s.capacity: i for i, s in enumerate(self.shares)}
        return sorted(self.shares, key=lambda s: (-(s.gap_share or 0), -s.here.gaps, order[s.capacity]))

    @property
    def strengths(self) -> list[Share]:
        order = {s.capacity: i for i, s in enumerate(self.shares)}
        return sorted(self.shares, key=lambda s: (-(s.strength_share or 0), -s.here.has, order[s.capacity]))

    @property
    def ratings(self) -> int:
        return sum(s.n for s in self.shares)

    @property
    def stale(self) -> int:
        return sum(s.here.stale for s in self.shares)

    @property
    def single_person(self) -> int:
        return sum(s.here.single_person for s in self.shares)

    @property
    def small(self) -> int:
        return sum(1 for s in self.shares if s.small)

    @property
    def top_gaps(self) -> list[Share]:
        """The capacities sharing the highest share of gaps (none when no group here reports a gap)."""
        ranked = self.gaps
        if not ranked or not ranked[0].here.gaps:
            return []
        return [s for s in ranked if s.gap_share == ranked[0].gap_share]


class Answers:
    """Every answer the atlas's pages show, computed once per build."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas

    def work_out(self) -> Answers:
        """Every cached answer, and every cached aggregate of the atlas, at once: a build does this before
        it forks the processes that render its pages, which then share them instead of each working out
        the ones its pages need."""
        for owner in (self.atlas, self):
            for name, member in vars(type(owner)).items():
                if isinstance(member, cached_property):
                    getattr(owner, name)
        return self

    # -- capacities ---------------------------------------------------------------------------------

    @cached_property
    def capacities(self) -> dict[str, CapacityAnswer]:
        atlas = self.atlas
        return {
            cap: CapacityAnswer(
                cap,
                atlas.capacity_tallies[cap],
                tally([r for r in atlas.raters[cap] if r.trusted]),
            )
            for cap in atlas.catalog.capacities
        }

    @cached_property
    def matchmaker(self) -> Matchmaker:
        return Matchmaker(self.atlas)

    def ideas(self, capacity: str) -> list[tuple]:
        """Every capacity-building idea given for a capacity in any snapshot: (entity, snapshot, idea)."""
        return self._ideas.get(capacity, [])

    @cached_property
    def _ideas(self) -> dict[str, list[tuple]]:
        """`ideas` of every capacity, gathered in one pass, newest first."""
        found: dict[str, list[tuple]] = {}
        for entity in self.atlas.entities:
            for snap in entity.snapshots:
                for capacity, rating in snap.ratings.items():
                    if rating.idea:
                        found.setdefault(capacity, []).append((entity, snap, rating.idea))
        for ideas in found.values():
            ideas.sort(key=lambda item: (-item[1].date.toordinal(), item[0].name.casefold()))
        return found

    def yearly(self, capacity: str):
        return yearly_trend(self.atlas, capacity)

    # -- regions ------------------------------------------------------------------------------------

    @cached_property
    def regions(self) -> dict[str, RegionAnswer]:
        atlas = self.atlas
        result = {}
        for region_id in atlas.catalog.regions:
            tallies = atlas.region_tallies[region_id]
            shares = tuple(
                Share(
                    cap,
                    tallies[cap],
                    atlas.capacity_tallies[cap],
                    tally([r for r in atlas.region_raters[region_id][cap] if r.trusted]),
                )
                for cap in atlas.catalog.capacities
                if tallies[cap].assessed
            )
            result[region_id] = RegionAnswer(region_id, shares)
        return result

    # -- opportunities ------------------------------------------------------------------------------

    @cached_property
    def opportunities(self) -> list[Opportunity]:
        return opportunities(self.atlas)

    # -- change over time ---------------------------------------------------------------------------

    @cached_property
    def movement(self) -> Movement:
        return movement(self.atlas)

    @cached_property
    def recent(self):
        return recent_sessions(self.atlas, RECENT_SESSIONS)

    # -- currency, who assessed, coverage -----------------------------------------------------------

    @cached_property
    def current_ratings(self) -> list[CurrentRating]:
        return [rating for ratings in self.atlas.current.values() for rating in ratings.values()]

    @cached_property
    def consultations(self) -> dict[str, int]:
        counts = dict.fromkeys(CONSULTATIONS, 0)
        for rating in self.current_ratings:
            counts[rating.snapshot.consultation] += 1
        return counts

    @cached_property
    def overall(self) -> Tally:
        return tally(self.current_ratings)

    @cached_property
    def coverage(self) -> list[tuple[str, int]]:
        """Capacities by how many entities rated them, rarest first."""
        order = list(self.atlas.catalog.capacities)
        counts = [(cap, t.assessed) for cap, t in self.atlas.capacity_tallies.items()]
        return sorted(counts, key=lambda item: (item[1], order.index(item[0])))

    @cached_property
    def few_ratings(self) -> list:
        """Entities that rated fewer than FEW_RATINGS capacities, fewest first."""
        current = self.atlas.current
        few = [entity for entity in self.atlas.entities if len(current[entity.slug]) < FEW_RATINGS]
        return sorted(few, key=lambda e: (len(current[e.slug]), e.name.casefold(), e.slug))


def answers_of(atlas: Atlas) -> Answers:
    """The atlas's answers, worked out once per atlas."""
    return atlas.derive(Answers)
