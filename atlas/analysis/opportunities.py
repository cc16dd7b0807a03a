"""Investment opportunities: (capacity, region) pairs ranked by one transparent score.

The score follows what the Wikimedia Foundation said it weighs when it plans capacity building:
needs shared by several groups in a region (train several at once), emerging communities, groups
serving larger populations, low-hanging fruit first, and groups that asked for help. It is one input
for people deciding, never a verdict; the page shows every component next to the total.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from atlas.analysis.state import Atlas, CurrentRating

# Points per unit of each component; shown on the page next to the formula.
WEIGHTS = {"shared": 2, "emerging": 1, "low_hanging": 1, "support_wanted": 1, "population": 1}
NAMES_SHOWN = 8  # groups named in each row of the page; the capacity page lists them all
POPULATION_BASE = 100_000  # people served below this add no points; each tenfold above it adds one


def is_need(rating: CurrentRating) -> bool:
    """A need: a gap (none or low), or a capacity held with low robustness (fragile)."""
    return rating.gap or rating.fragile


def is_low_hanging(rating: CurrentRating) -> bool:
    """Cheap to fix: low → medium, or fragile → robust (none → high is the long way)."""
    return rating.level == "low" or rating.fragile


@dataclass(frozen=True)
class Score:
    """Each component's count, its points (count × weight), and the total."""

    counts: dict[str, float]
    points: dict[str, float]
    people: int  # people served by the groups with a need (those that said)
    population_known: int  # how many of those groups said how many people they serve

    @property
    def total(self) -> float:
        return round(sum(self.points.values()), 1)


def score(needs: list[CurrentRating]) -> Score:
    """The opportunity score of a set of needs (the current ratings of one capacity in one region).

    total = 2 × shared + 1 × emerging + 1 × low_hanging + 1 × support_wanted + 1 × population,
    where population = log10(people ÷ 100,000), or 0 when fewer than 100,000 people are served.
    """
    entities = [need.entity for need in needs]
    people = sum(entity.population or 0 for entity in entities)
    counts = {
        "shared": len(needs),
        "emerging": sum(1 for entity in entities if entity.emerging),
        "low_hanging": sum(1 for need in needs if is_low_hanging(need)),
        "support_wanted": sum(1 for need in needs if need.rating.support_wanted),
        "population": round(math.log10(people / POPULATION_BASE), 1) if people > POPULATION_BASE else 0.0,
    }
    points = {name: round(counts[name] * WEIGHTS[name], 1) for name in WEIGHTS}
    known = sum(1 for entity in entities if entity.population)
    return Score(counts, points, people, known)


@dataclass(frozen=True)
class Opportunity:
    """A capacity in a region, the ratings that show the need, and their score."""

    capacity: str
    region: str
    needs: tuple[CurrentRating, ...]
    score: Score

    @property
    def untrusted(self) -> int:
        """Needs that rest on a stale, single-person or provisional rating."""
        return sum(1 for need in self.needs if not need.trusted)


def opportunities(atlas: Atlas) -> list[Opportunity]:
    """Every (capacity, region) pair with at least one need, highest score first."""
    region_order = list(atlas.catalog.regions)
    cap_order = list(atlas.catalog.capacities)
    needs: dict[tuple[str, str], list[CurrentRating]] = {}
    for cap, ratings in atlas.raters.items():
        for rating in ratings:
            if is_need(rating):
                for region in rating.entity.regions:
                    needs.setdefault((cap, region), []).append(rating)
    result = [Opportunity(cap, region, tuple(found), score(found)) for (cap, region), found in needs.items()]
    result.sort(key=lambda o: (-o.score.total, cap_order.index(o.capacity), region_order.index(o.region)))
    return result
