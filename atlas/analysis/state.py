"""What the assessments say: current state, history and distributions. No Pelican here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from atlas.ingest.catalog import load_catalog
from atlas.ingest.loading import FICTIONAL_MARKER, InvalidAssessments, load_assessments
from atlas.model.catalog import Catalog
from atlas.model.entity import Entity
from atlas.model.vocab import LEVELS, has_capacity, is_fragile, is_gap, is_stale, level_rank

T = TypeVar("T")


def empty_levels() -> dict[str, int]:
    """A level count with every level present, in order."""
    return dict.fromkeys(LEVELS, 0)


class CurrentRating:
    """An entity's rating of a capacity in the latest snapshot that rates it, with what the pages ask of
    it worked out once (analysis reads these flags hundreds of thousands of times)."""

    __slots__ = (
        "entity",
        "capacity",
        "rating",
        "snapshot",
        "stale",
        "age_days",
        "level",
        "robustness",
        "date",
        "has",
        "gap",
        "fragile",
        "single_person",
        "provisional",
        "trusted",
        "order",
        "__weakref__",  # pages memoise what they write of a rating while it exists (atlas.site.fragments)
    )

    def __init__(self, entity: Entity, capacity: str, rating, snapshot, stale: bool, age_days: int = 0):
        self.entity, self.capacity = entity, capacity
        self.rating = rating  # schema.Rating
        self.snapshot = snapshot  # the snapshot it comes from
        self.stale = stale
        self.age_days = age_days  # days between the rating and the as-of date
        self.level, self.robustness, self.date = rating.level, rating.robustness, snapshot.date
        self.has, self.gap = has_capacity(self.level), is_gap(self.level)
        self.fragile = is_fragile(self.level, self.robustness)
        # One person's view: an individual rating, or a survey that one person answered.
        self.single_person = snapshot.consultation == "individual" or (
            snapshot.consultation == "survey" and snapshot.respondents == 1
        )
        self.provisional = snapshot.status == "provisional"
        # Neither stale, nor one person's view, nor provisional: what the "firm ratings" figures count.
        self.trusted = not (stale or self.single_person or self.provisional)
        # How lists of raters are ordered: highest level first, then by name.
        self.order = (-level_rank(self.level), entity.name.casefold(), entity.slug)

    def __repr__(self) -> str:
        return f"CurrentRating({self.entity.slug}, {self.capacity}, {self.level}, {self.date})"


def current_ratings(entity: Entity, as_of: dt.date) -> dict[str, CurrentRating]:
    """Each capacity the entity has ever rated, with its latest rating."""
    current = {}
    for snapshot in entity.snapshots:  # oldest first, so later ones win
        stale = is_stale(snapshot.date, as_of)
        age = (as_of - snapshot.date).days
        for capacity, rating in snapshot.ratings.items():
            current[capacity] = CurrentRating(entity, capacity, rating, snapshot, stale, age)
    return current


@dataclass(frozen=True)
class Step:
    """One point in a capacity's history for one entity."""

    date: dt.date
    level: str
    robustness: str | None
    change: str  # "first", "up", "down", "same"


def history(entity: Entity) -> dict[str, list[Step]]:
    """Every rating of every capacity across the entity's snapshots, oldest first."""
    paths: dict[str, list[Step]] = {}
    for snapshot in entity.snapshots:
        for capacity, rating in snapshot.ratings.items():
            path = paths.setdefault(capacity, [])
            change = "first"
            if path:
                delta = level_rank(rating.level) - level_rank(path[-1].level)
                change = "up" if delta > 0 else "down" if delta < 0 else "same"
            path.append(Step(snapshot.date, rating.level, rating.robustness, change))
    return paths


class LevelCounts:
    """Totals over a `levels` mapping (level -> number of ratings)."""

    levels: dict[str, int]

    @property
    def assessed(self) -> int:
        return sum(self.levels.values())

    @property
    def has(self) -> int:
        return sum(n for level, n in self.levels.items() if has_capacity(level))

    @property
    def gaps(self) -> int:
        return sum(n for level, n in self.levels.items() if is_gap(level))


@dataclass(frozen=True)
class Tally(LevelCounts):
    """Counts of current ratings of one capacity among some entities."""

    levels: dict[str, int] = field(default_factory=empty_levels)
    stale: int = 0
    fragile: int = 0
    single_person: int = 0
    provisional: int = 0
    untrusted: int = 0  # stale, single-person or provisional (a rating with several flags counts once)


def tally(ratings: list[CurrentRating]) -> Tally:
    """Count levels, and the ratings that are stale, fragile, single-person or provisional."""
    levels = empty_levels()
    for rating in ratings:
        levels[rating.level] += 1
    return Tally(
        levels,
        stale=sum(r.stale for r in ratings),
        fragile=sum(r.fragile for r in ratings),
        single_person=sum(r.single_person for r in ratings),
        provisional=sum(r.provisional for r in ratings),
        untrusted=sum(not r.trusted for r in ratings),
    )


