"""The small pieces of HTML every page repeats hundreds of times, as template globals written in Python.

A level badge or a map cell appears up to 40,000 times in a 1,000-community build; as Jinja macros they
cost most of the rendering time. These functions write the same markup, escaping every value they insert,
and return Markup so that templates use them like the macros they replace.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from jinja2 import pass_context
from markupsafe import Markup, escape

from atlas.analysis.state import Step
from atlas.model.vocab import LEVELS, level_rank
from atlas.site.charts import LEVEL_COLOURS
from atlas.site.notes import render_note
from atlas.site.urls import Urls
from atlas.site.words import DIRECTION_NAMES, KIND_NAMES, age_text


def _text(value) -> str:
    """`value` as HTML text, exactly as markupsafe.escape writes it; quicker for plain strings, which
    are nearly all the values inserted here."""
    if type(value) is not str:
        return str(escape(value))
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


NOT_RATED = Markup('<span class="muted">not rated</span>')
BLANK_CELL = Markup(
    '<td class="cell cell-blank"><span aria-hidden="true">·</span>'
    '<span class="visually-hidden">not assessed</span></td>'
)
NOBODY = '<span class="muted">nobody yet</span>'
STALE_TAG = ' <span class="tag tag-stale">stale</span>'
FRAGILE_TAG = ' <span class="tag tag-fragile">fragile</span>'


def level_badge(level: str) -> Markup:
    """A level as a coloured word."""
    level = _text(level)
    return Markup(f'<span class="level level-{level}">{level}</span>')


def robustness_text(robustness: str | None) -> Markup:
    """A robustness rating, or 'not rated'."""
    if not robustness:
        return NOT_RATED
    robustness = _text(robustness)
    return Markup(f'<span class="robustness robustness-{robustness}">{robustness}</span>')


@pass_context
def entity_link(context, entity, attributes: str = "") -> Markup:
    """A link to a community's page, its name isolated for right-to-left scripts (`attributes`: more of
    them, already escaped)."""
    href = f"{context.get('SITEURL', '')}/{Urls.entity(entity.slug)}"
    return Markup(f'<a href="{_text(href)}" dir="auto"{attributes}>{_text(entity.name)}</a>')


def map_cell(rating) -> Markup:
    """One cell of the map: the level's initial (0 for none), ! when fragile, * when stale."""
    return _map_cell(rating.level, rating.fragile, rating.stale) if rating else BLANK_CELL


@cache  # a few kinds of cell, each written thousands of times
def _map_cell(level: str, fragile: bool, stale: bool) -> Markup:
    short = "0" if level == "none" else level[:1].upper()
    level = _text(level)
    marks = ("!" if fragile else "") + ("*" if stale else "")
    words = (", fragile" if fragile else "") + (", stale" if stale else "")
    striped = " is-stale" if stale else ""
    return Markup(
        f'<td class="cell level-{level}{striped}"><span aria-hidden="true">{short}{marks}</span>'
        f'<span class="visually-hidden">{level}{words}</span></td>'
    )


@pass_context
def map_row(context, entity, capacities, ratings: dict) -> Markup:
    """One community's row of a category's map: its link, then a cell per capacity."""
    cells = "".join(map_cell(ratings.get(cap.id)) for cap in capacities)
    return Markup(
        f'<tr data-region="{_text(" ".join(entity.regions))}" data-kind="{_text(entity.kind)}">'
        f'<th scope="row">{entity_link(context, entity)}</th>{cells}</tr>'
    )


def rating_attrs(rating) -> Markup:
    """The data attributes the page's filters read from a rating's row."""
    snapshot, entity = rating.snapshot, rating.entity
    single = rating.single_person and snapshot.consultation == "survey"
    consultation = "single-person" if single else snapshot.consultation
    return Markup(
        f'data-region="{_text(" ".join(entity.regions))}" data-kind="{_text(entity.kind)}" '
        f'data-level="{_text(rating.level)}" data-stale="{"true" if rating.stale else "false"}" '
        f'data-consultation="{_text(consultation)}" data-status="{_text(snapshot.status)}"'
    )


def who(snapshot) -> Markup:
    """Whose view a snapshot records."""
    if snapshot.consultation == "survey":
        return Markup("survey" + (f", n={_text(snapshot.respondents)}" if snapshot.respondents else ""))
    if snapshot.consultation == "individual":
        return Markup("one person's view")
    return Markup("agreed by the group")


