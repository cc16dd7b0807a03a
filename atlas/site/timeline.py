"""Change over time for one group: a small step chart per capacity whose level changed.

Each row names the capacity, then draws its level (none to high, bottom to top, the rows labelled by
word) from snapshot to snapshot along one shared time axis, with a marker at every rating. Laid out
320 units wide so that it reads on a 360 px phone; it scales with its box elsewhere. Drawn left to right
in every language (direction="ltr": the time axis and the level labels keep their places in Arabic).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from atlas.model.catalog import Catalog
from atlas.model.vocab import LEVELS
from atlas.site.pictures import Picture, attr, escape, number
from atlas.site.picturewords import LEVEL_WORDS, text

WIDTH, LEFT, RIGHT = 320, 52, 10
ROW, LABEL, PLOT, STEP = 66, 20, 36, 12  # a row: its label line, then the plot (3 steps of 12)
AXIS = 22  # the dates at the bottom

STYLE = (
    ".pic-time{--t-line:#2d5f8b;--t-grid:#d5d8d0;--t-text:#1f2328;--t-muted:#595f66}"
    "@media (prefers-color-scheme:dark){.pic-time{--t-line:#8dbbf5;--t-grid:#383e45;--t-text:#e7e8e4;"
    "--t-muted:#aab0b6}}"
    ".pic-time text{fill:var(--t-text);font-family:system-ui,sans-serif;font-size:12px}"
    ".pic-time .lv{fill:var(--t-muted);font-size:10px}.pic-time .g{stroke:var(--t-grid);stroke-width:.6}"
    ".pic-time .s{fill:none;stroke:var(--t-line);stroke-width:2}.pic-time .p{fill:var(--t-line)}"
)


def changed(history: Mapping[str, Sequence]) -> list[str]:
    """Capacities whose level went up or down at least once, in the history's order."""
    return [cap for cap, steps in history.items() if any(s.change in ("up", "down") for s in steps)]


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
    columns: int = 1,
) -> Picture:
    """Step charts for the capacities that changed; `history` is analysis.state.history(entity) and
    `dates` the group's snapshot dates (oldest first). With `columns`, the rows are set side by side
    in that many columns (a printed page's layout), each as wide as the one column of a phone's."""
    levels = levels or LEVEL_WORDS
    order = list(catalog.capacities)
    caps = sorted(changed(history), key=order.index)
    first, last = dates[0], dates[-1]
    span = max((last - first).days, 1)

    def x(day: dt.date, left: int) -> float:
        return left + LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span

    columns = max(1, min(columns, len(caps)))
    lines = -(-len(caps) // columns)  # rows per column
    height = lines * ROW + AXIS + 4
    body, rows, summary = [], [], []
    for i, cap in enumerate(caps):
        left = (i // lines) * WIDTH
        top = (i % lines) * ROW + 4
        name = (names or {}).get(cap, catalog.capacities[cap].name)
        base = top + LABEL + PLOT  # the "none" line
        body.append(f'<text x="{left}" y="{top + 11}">{escape(name)}</text>')
        for rank, level in enumerate(LEVELS):
            y = base - rank * STEP
            body.append(f'<path class="g" d="M{left + LEFT} {y}H{left + WIDTH - RIGHT}"/>')
            body.append(
                f'<text class="lv" x="{left + LEFT - 4}" y="{y + 3}" text-anchor="end">'
                f"{escape(levels[level])}</text>"
            )
        steps = history[cap]
        points = [(x(s.date, left), base - LEVELS.index(s.level) * STEP) for s in steps]
        line = f"M{number(points[0][0], 1)} {points[0][1]}"
        for px, py in points[1:]:  # level held until the next rating, then the step
            line += f"H{number(px, 1)}V{py}"
        if x(last, left) > points[-1][0]:
            line += f"H{number(x(last, left), 1)}"
        body.append(f'<path class="s" d="{line}"/>')
        for step, (px, py) in zip(steps, points, strict=True):
            tip = f"{name}: {levels[step.level]} ({step.date.isoformat()})"
            body.append(
                f'<circle class="p" cx="{number(px, 1)}" cy="{py}" r="3">'
                f"<title>{escape(tip)}</title></circle>"
            )
            rows.append((cap, step.date.isoformat(), step.level, step.robustness))
        path = [steps[0].level] + [s.level for s in steps[1:] if s.change in ("up", "down")]
        summary.append(text(texts, "change", capacity=name, levels=" → ".join(levels[lv] for lv in path)))
    axis_y = lines * ROW + 4 + 14
    for column in range(columns if caps else 1):
        left = column * WIDTH
        body.append(f'<text x="{left + LEFT}" y="{axis_y}">{first.isoformat()}</text>')
        if last != first:
            end = left + WIDTH - RIGHT
            body.append(f'<text x="{end}" y="{axis_y}" text-anchor="end">{last.isoformat()}</text>')
    values = {"title": title, "first": first.isoformat(), "last": last.isoformat()}
    if caps:
        description = text(texts, "timeline-alt", changed=len(caps), summary="; ".join(summary), **values)
    else:
        description = text(texts, "timeline-alt-none", **values)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="pic pic-time" direction="ltr" '
        f'viewBox="0 0 {WIDTH * columns} {height}" '
        f'role="img" aria-labelledby={attr(f"{ident}-t {ident}-d")}>'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>'
        f"<style>{STYLE}</style>" + "".join(body) + "</svg>\n"
    )
    return Picture(title, description, svg, ("capacity", "date", "level", "robustness"), tuple(rows))
