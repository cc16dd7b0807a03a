"""Change over time for one group: a small step chart per capacity whose level changed.

Each capacity is a small panel: its name (HTML, so that a long name wraps), then an SVG of its level
(none to high, bottom to top, the lines labelled by word) from snapshot to snapshot along the group's
time span, a marker at every rating, and the first and last dates. The panels stack on a phone and
stand side by side on wider screens and three abreast on paper (theme/static/css/atlas.css, .pic-time),
so the same markup serves both; the whole is one image for
assistive technology, named by the title and described by the text alternative. Panels are 320 units
wide so that they read on a 360 px phone, and drawn left to right in every language (direction="ltr":
the time axis and the level labels keep their places in Arabic).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import lru_cache

from atlas.analysis.state import Step
from atlas.model.catalog import Catalog
from atlas.model.vocab import LEVELS, level_rank
from atlas.site.charts import LEVEL_COLOURS
from atlas.site.pictures import Picture, attr, escape, number
from atlas.site.picturewords import LEVEL_WORDS, text

WIDTH, LEFT, RIGHT, PAD = 320, 52, 10, 6  # PAD: between the level labels and the first marker
LABEL, PLOT, STEP = 6, 36, 12  # a panel (below its name): the plot (3 steps of 12), then its dates
HEIGHT = LABEL + PLOT + 18
CHANGE_HEADER = ("capacity", "date", "level", "robustness")


def changed(history: Mapping[str, Sequence]) -> list[str]:
    """Capacities whose level went up or down at least once, in the history's order."""
    return [cap for cap, steps in history.items() if any(s.change in ("up", "down") for s in steps)]


def change_rows(catalog: Catalog, history: Mapping[str, Sequence]) -> tuple[tuple, ...]:
    """The picture's numbers, as its table and CSV give them (without drawing it): every rating of each
    capacity that changed level, in catalog order."""
    order = list(catalog.capacities)
    caps = sorted(changed(history), key=order.index)
    return tuple((cap, s.date.isoformat(), s.level, s.robustness) for cap in caps for s in history[cap])


def draw_changes(
    catalog: Catalog,
    history: Mapping[str, Sequence],
    dates: Sequence[dt.date],
    *,
    ident: str,
    title: str,
    names: Mapping[str, str] | None = None,
    texts: dict | None = None,
    levels: Mapping[str, str] | None = None,
) -> Picture:
    """Step charts for the capacities that changed; `history` is analysis.state.history(entity) and
    `dates` the group's snapshot dates (oldest first)."""
    levels = levels or LEVEL_WORDS
    order = list(catalog.capacities)
    caps = sorted(changed(history), key=order.index)
    first, last = dates[0], dates[-1]
    span = max((last - first).days, 1)

    def x(day: dt.date) -> float:
        return LEFT + PAD + (WIDTH - LEFT - PAD - RIGHT) * (day - first).days / span

    base = LABEL + PLOT  # the "none" line
    grid = "".join(
        f'<path class="g" d="M{LEFT} {base - rank * STEP}H{WIDTH - RIGHT}"/><text class="lv" x="{LEFT - 4}" '
        f'y="{base - rank * STEP + 3}" text-anchor="end">{escape(levels[level])}</text>'
        for rank, level in enumerate(LEVELS)
    )
    axis = f'<text class="lv" x="{LEFT + PAD}" y="{HEIGHT - 3}">{first.isoformat()}</text>'
    if last != first:
        end = f'x="{WIDTH - RIGHT}" y="{HEIGHT - 3}" text-anchor="end"'
        axis += f'<text class="lv" {end}>{last.isoformat()}</text>'
    panels, summary = [], []
    for cap in caps:
        name = (names or {}).get(cap, catalog.capacities[cap].name)
        steps = history[cap]
        points = [(x(s.date), base - LEVELS.index(s.level) * STEP) for s in steps]
        line = f"M{number(points[0][0], 1)} {points[0][1]}"
        for px, py in points[1:]:  # level held until the next rating, then the step
            line += f"H{number(px, 1)}V{py}"
        if x(last) > points[-1][0]:
            line += f"H{number(x(last), 1)}"
        marks = []
        for step, (px, py) in zip(steps, points, strict=True):
            tip = f"{name}: {levels[step.level]} ({step.date.isoformat()})"
            mark = f'<circle class="p" cx="{number(px, 1)}" cy="{py}" r="3">'
            marks.append(f"{mark}<title>{escape(tip)}</title></circle>")
        panels.append(
            f'<div class="tp" data-capacity={attr(cap)}><p>{escape(name)}</p>'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" direction="ltr">{grid}'
            f'<path class="s" d="{line}"/>{"".join(marks)}{axis}</svg></div>'
        )
        path = [steps[0].level] + [s.level for s in steps[1:] if s.change in ("up", "down")]
        summary.append(text(texts, "change", capacity=name, levels=" → ".join(levels[lv] for lv in path)))
    values = {"title": title, "first": first.isoformat(), "last": last.isoformat()}
    if caps:
        description = text(texts, "timeline-alt", changed=len(caps), summary="; ".join(summary), **values)
    else:
        description = text(texts, "timeline-alt-none", **values)
    markup = (
        f'<div class="pic pic-time" id={attr(ident)} role="img" aria-labelledby="{ident}-t" '
        f'aria-describedby="{ident}-d"><span class="visually-hidden" id="{ident}-t">{escape(title)}</span>'
        f'<span class="visually-hidden" id="{ident}-d">{escape(description)}</span>'
        + "".join(panels)
        + "</div>\n"
    )
    return Picture(title, description, markup, CHANGE_HEADER, change_rows(catalog, history))


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 96, 22, 3


@lru_cache(maxsize=1 << 12)  # the same in every language: drawn once for a group's four pages
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