class Atlas:
    """The whole picture at an as-of date; every page and export reads from one of these."""

    def __init__(
        self, catalog: Catalog, entities: tuple[Entity, ...], as_of: dt.date, fictional: bool = False
    ):
        self.catalog = catalog
        self._derived: dict = {}
        self.fictional = fictional
        self.as_of = as_of
        self.entities = tuple(sorted(entities, key=lambda e: (e.name.casefold(), e.slug)))
        self.entity_by_slug = {entity.slug: entity for entity in self.entities}
        # Each depends on its entity alone (and the as-of date): worked out once, see Entity.derive.
        self.current = {entity.slug: entity.derive(current_ratings, as_of) for entity in self.entities}
        self.raters: dict[str, list[CurrentRating]] = {cap: [] for cap in catalog.capacities}
        for current in self.current.values():
            for capacity, rating in current.items():
                self.raters[capacity].append(rating)
        for raters in self.raters.values():
            raters.sort(key=attrgetter("order"))
        self.members: dict[str, list[Entity]] = {region: [] for region in catalog.regions}
        for entity in self.entities:
            for region in entity.regions:
                self.members[region].append(entity)

    @cached_property
    def histories(self) -> dict[str, dict[str, list[Step]]]:
        """Every entity's history, by slug."""
        return {entity.slug: entity.derive(history) for entity in self.entities}

    def derive(self, make: Callable[[Atlas], T]) -> T:
        """`make(self)`, worked out once for this atlas (such as answers.Answers)."""
        if make not in self._derived:
            self._derived[make] = make(self)
        return self._derived[make]

    @cached_property
    def capacity_tallies(self) -> dict[str, Tally]:
        """Movement-wide tally per capacity, in catalog order."""
        return {cap: tally(ratings) for cap, ratings in self.raters.items()}

    @cached_property
    def region_raters(self) -> dict[str, dict[str, list[CurrentRating]]]:
        """`raters` per region (in the same order); an entity with several regions counts in each."""
        result: dict[str, dict[str, list[CurrentRating]]] = {
            region: {cap: [] for cap in self.raters} for region in self.members
        }
        for cap, ratings in self.raters.items():
            for rating in ratings:
                for region in rating.entity.regions:
                    result[region][cap].append(rating)
        return result

    @cached_property
    def region_tallies(self) -> dict[str, dict[str, Tally]]:
        """Tally per region per capacity; an entity with several regions counts in each."""
        return {
            region: {cap: tally(ratings) for cap, ratings in by_cap.items()}
            for region, by_cap in self.region_raters.items()
        }

    def capacity_by_region(self, capacity: str) -> dict[str, Tally]:
        """Tallies of one capacity for the regions with at least one current rating of it."""
        return {
            region: tallies[capacity]
            for region, tallies in self.region_tallies.items()
            if tallies[capacity].assessed
        }

    @property
    def rating_count(self) -> int:
        """Current ratings: entity × capacity pairs with a rating."""
        return sum(len(ratings) for ratings in self.current.values())

    @property
    def snapshot_count(self) -> int:
        return sum(len(entity.snapshots) for entity in self.entities)

    def not_assessed(self, capacity: str) -> int:
        """Entities that have never rated this capacity."""
        return len(self.entities) - self.capacity_tallies[capacity].assessed

    def latest_date(self, entity: Entity) -> dt.date:
        return entity.snapshots[-1].date

    def rated_in(self, category) -> list[Entity]:
        """Entities with a current rating of at least one capacity of a category."""
        ids = {cap.id for cap in category.capacities}
        return [entity for entity in self.entities if not ids.isdisjoint(self.current[entity.slug])]

    @property
    def regions_covered(self) -> int:
        """Regions with at least one assessed entity."""
        return sum(1 for members in self.members.values() if members)

    def recent_snapshots(self, limit: int, region: str | None = None) -> list[tuple[Entity, Any]]:
        """The newest assessment sessions across the atlas (or one region), newest first."""
        entities = self.members[region] if region else self.entities
        sessions = [(entity, snap) for entity in entities for snap in entity.snapshots]
        sessions.sort(key=lambda pair: (pair[1].date, pair[0].slug), reverse=True)
        return sessions[:limit]


def open_atlas(
    catalog_dir: Path | str,
    assessments_dir: Path | str,
    as_of: dt.date,
    memo=None,
    parsed=None,
    workers: int = 1,
) -> Atlas:
    """Load the catalog and every assessment; raise InvalidAssessments listing all problems.

    `memo`, `parsed`, `workers`: see load_assessments."""
    catalog = load_catalog(catalog_dir)
    loaded = load_assessments(assessments_dir, catalog, as_of, memo=memo, parsed=parsed, workers=workers)
    if loaded.problems:
        raise InvalidAssessments(loaded.problems)
    fictional = (Path(assessments_dir) / FICTIONAL_MARKER).exists()
    return Atlas(catalog, loaded.entities, as_of, fictional=fictional)
