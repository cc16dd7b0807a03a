"""Every word a reader sees that is not in a template: labels, numbers, ages, plurals and the answers'
sentences, made from the analysis's numbers and records, in one language (`for_language`). Templates
reach the page's language as `words`; this module's functions are English's.

Each sentence is one message with named placeholders; a sentence with several counts nests one
plural message in another, so that translators see and order whole clauses.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from atlas.analysis.answers import Answers, RegionAnswer
from atlas.analysis.state import Tally
from atlas.analysis.trends import Movement
from atlas.site.languages import RIGHT_TO_LEFT, SOURCE
from atlas.site.names import (
    CONSULTATION_NAMES,
    DIRECTION_NAMES,
    HOME_QUESTIONS,
    KIND_NAMES,
    LEVEL_NAMES,
    OPPORTUNITY_COMPONENT_NAMES,
    OPPORTUNITY_COMPONENTS,
)
from atlas.site.translation import translations


class Words:
    """The site's words in one language: gettext for the interface, the catalog's texts, CLDR numbers."""

    def __init__(self, language: str = SOURCE):
        self.language = language
        self.locale = Locale.parse(language)  # CLDR data, parsed once: Babel would parse a code on every call
        self.direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
        self.arrow = "←" if self.direction == "rtl" else "→"  # from one step to the next, in reading order
        self.interface = translations(language, "atlas")
        self.catalog_texts = translations(language, "catalog")
        self.gettext, self.ngettext = self.interface.gettext, self.interface.ngettext
        self.npgettext = self.interface.npgettext
        self.list_separator = self.pgettext("list separator", ", ")  # a, b
        self.clause_separator = self.pgettext("list of clauses", "; ")  # between items that hold commas
        self.kind_names = {key: self._(text) for key, text in KIND_NAMES.items()}
        self.consultation_names = {key: self._(text) for key, text in CONSULTATION_NAMES.items()}
        self.direction_names = {key: self._(text) for key, text in DIRECTION_NAMES.items()}
        self.level_names = {key: self._(text) for key, text in LEVEL_NAMES.items()}
        self.robustness_names = {  # each word agrees with "robustness" (French: robustesse élevée)
            "low": self.pgettext("robustness", "low"),
            "medium": self.pgettext("robustness", "medium"),
            "high": self.pgettext("robustness", "high"),
        }
        self.opportunity_components = {key: self._(text) for key, text in OPPORTUNITY_COMPONENTS.items()}
        self.component_names = {key: self._(text) for key, text in OPPORTUNITY_COMPONENT_NAMES.items()}
        self._numbers: dict = {}
        self._percents: dict = {}

    def _(self, text: str, **values) -> str:
        """A translated message, its named placeholders filled."""
        found = self.interface.gettext(text)
        return found % values if values else found

    def n_(self, one: str, many: str, count: int, **values) -> str:
        """A translated plural message for `count` (CLDR's plural rule of the language), placeholders
        filled; %(count)s is the count written for the language."""
        return self.interface.ngettext(one, many, count) % {"count": self.number(count), **values}

    def pgettext(self, context: str, text: str) -> str:
        """A translated message told apart from others of the same English by `context`."""
        return str(self.interface.pgettext(context, text))

    def text(self, context: str, english: str) -> str:
        """A text of the capacity catalog in this language (catalog.pot: `context`, e.g. "wikidata name")."""
        return str(self.catalog_texts.pgettext(context, english))

    # -- numbers, dates, names ----------------------------------------------------------------------

    def number(self, value) -> str:
        """A count or a score written as the language writes numbers (CLDR)."""
        found = self._numbers.get(value)
        if found is None:
            shown = float(f"{value:g}") if isinstance(value, float) else value
            found = self._numbers[value] = format_decimal(
                shown, locale=self.locale, decimal_quantization=False
            )
        return found

    def percent(self, value: float | None) -> str:
        """A share as a whole percentage; a dash when nothing was counted."""
        if value is None:
            return "–"
        found = self._percents.get(value)
        if found is None:
            found = self._percents[value] = format_percent(value, locale=self.locale)
        return found

    def date(self, day) -> str:
        """A date as the reader's language writes it (English: ISO 8601, as the data files do)."""
        if self.language == SOURCE:
            return day.isoformat()
        return _date(day, self.locale)

    def level(self, level: str) -> str:
        return self.level_names.get(level, level)

    def robustness(self, level: str) -> str:
        return self.robustness_names.get(level, level)

    def plural(self, count: int, one: str, many: str | None = None) -> str:
        """English only (command-line reports): the count and its noun: "1 group", "2 groups"."""
        return f"{count} {one if count == 1 else (many or one + 's')}"

    def age_text(self, days: int) -> str:
        """A rating's age in words: "today", "12 days ago", "5 months ago", "3 years ago"."""
        if days < 1:
            return self._("today")
        if days < 61:
            return self.n_("%(count)s day ago", "%(count)s days ago", days)
        if days < 730:
            return self.n_("%(count)s month ago", "%(count)s months ago", days // 30)
        return self.n_("%(count)s year ago", "%(count)s years ago", days // 365)

    def plural_tags(self) -> tuple[str, ...]:
        """The language's CLDR plural categories ("one", "other"...), for the search script's messages."""
        return tuple(_plural_samples(self.language))

    def plural_sample(self, tag: str) -> int:
        """A count in the plural category `tag`."""
        return _plural_samples(self.language)[tag]

    def ratings(self, count: int) -> str:
        return self.n_("%(count)s rating", "%(count)s ratings", count)

    # -- a capacity ---------------------------------------------------------------------------------

    def capacity_sentence(self, name: str, t: Tally) -> str:
        """How many assessed groups have the capacity, how many of them are fragile, how many stale."""
        if not t.assessed:
            return self._("No assessed group has rated %(name)s yet.", name=name)
        groups = self.n_(
            "%(has)s of %(count)s assessed group", "%(has)s of %(count)s assessed groups", t.assessed,
            has=self.number(t.has),
        )  # fmt: skip
        first = self.n_(
            "%(groups)s has %(name)s at medium or high", "%(groups)s have %(name)s at medium or high", t.has,
            groups=groups, name=name,
        )  # fmt: skip
        second = self.n_(
            "%(count)s of them is fragile (low robustness)", "%(count)s of them are fragile (low robustness)",
            t.fragile,
        )  # fmt: skip
        third = self.n_("%(count)s rating is stale", "%(count)s ratings are stale", t.stale)
        return self._("%(first)s; %(second)s; %(third)s.", first=first, second=second, third=third)

    def caution_sentence(self, t: Tally) -> str:
        """How many of the ratings are stale, one person's view or provisional."""
        return self._(
            "%(ratings)s, %(stale)s, %(single)s and %(provisional)s.",
            ratings=self.n_("Of these %(count)s rating", "Of these %(count)s ratings", t.assessed),
            stale=self.n_("%(count)s is stale", "%(count)s are stale", t.stale),
            single=self.n_(
                "%(count)s is one person's view", "%(count)s are one person's view", t.single_person
            ),
            provisional=self.n_("%(count)s is provisional", "%(count)s are provisional", t.provisional),
        )

    def firm_sentence(self, firm: Tally) -> str:
        """The capacity counted on firm ratings only."""
        return self._(
            "Counting only firm ratings (not stale, not one person's view, not provisional): "
            "%(has)s of %(assessed)s have it at medium or high, %(fragile)s of them fragile.",
            has=self.number(firm.has),
            assessed=self.number(firm.assessed),
            fragile=self.number(firm.fragile),
        )

    # -- a region -----------------------------------------------------------------------------------

    def _top_phrase(self, answer: RegionAnswer, names: dict[str, str]) -> str:
        tops = answer.top_gaps
        items = [
            self._("%(capacity)s (%(gaps)s of %(groups)s)", capacity=names[s.capacity],
                   gaps=self.number(s.here.gaps), groups=self.number(s.n))
            for s in tops[:3]
        ]  # fmt: skip
        shown = self.list_separator.join(items)
        if len(tops) > 3:
            shown = self.n_("%(items)s and %(count)s more", "%(items)s and %(count)s more", len(tops) - 3,
                            items=shown)  # fmt: skip
        if all(s.small for s in tops):
            shown = self._("%(gaps)s (small n)", gaps=shown)
        return shown

    def top_gap_phrase(self, region: str, answer: RegionAnswer, names: dict[str, str]) -> str:
        """A region's most common gaps, for the cross-region sentence."""
        if not answer.top_gaps:
            return self._("%(region)s: no gaps reported (%(ratings)s)", region=region,
                          ratings=self.ratings(answer.ratings))  # fmt: skip
        return self._("%(region)s: %(gaps)s", region=region, gaps=self._top_phrase(answer, names))

    def region_sentence(self, region: str, answer: RegionAnswer, names: dict[str, str]) -> str:
        """The region's most common gap (or gaps), against the movement."""
        if not answer.shares:
            return self._("No group in %(region)s has published an assessment yet.", region=region)
        tops = answer.top_gaps
        if not tops:
            return self._("No group in %(region)s rates any capacity none or low (%(ratings)s).",
                          region=region, ratings=self.ratings(answer.ratings))  # fmt: skip
        top = tops[0]
        if len(tops) == 1:
            groups = self.n_("the %(count)s group that rated it", "the %(count)s groups that rated it", top.n)
            values = {
                "region": region, "capacity": names[top.capacity], "groups": groups,
                "share": self.percent(top.gap_share), "movement": self.percent(top.movement_gap_share),
            }  # fmt: skip
            if top.small:
                return self.n_(
                    "The most common gap in %(region)s is %(capacity)s: %(count)s of %(groups)s is at none "
                    "or low (%(share)s, against %(movement)s movement-wide; small n).",
                    "The most common gap in %(region)s is %(capacity)s: %(count)s of %(groups)s are at "
                    "none or low (%(share)s, against %(movement)s movement-wide; small n).",
                    top.here.gaps, **values,
                )  # fmt: skip
            return self.n_(
                "The most common gap in %(region)s is %(capacity)s: %(count)s of %(groups)s is at none or "
                "low (%(share)s, against %(movement)s movement-wide).",
                "The most common gap in %(region)s is %(capacity)s: %(count)s of %(groups)s are at none or "
                "low (%(share)s, against %(movement)s movement-wide).",
                top.here.gaps, **values,
            )  # fmt: skip
        return self._(
            "The most common gaps in %(region)s, each rated none or low by %(share)s of the groups that "
            "rated it: %(gaps)s.",
            region=region, share=self.percent(top.gap_share), gaps=self._top_phrase(answer, names),
        )  # fmt: skip

    def cross_region_sentence(self, answers: Answers, regions: dict[str, str], names: dict[str, str]) -> str:
        """The most common gap in every region that has ratings."""
        phrases = [
            self.top_gap_phrase(regions[region], answer, names)
            for region, answer in answers.regions.items()
            if answer.shares
        ]
        if not phrases:
            return self._("No region has ratings yet.")
        return self._(
            "The most common gap in each region (groups at none or low of those that rated it): %(regions)s.",
            regions=self.pgettext("separator of clauses", "; ").join(phrases),
        )

    # -- the movement -------------------------------------------------------------------------------

    def opportunity_sentence(self, answers: Answers, regions: dict[str, str], names: dict[str, str]) -> str:
        """The highest-scoring capacity-building opportunity."""
        if not answers.opportunities:
            return self._("No group has reported a gap yet, so there is nothing to rank.")
        best = answers.opportunities[0]
        return self.n_(
            "The highest-scoring opportunity is %(capacity)s in %(region)s: score %(score)s, with "
            "%(count)s group in need.",
            "The highest-scoring opportunity is %(capacity)s in %(region)s: score %(score)s, with "
            "%(count)s groups in need.",
            len(best.needs), capacity=names[best.capacity], region=regions[best.region],
            score=self.number(best.score.total),
        )  # fmt: skip

    def change_sentence(self, m: Movement) -> str:
        """How the capacities rated more than once have moved."""
        if not m.rerated:
            return self._("No group has rated a capacity twice yet, so no change can be shown.")
        return self.n_(
            "Of %(count)s capacity that groups have rated more than once, %(rose)s now stand higher than "
            "at the rating before, %(fell)s lower and %(same)s the same.",
            "Of %(count)s capacities that groups have rated more than once, %(rose)s now stand higher than "
            "at the rating before, %(fell)s lower and %(same)s the same.",
            m.rerated, rose=self.number(m.rose), fell=self.number(m.fell), same=self.number(m.same),
        )  # fmt: skip

    def currency_sentence(self, total: Tally, consultations: dict[str, int]) -> str:
        """How current the ratings are and how they were made."""
        if not total.assessed:
            return self._("No group has published an assessment yet.")
        c = {key: self.number(value) for key, value in consultations.items()}
        return self.n_(
            "Of the %(count)s current rating, %(stale)s are stale (older than a year); %(group)s were "
            "agreed by a group, %(individual)s are one person's view and %(survey)s come from surveys; "
            "%(provisional)s are provisional.",
            "Of the %(count)s current ratings, %(stale)s are stale (older than a year); %(group)s were "
            "agreed by a group, %(individual)s are one person's view and %(survey)s come from surveys; "
            "%(provisional)s are provisional.",
            total.assessed, stale=self.number(total.stale), group=c["group"], individual=c["individual"],
            survey=c["survey"], provisional=self.number(total.provisional),
        )  # fmt: skip

    def questions(self, answers: Answers, urls, regions: dict[str, str], names: dict[str, str]) -> list:
        """The home page's questions: (question, short answer, address of the page that answers it)."""
        found = [
            (self._(question), self.capacity_sentence(names[cap], answers.capacities[cap].all),
             urls.capacity(cap))
            for cap, question in HOME_QUESTIONS.items()
            if cap in answers.capacities
        ]  # fmt: skip
        return found + [
            (
                self._("What are the most common gaps in each region?"),
                self.cross_region_sentence(answers, regions, names),
                urls.cross_region,
            ),
            (
                self._("Which capacity building would bring the most value?"),
                self.opportunity_sentence(answers, regions, names),
                urls.opportunities,
            ),
            (
                self._("How have capacities changed over time?"),
                self.change_sentence(answers.movement),
                urls.changes,
            ),
            (
                self._("How current are the ratings, and who made them?"),
                self.currency_sentence(answers.overall, answers.consultations),
                urls.coverage,
            ),
        ]  # fmt: skip


@cache
def _plural_samples(language: str) -> dict[str, int]:
    rule = Locale.parse(language).plural_form
    samples: dict[str, int] = {}
    for count in range(1001):
        samples.setdefault(rule(count), count)
    return samples


@cache
def _date(day, locale: Locale) -> str:
    return format_date(day, format="medium", locale=locale)


def for_language(language: str) -> Words:
    """The words of one language (made once per process and content of its translation files)."""
    return _words(language, translations(language, "atlas"), translations(language, "catalog"))


@cache
def _words(language: str, interface, catalog_texts) -> Words:
    return Words(language)


for_language.cache_clear = _words.cache_clear  # type: ignore[attr-defined]


ENGLISH = for_language(SOURCE)
percent, plural, age_text = ENGLISH.percent, ENGLISH.plural, ENGLISH.age_text
capacity_sentence, caution_sentence, firm_sentence = (
    ENGLISH.capacity_sentence,
    ENGLISH.caution_sentence,
    ENGLISH.firm_sentence,
)
top_gap_phrase, region_sentence, cross_region_sentence = (
    ENGLISH.top_gap_phrase,
    ENGLISH.region_sentence,
    ENGLISH.cross_region_sentence,
)
opportunity_sentence, change_sentence, currency_sentence = (
    ENGLISH.opportunity_sentence,
    ENGLISH.change_sentence,
    ENGLISH.currency_sentence,
)
questions = ENGLISH.questions
