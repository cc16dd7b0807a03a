"""Rows of the pages that summarise every group, written in Python like atlas.site.fragments: the
opportunities ranking has a row for each capacity and region with a need (up to 360), each naming groups.
"""

from __future__ import annotations

from functools import cache

from jinja2 import pass_context
from markupsafe import Markup

from atlas.analysis.opportunities import NAMES_SHOWN, WEIGHTS
from atlas.site import fragments
from atlas.site.fragments import Fragments, _text


class SummaryRows:
    """The summary pages' rows in one language; `functions` are what templates call."""

    def __init__(self, pieces: Fragments):
        self.pieces, self.w = pieces, pieces.w
        w = self.w
        self.people = Markup(w.gettext("%(people)s people, %(known)s of %(count)s said"))
        self.more = Markup(w.gettext("%(count)s more"))
        self.fragile = _text(w.gettext("fragile"))
        self.functions = {"opportunity_row": self.opportunity_row}

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
            fragile = f", {self.fragile}" if need.fragile else ""
            names.append(
                f"{self.pieces.entity_link(context, need.entity)} "
                f'<span class="muted">({_text(w.level(need.level))}{fragile})</span>'
            )
        listed = "; ".join(names)
        if len(o.needs) > NAMES_SHOWN:
            more = self.more % {"count": number(len(o.needs) - NAMES_SHOWN)}
            listed += f'; <a href="{_text(f"{site}/{urls.capacity(o.capacity)}")}#who">{more}</a>'
        capacity = _text(f"{site}/{urls.capacity(o.capacity)}")
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