def provenance(rating) -> Markup:
    """When a rating was made, how old it is and whose view it is, with its trust tags."""
    day = rating.date.isoformat()
    text = (
        f'<span class="provenance">rated <time datetime="{day}">{day}</time> '
        f"({_text(age_text(rating.age_days))}) · {who(rating.snapshot)}</span>"
    )
    if rating.stale:
        text += STALE_TAG
    if rating.single_person:
        text += ' <span class="tag tag-single">one person</span>'
    if rating.provisional:
        text += ' <span class="tag tag-provisional">provisional</span>'
    return Markup(text)


@pass_context
def rating_row(context, cap, rating, latest) -> Markup:
    """A community page's row for one current rating: capacity, level, robustness, provenance, notes."""
    href = _text(f"{context.get('SITEURL', '')}/{Urls.capacity(cap.id)}")
    fragile = FRAGILE_TAG if rating.fragile else ""
    by = rating.snapshot.assessed_by
    earlier = "" if rating.snapshot is latest else f'<br><span class="muted" dir="auto">by {_text(by)}</span>'
    given = rating.rating
    notes = render_note(given.note)
    if given.idea:
        notes += Markup('<p><strong>Idea:</strong> <span dir="auto">{}</span></p>').format(given.idea)
    if given.support_wanted:
        notes += Markup('<p><span class="tag tag-help">would welcome support</span></p>')
    return Markup(
        f'<tr id="{_text(cap.id)}" {rating_attrs(rating)}>\n'
        f'<th scope="row"><a href="{href}">{_text(cap.name)}</a></th>\n'
        f"<td>{level_badge(rating.level)}{fragile}</td>\n"
        f'<td data-label="Robustness">{robustness_text(rating.robustness)}</td>\n'
        f"<td>{provenance(rating)}{earlier}</td>\n"
        f'<td class="note" dir="auto">{notes}</td>\n'
        "</tr>"
    )


@pass_context
def rater_item(context, rating) -> Markup:
    """A capacity page's item for one community's current rating of it."""
    fragile = FRAGILE_TAG if rating.fragile else ""
    return Markup(
        f'<li {rating_attrs(rating)} data-name="{_text(rating.entity.name)}" '
        f'data-date="{rating.date.isoformat()}">{entity_link(context, rating.entity)} '
        f'<span class="muted">· robustness {robustness_text(rating.robustness)} · {provenance(rating)}</span>'
        f"{fragile}</li>"
    )


@pass_context
def gap_peers(context, cap, rating, found) -> Markup:
    """A community page's entry for one gap: the capacity, and the peers who could help (see Matchmaker)."""
    site = context.get("SITEURL", "")
    peers = []
    for peer in found:
        why = "same region" if peer.same_region else ""
        why += ", " if peer.same_region and peer.languages else ""
        why += f"shares {_text(', '.join(peer.languages))}" if peer.languages else ""
        why += "" if peer.near else "elsewhere"
        why += "; rating stale" if peer.rating.stale else ""
        link = entity_link(context, peer.entity, f' data-peer="{_text(peer.entity.slug)}"')
        peers.append(f'{link} <span class="muted">({why})</span>')
    href = _text(f"{site}/{Urls.capacity(cap.id)}#mentors")
    return Markup(
        f'<dt><a href="{href}">{_text(cap.name)}</a> ({_text(rating.level)})</dt>\n'
        f'<dd data-capacity="{_text(cap.id)}">{"; ".join(peers) or NOBODY}</dd>'
    )


def path_row(cap, path, first, last) -> Markup:
    """A community page's row for one capacity rated more than once: its path and latest change."""
    since = path.since.isoformat()
    return Markup(
        f'<tr data-capacity="{_text(path.capacity)}" data-direction="{_text(path.direction)}">\n'
        f'<th scope="row">{_text(cap.name)}</th>\n'
        f"<td>{sparkline(path.steps, first, last)} "
        f'<span class="path-text">{_text(" → ".join(step.level for step in path.steps))}</span></td>\n'
        f"<td>{_text(DIRECTION_NAMES[path.direction])}</td>\n"
        f'<td>{_text(path.current.level)} since <time datetime="{since}">{since}</time></td>\n'
        "</tr>"
    )


