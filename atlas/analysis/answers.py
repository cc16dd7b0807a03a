"""The questions the atlas exists for, answered from the data with the n behind every figure.

Each answer's opening sentence is made here once, so the home page and the page that answers the
question in full say exactly the same thing.
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


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def age_text(days: int) -> str:
    """A rating's age in words: "today", "12 days ago", "5 months ago", "3 years ago"."""
    if days < 1:
        return "today"
    if days < 61:
        return plural(days, "day") + " ago"
    if days < 730:
        return plural(days // 30, "month") + " ago"
    return plural(days // 365, "year") + " ago"


@dataclass(frozen=True)
class CapacityAnswer:
    """How many assessed groups have a capacity, on all ratings and on firm ratings only."""

    name: str
    all: Tally
    firm: Tally  # only ratings that are neither stale, single-person nor provisional

    @property
    def sentence(self) -> str:
        t = self.all
        if not t.assessed:
            return f"No assessed group has rated {self.name} yet."
        verb = "has" if t.has == 1 else "have"
        return (
            f"{t.has} of {plural(t.assessed, 'assessed group')} {verb} {self.name} at medium or high; "
            f"{t.fragile} of them {'is' if t.fragile == 1 else 'are'} fragile (low robustness); "
            f"{plural(t.stale, 'rating is', 'ratings are')} stale."
        )

    @property
    def caution_sentence(self) -> str:
        t = self.all
        return (
            f"Of these {plural(t.assessed, 'rating')}, {t.stale} {'is' if t.stale == 1 else 'are'} stale, "
            f"{t.single_person} {'is' if t.single_person == 1 else 'are'} one person's view and "
            f"{t.provisional} {'is' if t.provisional == 1 else 'are'} provisional."
        )

    @property
    def firm_sentence(self) -> str:
        t = self.firm
        return (
            f"Counting only firm ratings (not stale, not one person's view, not provisional): "
            f"{t.has} of {t.assessed} have it at medium or high, {t.fragile} of them fragile."
        )


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

    name: str
    shares: tuple[Share, ...]  # capacities rated in the region, in catalog order

    @property
    def gaps(self) -> list[Share]:
        """Highest share of gaps first; ties by more gaps, then catalog order."""
        order = {s.capacity: i for i, s in enumerate(self.shares)}
        return sorted(self.shares, key=lambda s: (-s.gap_share, -s.here.gaps, order[s.capacity]))

    @property
    def strengths(self) -> list[Share]:
        order = {s.capacity: i for i, s in enumerate(self.shares)}
        return sorted(self.shares, key=lambda s: (-s.strength_share, -s.here.has, order[s.capacity]))

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

    def _top_phrase(self, names: dict[str, str]) -> str:
        tops = self.top_gaps
        shown = ", ".join(f"{names[s.capacity]} ({s.here.gaps} of {s.n})" for s in tops[:3])
        more = f" and {len(tops) - 3} more" if len(tops) > 3 else ""
        small = " (small n)" if all(s.small for s in tops) else ""
        return shown + more + small

    def top_gap_phrase(self, names: dict[str, str]) -> str:
        """The region's most common gaps, for the cross-region sentence."""
        if not self.top_gaps:
            return f"{self.name}: no gaps reported ({plural(self.ratings, 'rating')})"
        return f"{self.name}: {self._top_phrase(names)}"

    def sentence(self, names: dict[str, str]) -> str:
        if not self.shares:
            return f"No group in {self.name} has published an assessment yet."
        tops = self.top_gaps
        if not tops:
            return (
                f"No group in {self.name} rates any capacity none or low ({plural(self.ratings, 'rating')})."
            )
        top = tops[0]
        if len(tops) == 1:
            small = "; small n" if top.small else ""
            verb = "is" if top.here.gaps == 1 else "are"
            return (
                f"The most common gap in {self.name} is {names[top.capacity]}: {top.here.gaps} of the "
                f"{plural(top.n, 'group')} that rated it {verb} at none or low "
                f"({percent(top.gap_share)}, against {percent(top.movement_gap_share)} movement-wide{small})."
            )
        return (
            f"The most common gaps in {self.name}, each rated none or low by {percent(top.gap_share)} "
            f"of the groups that rated it: {self._top_phrase(names)}."
        )


class Answers:
    """Every answer the atlas's pages show, computed once per build."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas
        self.capacity_names = {cap_id: cap.name for cap_id, cap in atlas.catalog.capacities.items()}

    # -- capacities ---------------------------------------------------------------------------------

    @cached_property
    def capacities(self) -> dict[str, CapacityAnswer]:
        atlas = self.atlas
        return {
            cap: CapacityAnswer(
                self.capacity_names[cap],
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
        for region_id, region in atlas.catalog.regions.items():
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
            result[region_id] = RegionAnswer(region.name, shares)
        return result

    @property
    def cross_region_sentence(self) -> str:
        phrases = [
            answer.top_gap_phrase(self.capacity_names) for answer in self.regions.values() if answer.shares
        ]
        if not phrases:
            return "No region has ratings yet."
        return "The most common gap in each region (groups at none or low of those that rated it): " + (
            "; ".join(phrases) + "."
        )

    # -- opportunities ------------------------------------------------------------------------------

    @cached_property
    def opportunities(self) -> list[Opportunity]:
        return opportunities(self.atlas)

    @property
    def opportunity_sentence(self) -> str:
        if not self.opportunities:
            return "No group has reported a gap yet, so there is nothing to rank."
        best = self.opportunities[0]
        region = self.atlas.catalog.regions[best.region].name
        return (
            f"The highest-scoring opportunity is {self.capacity_names[best.capacity]} in {region}: "
            f"score {best.score.total:g}, with {plural(len(best.needs), 'group')} in need."
        )

    # -- change over time ---------------------------------------------------------------------------

    @cached_property
    def movement(self) -> Movement:
        return movement(self.atlas)

    @cached_property
    def recent(self):
        return recent_sessions(self.atlas, RECENT_SESSIONS)

    @property
    def change_sentence(self) -> str:
        m = self.movement
        if not m.rerated:
            return "No group has rated a capacity twice yet, so no change can be shown."
        return (
            f"Of {plural(m.rerated, 'capacity', 'capacities')} that groups have rated more than once, "
            f"{m.rose} now stand higher than at the rating before, {m.fell} lower and {m.same} the same."
        )

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

    @property
    def currency_sentence(self) -> str:
        total = self.overall
        c = self.consultations
        if not total.assessed:
            return "No group has published an assessment yet."
        return (
            f"Of the {plural(total.assessed, 'current rating')}, {total.stale} are stale "
            f"(older than a year); {c['group']} were agreed by a group, {c['individual']} are one "
            f"person's view and {c['survey']} come from surveys; {total.provisional} are provisional."
        )

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

    # -- the home page ------------------------------------------------------------------------------

    def questions(self, urls) -> list[tuple[str, str, str]]:
        """(question, short answer, address of the page whose first sentence gives it)."""
        caps = self.atlas.catalog.capacities
        found = []
        for cap, question in (
            ("wikidata", "How many communities have advanced Wikidata expertise?"),
            ("social-media", "How many communities are active on social media?"),
            ("strategy", "Which groups have a written, current strategy?"),
        ):
            if cap in caps:
                found.append((question, self.capacities[cap].sentence, urls.capacity(cap)))
        found += [
            ("What are the most common gaps in each region?", self.cross_region_sentence, urls.cross_region),
            (
                "Which capacity building would bring the most value?",
                self.opportunity_sentence,
                urls.opportunities,
            ),
            ("How have capacities changed over time?", self.change_sentence, urls.changes),
            ("How current are the ratings, and who made them?", self.currency_sentence, urls.coverage),
        ]
        return found


def answers_of(atlas: Atlas) -> Answers:
    """The atlas's answers, worked out once per atlas."""
    return atlas.derive(Answers)
