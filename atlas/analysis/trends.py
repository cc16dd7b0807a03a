"""Change over time: each entity's path per capacity, the movement's levels year by year, recent sessions.

Everything here is a single pass over the entities' histories, so it stays cheap for thousands of
entities.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from atlas.analysis.state import Atlas, LevelCounts, Step, empty_levels
from atlas.model.entity import Entity
from atlas.model.vocab import level_rank

DIRECTIONS = {"up": "rose", "down": "fell"}


@dataclass(frozen=True)
class CapacityPath:
    """How one entity's rating of one capacity moved across its snapshots."""

    capacity: str
    steps: tuple[Step, ...]

    @property
    def current(self) -> Step:
        return self.steps[-1]

    @property
    def latest_move(self) -> Step | None:
        """The last step that changed the level (None when the level never changed)."""
        return next((step for step in reversed(self.steps) if step.change in DIRECTIONS), None)

    @property
    def direction(self) -> str:
        """ "rose" or "fell" (the latest change of level), "steady", or "once" (rated once)."""
        if len(self.steps) == 1:
            return "once"
        move = self.latest_move
        return DIRECTIONS[move.change] if move else "steady"

    @property
    def since(self) -> dt.date:
        """The date the current level was first given in the latest unbroken run of it."""
        since = self.steps[-1].date
        for step in reversed(self.steps[:-1]):
            if step.level != self.current.level:
                break
            since = step.date
        return since


def capacity_paths(steps_by_capacity: dict[str, list[Step]], capacity_order) -> list[CapacityPath]:
    """One path per rated capacity, in catalog order."""
    return [
        CapacityPath(cap, tuple(steps_by_capacity[cap])) for cap in capacity_order if cap in steps_by_capacity
    ]


@dataclass(frozen=True)
class YearState(LevelCounts):
    """The movement at the end of a year: each entity's latest rating made by then, and that year's moves."""

    year: int
    levels: dict[str, int]
    rose: int
    fell: int


def yearly_trend(atlas: Atlas, capacity: str) -> list[YearState]:
    """For each year from the first rating of the capacity to the as-of year, the levels at its end."""
    paths = [steps[capacity] for steps in atlas.histories.values() if capacity in steps]
    if not paths:
        return []
    first = min(path[0].date.year for path in paths)
    last = atlas.as_of.year
    levels = {year: empty_levels() for year in range(first, last + 1)}
    moves = {year: {"up": 0, "down": 0} for year in levels}
    for path in paths:
        for i, step in enumerate(path):
            until = path[i + 1].date.year if i + 1 < len(path) else last + 1
            for year in range(step.date.year, until):  # empty when the next step is in the same year
                levels[year][step.level] += 1
            if step.change in moves[step.date.year]:
                moves[step.date.year][step.change] += 1
    return [YearState(year, levels[year], moves[year]["up"], moves[year]["down"]) for year in levels]


@dataclass(frozen=True)
class Session:
    """One assessment session and what it changed against the entity's earlier ratings."""

    entity: Entity
    snapshot: object
    rose: tuple[str, ...]
    fell: tuple[str, ...]
    same: int
    new: int


def session_changes(entity: Entity, snapshot) -> Session:
    """Compare a session's ratings with the entity's latest earlier rating of each capacity."""
    before: dict[str, str] = {}
    for earlier in entity.snapshots:
        if earlier.date >= snapshot.date:
            break
        for cap, rating in earlier.ratings.items():
            before[cap] = rating.level
    rose, fell, same, new = [], [], 0, 0
    for cap, rating in snapshot.ratings.items():
        if cap not in before:
            new += 1
            continue
        delta = level_rank(rating.level) - level_rank(before[cap])
        if delta > 0:
            rose.append(cap)
        elif delta < 0:
            fell.append(cap)
        else:
            same += 1
    return Session(entity, snapshot, tuple(rose), tuple(fell), same, new)


def recent_sessions(atlas: Atlas, limit: int) -> list[Session]:
    """The newest sessions, newest first, each with what it changed."""
    return [session_changes(entity, snap) for entity, snap in atlas.recent_snapshots(limit)]


@dataclass(frozen=True)
class Movement:
    """Capacities rated more than once, and how each current rating compares with the one before it."""

    rerated: int
    rose: int
    fell: int
    same: int


def movement(atlas: Atlas) -> Movement:
    """Compare every current rating with the entity's previous rating of the same capacity."""
    counts = {"up": 0, "down": 0, "same": 0}
    for steps_by_capacity in atlas.histories.values():
        for steps in steps_by_capacity.values():
            if len(steps) > 1:
                counts[steps[-1].change] += 1
    return Movement(sum(counts.values()), counts["up"], counts["down"], counts["same"])