def trust_tags(snapshot) -> str:
    """Tags for a session that records one person's view, is a survey or is provisional."""
    tags = ' <span class="tag">one person</span>' if snapshot.consultation == "individual" else ""
    if snapshot.consultation == "survey":
        tags += f' <span class="tag">{who(snapshot)}</span>'
    if snapshot.status == "provisional":
        tags += ' <span class="tag">provisional</span>'
    return tags


@pass_context
def member_item(context, entity) -> Markup:
    """A region page's item for one member: its link, kind and latest session."""
    latest = entity.snapshots[-1]
    day = latest.date.isoformat()
    stale = "true" if context["is_stale"](latest.date) else "false"
    return Markup(
        f'<li data-kind="{_text(entity.kind)}" data-stale="{stale}" data-name="{_text(entity.name)}" '
        f'data-date="{day}">{entity_link(context, entity)} <span class="muted">· '
        f'{_text(KIND_NAMES[entity.kind])} · latest <time datetime="{day}">{day}</time></span>'
        f"{trust_tags(latest)}</li>"
    )


@pass_context
def community_row(context, entity, rated: int) -> Markup:
    """The communities list's row for one community: kind, regions, latest session, capacities rated."""
    latest = entity.snapshots[-1]
    day = latest.date.isoformat()
    stale = context["is_stale"](latest.date)
    site, regions = context.get("SITEURL", ""), context["catalog"].regions
    links = "; ".join(
        f'<a href="{_text(f"{site}/{Urls.region(region)}")}">{_text(regions[region].name)}</a>'
        for region in entity.regions
    )
    return Markup(
        f'<tr data-region="{_text(" ".join(entity.regions))}" data-kind="{_text(entity.kind)}" '
        f'data-stale="{"true" if stale else "false"}">\n'
        f'<th scope="row">{entity_link(context, entity)}</th>\n'
        f"<td>{_text(KIND_NAMES[entity.kind])}</td>\n"
        f"<td>{links}</td>\n"
        f'<td data-value="{day}" data-label="Latest assessment"><time datetime="{day}">{day}</time>'
        f"{STALE_TAG if stale else ''}{trust_tags(latest)}</td>\n"
        f'<td class="num" data-label="Capacities rated">{rated}</td>\n'
        "</tr>"
    )


def history_row(cap, snapshots) -> Markup:
    """A capacity's level in each assessment session (a blank cell where it was not rated)."""
    cells = "".join(
        f"<td>{level_badge(rating.level) if (rating := snap.ratings.get(cap.id)) else ''}</td>"
        for snap in snapshots
    )
    return Markup(f'<tr><th scope="row">{_text(cap.name)}</th>{cells}</tr>')


# What templates call; the other functions here are parts of these.
FRAGMENTS = {
    function.__name__: function
    for function in (
        level_badge,
        entity_link,
        who,
        rating_attrs,
        rating_row,
        rater_item,
        gap_peers,
        path_row,
        history_row,
        map_row,
        member_item,
        community_row,
    )
}


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 96, 22, 3


def sparkline(steps: tuple[Step, ...], first: dt.date | None = None, last: dt.date | None = None) -> str:
    """A tiny inline SVG of a level path over time (empty for fewer than two steps).

    It holds only numbers and fixed colours, so it is safe to inline; it is hidden from screen readers
    because the page writes the same path out in words beside it. `first` and `last` set the time axis,
    so that every sparkline of one entity shares it (default: the path's own first and last dates).
    """
    if len(steps) < 2:
        return ""
    start = (first or steps[0].date).toordinal()
    end = (last or steps[-1].date).toordinal()
    span = max(end - start, 1)
    inner_w, inner_h = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD
    points = []
    for step in steps:
        x = SPARK_PAD + inner_w * (step.date.toordinal() - start) / span
        y = SPARK_PAD + inner_h * (1 - level_rank(step.level) / (len(LEVELS) - 1))
        points.append((round(x, 1), round(y, 1), step))
    line = " ".join(f"{x},{y}" for x, y, _ in points)
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="2.5" fill="{LEVEL_COLOURS[s.level]}"/>' for x, y, s in points
    )
    return (
        f'<svg class="sparkline" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" aria-hidden="true">'
        f'<polyline points="{line}" fill="none" stroke="currentColor"/>{dots}</svg>'
    )
