"""World maps drawn as SVG at build time: values per country, or per funding region, as a choropleth.

A place with a value of zero is filled with the scale's lightest step; a place without data is
hatched; both are named in the key below the map (page text, not part of the drawing). Values are
counts or shares (0 to 1, with the n behind them); they fall in at most five steps of a sequential,
colour-blind-safe scale (ColorBrewer YlGnBu in light mode, a darker ramp rising to light in dark
mode), set as CSS custom properties in the site's stylesheet
(theme/static/css/atlas.css: the SVG is inline, and a page's body holds no style element).
Outlines: atlas.site.outlines (Natural Earth, public domain).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from babel import Locale

from atlas.site.countryregions import region_of
from atlas.site.outlines import HEIGHT, WIDTH, Outline, OutlinesMissing, world
from atlas.site.pictures import Picture, attr, escape, number
from atlas.site.picturewords import listed, text

STEPS = 5
SHARE_BREAKS = (0.2, 0.4, 0.6, 0.8, 1.0)
NICE = (1, 2, 5)
DOT = 6  # radius of the dot of a place too small to draw
PAD = 24  # around a region's countries when the map is cropped to them
MAIN_RING = 0.18  # rings smaller than this share of a country's largest are left out of its box


@dataclass(frozen=True)
class MapValue:
    """A place's value: a count, or a share from 0 to 1 of `n`."""

    value: float
    n: int | None = None


@dataclass(frozen=True)
class Scale:
    """Upper bounds of the steps after zero (inclusive), and whether values are shares."""

    bounds: tuple[float, ...]
    share: bool

    def step(self, value: float) -> int:
        """0 for zero, else 1..len(bounds)."""
        if value <= 0:
            return 0
        if self.share:  # by the rounded percentage the table shows, at least step 1
            value = max(round(value * 100), 1) / 100
        return next((i + 1 for i, bound in enumerate(self.bounds) if value <= bound), len(self.bounds))

    def labels(self, texts: dict | None) -> list[str]:
        def show(value: float) -> str:
            return text(texts, "percent", value=round(value * 100)) if self.share else number(value)

        labels, low = [show(0)], 0.0
        for bound in self.bounds:
            first = low + (0.01 if self.share else 1)
            labels.append(
                show(bound)
                if first == bound
                else f"{number(round(first * 100)) if self.share else number(first)}–{show(bound)}"
            )
            low = bound
        return labels


def scale_for(values: Iterable[float], share: bool) -> Scale:
    """Fixed fifths for shares; for counts, at most five steps of a round width (1, 2, 5, 10, 20 ...)."""
    if share:
        return Scale(SHARE_BREAKS, True)
    top = max([*values, 1])
    width = next(n * 10**e for e in range(12) for n in NICE if math.ceil(top / (n * 10**e)) <= STEPS)
    return Scale(tuple(width * i for i in range(1, math.ceil(top / width) + 1)), False)


@cache
def _shape(code: str) -> str:
    """A country's outline as path data, written once per process."""
    return _path(next(o for o in world() if o.code == code).rings)


def _path(rings) -> str:
    parts = []
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        deltas, last = [], (x, y)
        for px, py in rest:
            deltas.append(f"{px - last[0]} {py - last[1]}")
            last = (px, py)
        parts.append(f"M{x} {y}l" + " ".join(deltas) + "z")
    return "".join(parts).replace(" -", "-")


