"""Every word a reader sees that is not in a template: labels, numbers, ages, plurals and the answers'
sentences, made from the analysis's numbers and records. Templates reach this module as `words`.
"""

from __future__ import annotations

from atlas.analysis.answers import Answers, RegionAnswer
from atlas.analysis.state import Tally
from atlas.analysis.trends import Movement

KIND_NAMES = {
    "wiki-community": "Wiki community",
    "user-group": "User group",
    "chapter": "Chapter",
    "thematic-organization": "Thematic organization",
    "hub": "Hub",
    "other": "Other",
}
CONSULTATION_NAMES = {
    "group": "agreed by the group",
    "individual": "one person's view",
    "survey": "survey",
}
DIRECTION_NAMES = {"rose": "rose", "fell": "fell", "steady": "steady", "once": "rated once"}
# What each part of an opportunity's score counts (analysis.opportunities.WEIGHTS has the same keys).
OPPORTUNITY_COMPONENTS = {
    "shared": "groups in the region with a need (level none or low, or medium/high with low robustness)",
    "emerging": "of them, emerging communities",
    "low_hanging": "of them, one step from a firm capacity (low → medium, or fragile → robust)",
    "support_wanted": "of them, groups that said they would welcome support here",
    "population": "log10 of the people those groups serve ÷ 100,000 (0 below 100,000)",
}
HOME_QUESTIONS = {
    "wikidata": "How many communities have advanced Wikidata expertise?",
    "social-media": "How many communities are active on social media?",
    "strategy": "Which groups have a written, current strategy?",
}


def percent(value: float | None) -> str:
    """A share as a whole percentage; a dash when nothing was counted."""
    return "–" if value is None else f"{round(value * 100)}%"


