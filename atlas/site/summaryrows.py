"""Rows of the pages that summarise many groups, written in Python like atlas.site.fragments: the
opportunities ranking (a row for each capacity and region with a need, up to 360, each naming groups),
a region's rankings and every levels table. These pages are rendered again after any edit.
"""

from __future__ import annotations

from functools import cache

from jinja2 import pass_context
from markupsafe import Markup

from atlas.analysis.opportunities import NAMES_SHOWN, WEIGHTS
from atlas.model.vocab import LEVELS
from atlas.site import fragments
from atlas.site.fragments import Fragments, _text


class SummaryRows:
    """The summary pages' rows in one language; `functions` are what templates call."""

    def __init__(self, pieces: Fragments):
        self.pieces, self.w = pieces, pieces.w
        w = self.w
        self.people = Markup(w.gettext("%(people)s people, %(known)s of %(count)s said"))
        self.fragile = _text(w.gettext("fragile"))
        small_n = w.gettext("small n")  # outside the f-string, where extraction can see it
        self.small_n = f' <span class="tag tag-small">{_text(small_n)}</span>'
        self.functions = {
            "opportunity_row": self.opportunity_row,
            "ranking_row": self.ranking_row,
            "levels_row": self.levels_row,
        }

    def _share(self, count: int, n: int) -> str:
        number = self.w.number
        return (
            f'<td class="num"><span class="share">{self.w.percent(count / n if n else None)}</span> '
            f'<span class="muted">({number(count)}/{number(n)})</span></td>'
        )

    @pass_context
    def ranking_row(self, context, s, rank: int, count: str) -> Markup:
        """A region page's row for one capacity: its share of `count` ("gaps" or "has") here, movement-wide
        and among firm ratings, with a tag when few groups here rated it."""
        href = _text(f"{context.get('SITEURL', '')}/{context['urls'].capacity(s.capacity)}")
        name = _text(context["capacity_names"][s.capacity])
        small = (' data-small-n="true"', self.small_n) if s.small else ("", "")
        return Markup(
            f'<tr data-capacity="{_text(s.capacity)}"{small[0]}><td class="num">{self.w.number(rank)}</td>'
            f'<th scope="row"><a href="{href}">{name}</a>{small[1]}</th>'
            f"{self._share(getattr(s.here, count), s.n)}"
            f"{self._share(getattr(s.movement, count), s.movement.assessed)}"
            f"{self._share(getattr(s.firm, count), s.firm.assessed)}</tr>"
        )

    @pass_context
    def levels_row(self, context, label: str, href: str | None, tally) -> Markup:
        """A row of a levels table: how many are at each level, and how many assessed."""
        number, site = self.w.number, context.get("SITEURL", "")
        if href:
            label = f'<a href="{_text(f"{site}/{href}")}">{_text(label)}</a>'
        else:
            label = _text(label)
        cells = "".join(f'<td class="num">{number(tally.levels[level])}</td>' for level in LEVELS)
        return Markup(
            f'<tr><th scope="row">{label}</th>{cells}<td class="num">{number(tally.assessed)}</td></tr>'
        )

    @pass_context
    def opportunity_row(self, context, o, rank: int) -> Markup:
        """The opportunities ranking's row for one capacity in one region: its score's parts, the total,
        how many needs are not firm, and the first groups in need."""
        w, site, urls = self.w, context.get("SITEURL", ""), context["urls"]
        number, score = w.number, o.score
        cells = []
        for name in WEIGHTS:
            said = f"{number(score.counts[name])} {w.arrow} {number(score.points[name])}"
            if name == "population" and score.people:
                count = len(o.needs)
                known = self.people % {
                    "people": number(score.people),
                    "known": number(score.population_known),
                    "count": number(count),
                }
                said += f'<br><span class="muted">{known}</span>'
            cells.append(f'<td class="num" data-component="{name}">{said}</td>')
        names = []
        for need in o.needs[:NAMES_SHOWN]:
            fragile = f"{w.list_separator}{self.fragile}" if need.fragile else ""
            names.append(
                f"{self.pieces.entity_link(context, need.entity)} "
                f'<span class="muted">({_text(w.level(need.level))}{fragile})</span>'
            )
        listed = w.clause_separator.join(names)
        capacity = _text(f"{site}/{urls.capacity(o.capacity)}")
        if len(o.needs) > NAMES_SHOWN:
            more = _text(w.n_("%(count)s more group", "%(count)s more groups", len(o.needs) - NAMES_SHOWN))
            listed += f'{w.clause_separator}<a href="{capacity}#who">{more}</a>'
        region = _text(f"{site}/{urls.region(o.region)}")
        catalog = context["catalog"]
        return Markup(
            f'<tr data-capacity="{_text(o.capacity)}" data-region="{_text(o.region)}">\n'
            f'<td class="num">{number(rank)}</td>\n'
            f'<th scope="row"><a href="{capacity}">{_text(catalog.capacities[o.capacity].name)}</a></th>\n'
            f'<td><a href="{region}">{_text(catalog.regions[o.region].name)}</a></td>\n'
            f"{''.join(cells)}"
            f'<td class="num"><strong>{number(score.total)}</strong></td>\n'
            f'<td class="num">{number(o.untrusted)}</td>\n'
            f"<td>{listed}</td>\n"
            "</tr>"
        )


@cache
def _rows(pieces: Fragments) -> SummaryRows:
    return SummaryRows(pieces)


def for_language(language: str) -> SummaryRows:
    """The summary rows of one language (made once per process and words)."""
    return _rows(fragments.for_language(language))