def _box(outline: Outline, main: bool = False) -> tuple[int, int, int, int]:
    """The box around a place; with `main`, around its larger rings only (not far islands)."""
    if outline.point:
        x, y = outline.point
        return x - DOT, y - DOT, x + DOT, y + DOT
    rings = outline.rings
    if main:
        largest = max(_area(r) for r in rings)
        rings = tuple(r for r in rings if _area(r) >= MAIN_RING * largest)
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _area(ring) -> float:
    return (
        abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


def _view(outlines: tuple[Outline, ...], focus: set[str] | None) -> tuple[int, int, int, int]:
    """x, y, width, height of the map area: the world, or the box around the focus countries."""
    boxes = [_box(o, main=True) for o in outlines if focus is not None and o.code in focus]
    if not boxes:
        return 0, 0, WIDTH, HEIGHT
    x0, y0 = max(0, min(b[0] for b in boxes) - PAD), max(0, min(b[1] for b in boxes) - PAD)
    x1, y1 = min(WIDTH, max(b[2] for b in boxes) + PAD), min(HEIGHT, max(b[3] for b in boxes) + PAD)
    if (x1 - x0) < 1.6 * (y1 - y0):  # no taller than 1.6:1 wide, so a phone shows it whole
        grow = round(1.6 * (y1 - y0)) - (x1 - x0)
        x0 = max(0, min(WIDTH - round(1.6 * (y1 - y0)), x0 - grow // 2))
        x1 = min(WIDTH, x0 + round(1.6 * (y1 - y0)))
    return x0, y0, x1 - x0, y1 - y0


def _inside(box, view) -> bool:
    x, y, w, h = view
    return box[2] >= x and box[0] <= x + w and box[3] >= y and box[1] <= y + h


@cache
def country_names(locale: str = "en") -> dict[str, str]:
    """Country names in a language, from the CLDR data that Babel ships."""
    names = dict(Locale.parse(locale).territories)
    return {code: name for code, name in names.items() if len(code) == 2 and code.isalpha()}


def prepare(locales: Iterable[str]) -> None:
    """Read the country outlines and the locales' country names now, if they are installed: the worker
    processes forked next then share them, where each would read its own (a fifth of a second each)."""
    try:
        world()
    except OutlinesMissing:
        return  # said when a map is drawn
    for locale in locales:
        country_names(locale)


def draw_map(
    values: Mapping[str, MapValue | float],
    *,
    ident: str,
    title: str,
    by: str = "country",
    share: bool = False,
    names: Mapping[str, str] | None = None,
    focus: Iterable[str] | None = None,
    texts: dict | None = None,
    locale: str = "en",
) -> Picture:
    """A world map of `values` by country code, or (by="region") by region id, coloured by step.

    `ident` makes the SVG's ids unique on a page; `names` names the rows (default: country names in
    `locale`, else the codes); `focus` (country codes) crops the map to those countries and greys the rest.
    """
    data = {key: v if isinstance(v, MapValue) else MapValue(v) for key, v in values.items()}
    scale = scale_for((v.value for v in data.values()), share)
    countries = country_names(locale)
    names = dict(names) if names is not None else countries if by == "country" else {}
    outlines = world()
    drawn = {o.code: o for o in outlines}
    wanted = set(focus) if focus is not None else None
    view = _view(outlines, wanted)
    hatch = f"{ident}-nd"

    def place_of(code: str) -> str | None:
        return code if by == "country" else region_of(code)

    shapes = []
    for outline in outlines:
        if not _inside(_box(outline), view):
            continue
        key = place_of(outline.code)  # a place's tip names what its colour counts: its region, or itself
        name = (names.get(key) if key else None) or countries.get(outline.code, outline.name)
        if wanted is not None and outline.code not in wanted:
            cls, fill, tip = "out", "", ""
        elif key in data:
            value = data[key]
            cls, fill, tip = f"v{scale.step(value.value)}", "", _tip(name, value, share, texts)
        else:
            if outline.point:
                continue  # a dot without data says nothing
            cls, fill, tip = "nd", f" fill={attr(f'url(#{hatch})')}", text(texts, "no-data-tip", name=name)
        title_el = f"<title>{escape(tip)}</title>" if tip else ""
        if outline.point:
            x, y = outline.point
            shapes.append(f'<circle class="{cls}" cx="{x}" cy="{y}" r="{DOT}"{fill}>{title_el}</circle>')
        else:
            shapes.append(f'<path class="{cls}"{fill} d="{_shape(outline.code)}">{title_el}</path>')

    header, rows = map_table(data, by, share, names)
    description = _description(title, data, names, scale, share, texts)
    undrawn = sorted(k for k in data if by == "country" and k not in drawn)
    if undrawn:
        places = listed(texts, (names.get(k, k) for k in undrawn))
        description += " " + text(texts, "undrawn", places=places)
    svg = _svg(ident, title, description, view, shapes, scale, texts, hatch, wanted is not None)
    return Picture(title, description, svg, header, rows)


def map_table(
    values: Mapping[str, MapValue | float], by: str, share: bool, names: Mapping[str, str]
) -> tuple[tuple[str, ...], tuple[tuple, ...]]:
    """A map's numbers, as its table and CSV give them (without drawing it): header and rows."""
    rows = tuple(
        (key, names.get(key, key), number(v.value), *((v.n,) if share else ()))
        for key, v in ((key, v if isinstance(v, MapValue) else MapValue(v)) for key, v in values.items())
    )
    return (by, "name", "value", *(("n",) if share else ())), rows


def _tip(name: str, value: MapValue, share: bool, texts: dict | None) -> str:
    if share and value.n:
        percent = text(texts, "percent", value=round(value.value * 100))
        return text(
            texts, "share-tip", name=name, percent=percent, count=round(value.value * value.n), n=value.n
        )
    return text(texts, "count-tip", name=name, value=number(value.value))


def _description(title, data, names, scale, share, texts) -> str:
    if not data:
        return text(texts, "map-alt-empty", title=title)
    top_value = max(v.value for v in data.values())
    top = [names.get(k, k) for k, v in data.items() if v.value == top_value]
    shown = text(texts, "percent", value=round(top_value * 100)) if share else number(top_value)
    zero = sum(1 for v in data.values() if v.value <= 0)
    return text(
        texts, "map-alt", title=title, with_data=len(data), zero=zero, top_value=shown, top=listed(texts, top)
    )


def _svg(ident, title, description, view, shapes, scale, texts, hatch, focused) -> str:
    """The map, then its key: the key is page text, readable at any width and in the page's direction."""
    x, y, w, h = view
    k = w / WIDTH  # a cropped map is shown as wide as the world: its hatch and edges shrink to match
    gap = number(10 * k, 2)
    return (
        '<div class="pic-map-box"><svg xmlns="http://www.w3.org/2000/svg" class="pic pic-map" '
        f'direction="ltr" viewBox="{x} {y} {w} {h}" role="img" aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>'
        f'<defs><pattern id="{hatch}" width="{gap}" height="{gap}" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect class="hb" width="{gap}" height="{gap}"/>'
        f'<path class="hl" d="M0 0v{gap}"/></pattern><clipPath id="{ident}-c"><rect x="{x}" y="{y}" '
        f'width="{w}" height="{h}"/></clipPath></defs>'  # places reaching past a cropped map stop at its edge
        f'<g clip-path="url(#{ident}-c)" style="stroke-width:{number(0.6 * k, 2)}">'
        + "".join(shapes)
        + "</g></svg>"
        + _key(scale, texts, focused)
        + "</div>\n"
    )


def _key(scale: Scale, texts, focused: bool) -> str:
    """A swatch and its words for zero, each step and no data (and the places outside a region's map);
    hidden from screen readers, which have the map's description and its table."""
    items = [(f"v{i}", label) for i, label in enumerate(scale.labels(texts))]
    items.append(("nd", text(texts, "no-data")))
    if focused:
        items.append(("out", text(texts, "outside")))
    cells = "".join(f'<li><i class="mk {cls}"></i>{escape(label)}</li>' for cls, label in items)
    return f'<ul class="map-key" aria-hidden="true">{cells}</ul>'