def plural(count: int, one: str, many: str | None = None) -> str:
    """The count and its noun: "1 group", "2 groups" (`many` when the plural is not one + "s")."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _is(count: int) -> str:
    return "is" if count == 1 else "are"


def age_text(days: int) -> str:
    """A rating's age in words: "today", "12 days ago", "5 months ago", "3 years ago"."""
    if days < 1:
        return "today"
    if days < 61:
        return plural(days, "day") + " ago"
    if days < 730:
        return plural(days // 30, "month") + " ago"
    return plural(days // 365, "year") + " ago"


# -- a capacity -------------------------------------------------------------------------------------


def capacity_sentence(name: str, t: Tally) -> str:
    """How many assessed groups have the capacity, how many of them are fragile, how many stale."""
    if not t.assessed:
        return f"No assessed group has rated {name} yet."
    verb = "has" if t.has == 1 else "have"
    return (
        f"{t.has} of {plural(t.assessed, 'assessed group')} {verb} {name} at medium or high; "
        f"{t.fragile} of them {_is(t.fragile)} fragile (low robustness); "
        f"{plural(t.stale, 'rating is', 'ratings are')} stale."
    )


def caution_sentence(t: Tally) -> str:
    """How many of the ratings are stale, one person's view or provisional."""
    return (
        f"Of these {plural(t.assessed, 'rating')}, {t.stale} {_is(t.stale)} stale, "
        f"{t.single_person} {_is(t.single_person)} one person's view and "
        f"{t.provisional} {_is(t.provisional)} provisional."
    )


def firm_sentence(firm: Tally) -> str:
    """The capacity counted on firm ratings only."""
    return (
        f"Counting only firm ratings (not stale, not one person's view, not provisional): "
        f"{firm.has} of {firm.assessed} have it at medium or high, {firm.fragile} of them fragile."
    )


# -- a region ---------------------------------------------------------------------------------------


def _top_phrase(answer: RegionAnswer, names: dict[str, str]) -> str:
    tops = answer.top_gaps
    shown = ", ".join(f"{names[s.capacity]} ({s.here.gaps} of {s.n})" for s in tops[:3])
    more = f" and {len(tops) - 3} more" if len(tops) > 3 else ""
    small = " (small n)" if all(s.small for s in tops) else ""
    return shown + more + small


def top_gap_phrase(region: str, answer: RegionAnswer, names: dict[str, str]) -> str:
    """A region's most common gaps, for the cross-region sentence."""
    if not answer.top_gaps:
        return f"{region}: no gaps reported ({plural(answer.ratings, 'rating')})"
    return f"{region}: {_top_phrase(answer, names)}"


def region_sentence(region: str, answer: RegionAnswer, names: dict[str, str]) -> str:
    """The region's most common gap (or gaps), against the movement."""
    if not answer.shares:
        return f"No group in {region} has published an assessment yet."
    tops = answer.top_gaps
    if not tops:
        return f"No group in {region} rates any capacity none or low ({plural(answer.ratings, 'rating')})."
    top = tops[0]
    if len(tops) == 1:
        small = "; small n" if top.small else ""
        return (
            f"The most common gap in {region} is {names[top.capacity]}: {top.here.gaps} of the "
            f"{plural(top.n, 'group')} that rated it {_is(top.here.gaps)} at none or low "
            f"({percent(top.gap_share)}, against {percent(top.movement_gap_share)} movement-wide{small})."
        )
    return (
        f"The most common gaps in {region}, each rated none or low by {percent(top.gap_share)} "
        f"of the groups that rated it: {_top_phrase(answer, names)}."
    )


def cross_region_sentence(answers: Answers, regions: dict[str, str], names: dict[str, str]) -> str:
    """The most common gap in every region that has ratings."""
    phrases = [
        top_gap_phrase(regions[region], answer, names)
        for region, answer in answers.regions.items()
        if answer.shares
    ]
    if not phrases:
        return "No region has ratings yet."
    return "The most common gap in each region (groups at none or low of those that rated it): " + (
        "; ".join(phrases) + "."
    )


# -- the movement -----------------------------------------------------------------------------------


def opportunity_sentence(answers: Answers, regions: dict[str, str], names: dict[str, str]) -> str:
    """The highest-scoring capacity-building opportunity."""
    if not answers.opportunities:
        return "No group has reported a gap yet, so there is nothing to rank."
    best = answers.opportunities[0]
    return (
        f"The highest-scoring opportunity is {names[best.capacity]} in {regions[best.region]}: "
        f"score {best.score.total:g}, with {plural(len(best.needs), 'group')} in need."
    )


def change_sentence(m: Movement) -> str:
    """How the capacities rated more than once have moved."""
    if not m.rerated:
        return "No group has rated a capacity twice yet, so no change can be shown."
    return (
        f"Of {plural(m.rerated, 'capacity', 'capacities')} that groups have rated more than once, "
        f"{m.rose} now stand higher than at the rating before, {m.fell} lower and {m.same} the same."
    )


def currency_sentence(total: Tally, consultations: dict[str, int]) -> str:
    """How current the ratings are and how they were made."""
    c = consultations
    if not total.assessed:
        return "No group has published an assessment yet."
    return (
        f"Of the {plural(total.assessed, 'current rating')}, {total.stale} are stale "
        f"(older than a year); {c['group']} were agreed by a group, {c['individual']} are one "
        f"person's view and {c['survey']} come from surveys; {total.provisional} are provisional."
    )


def questions(answers: Answers, urls, regions: dict[str, str], names: dict[str, str]) -> list:
    """The home page's questions: (question, short answer, address of the page that answers it)."""
    found = [
        (question, capacity_sentence(names[cap], answers.capacities[cap].all), urls.capacity(cap))
        for cap, question in HOME_QUESTIONS.items()
        if cap in answers.capacities
    ]
    return found + [
        (
            "What are the most common gaps in each region?",
            cross_region_sentence(answers, regions, names),
            urls.cross_region,
        ),
        (
            "Which capacity building would bring the most value?",
            opportunity_sentence(answers, regions, names),
            urls.opportunities,
        ),
        ("How have capacities changed over time?", change_sentence(answers.movement), urls.changes),
        (
            "How current are the ratings, and who made them?",
            currency_sentence(answers.overall, answers.consultations),
            urls.coverage,
        ),
    ]
