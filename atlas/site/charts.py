"""Charts: level distributions drawn as stacked horizontal bars in SVG, with matplotlib.

A chart is described by a plain, hashable spec; the same spec always gives the same bytes. Drawn charts
are kept in a cache folder under a hash of the spec, this module's drawing version and matplotlib's
version, so a build draws only charts it has never drawn (`render`), and the cache forgets charts no
build has used for a month.
matplotlib is imported only when a chart must be drawn. Deleting the cache only costs time.

A chart is laid out here, in points, and handed straight to matplotlib's SVG renderer as a few paths
(one per colour) and lines of text: no Figure, Axes, ticks or legend objects are built, and no text is
laid out twice. Text widths and heights come from matplotlib's own font measurements, taken once per
string and process. Texts are anchored in the SVG (start, middle or end) so they stay aligned in
whichever sans-serif font a browser substitutes when DejaVu Sans is missing.

A right-to-left chart (`direction="rtl"`, for Arabic) is the same scene mirrored: row labels on the right,
bars growing leftwards from there, the legend read from the right. Its texts keep their anchors and the
SVG says `direction="rtl"`, under which a text's start is its right edge; the browser shapes the text and
orders it (the SVG holds it in logical order, as typed), and matplotlib measures it shaped.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import re
import time
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from atlas.model.vocab import LEVELS

# A colour-blind-safe diverging palette (ColorBrewer PuOr, 4 classes); always shown with text too.
LEVEL_COLOURS = {"none": "#e66101", "low": "#fdb863", "medium": "#b2abd2", "high": "#5e3c99"}

logger = logging.getLogger(__name__)
K = TypeVar("K", bound=Hashable)  # how the charts of a build are named

CHART_CODE_VERSION = "5"  # bump when the drawing code changes, to invalidate cached charts
UNUSED_DAYS = 30  # a cached chart no build has used for this long is forgotten

# Layout, in points (1/72 inch), following matplotlib's default look for each part of a chart.
FONT = "DejaVu Sans"
WIDTH = 460.8  # at least
PLOT_WIDTH = 244.8  # at least, beside the row labels
ROW = 21.6
BAR = 0.7  # of a row
TOP = 32.4
BOTTOM = 54
GUTTER = 8.64
TITLE_TOP = 8.64  # from the top edge to the top of the title
LABEL_GAP = 0.01  # between row labels and bars, as a share of the plot's width
TITLE_SIZE, LABEL_SIZE, COUNT_SIZE, TICK_SIZE, KEY_SIZE = 11, 9, 8, 10, 9
TICK = 3.5  # tick length, and the gap between a tick and its label
LINE = 0.8  # axis and tick width
LABEL_PAD = 4  # between tick labels and the axis label
KEY_WIDTH, KEY_HEIGHT, KEY_EDGE, KEY_PAD, KEY_GAP, KEY_BOTTOM = 18, 6.3, 1, 7.2, 18, 5.4
DARK_LEVELS = ("none", "high")  # levels whose colour needs white count labels
NEAR_BLACK = "#111111"  # count labels on the light levels: a colour of their own, unlike black (see _DARK)


@dataclass(frozen=True)
class BarChart:
    """Stacked bars of level counts, one bar per row label."""

    title: str
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # (label, counts in LEVELS order)
    unit: str = "entities"
    axis: str = ""  # the axis title in the page's language (default: "number of <unit>")
    keys: tuple[str, ...] = ()  # the legend's level names in the page's language (default: LEVELS)
    direction: str = "ltr"  # "rtl": drawn mirrored, to be read from the right

    def key(self, library_version: str) -> str:
        parts = [CHART_CODE_VERSION, library_version, self.title, self.rows, self.unit]
        parts += [self.axis, self.keys] if self.axis or self.keys else []  # English charts keep their keys
        parts += [self.direction] if self.direction != "ltr" else []
        payload = json.dumps(parts)
        return hashlib.sha256(payload.encode()).hexdigest()[:32]


@cache
def library_version() -> str:
    """matplotlib's version, read from its metadata without importing it."""
    import importlib.metadata

    return importlib.metadata.version("matplotlib")


def _style() -> dict:
    return {
        "svg.hashsalt": "capacity-atlas",
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.sans-serif": [FONT],
    }


@cache
def _width(text: str, size: float) -> float:
    """Width in points of one line of text, as matplotlib measures it for SVG."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(family=FONT, size=size)
    return text_to_path.get_text_width_height_descent(text, font, ismath=False)[0]


@cache
def _ascent_descent(size: float) -> tuple[float, float]:
    """The font's line box above and below the baseline, in points: what matplotlib centres text on."""
    from matplotlib.font_manager import FontProperties, findfont, get_font

    font = get_font(findfont(FontProperties(family=FONT)))
    metrics, head = font.get_sfnt_table("OS/2"), font.get_sfnt_table("head")
    assert metrics is not None and head is not None, f"{FONT} lacks its OS/2 or head table"
    scale = size / head["unitsPerEm"]
    return metrics["sTypoAscender"] * scale, -metrics["sTypoDescender"] * scale


@dataclass(frozen=True)
class _Text:
    x: float
    baseline: float  # points from the bottom
    text: str
    size: float
    anchor: str = "left"  # left, center or right of the text at x
    colour: str = "black"


def _centred(x: float, middle: float, text: str, size: float, **style) -> _Text:
    """A text whose line box is centred on `middle`."""
    ascent, descent = _ascent_descent(size)
    return _Text(x, middle - (ascent - descent) / 2, text, size, **style)


def _ticks(total: int, length: float) -> list[int]:
    """Integer tick values from 0 to total, as many as matplotlib would fit along `length` points."""
    from matplotlib.ticker import MaxNLocator

    bins = max(1, min(9, int(length // (TICK_SIZE * 3))))
    locator = MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10], integer=True)
    return [round(t) for t in locator.tick_values(0, total) if 0 <= t <= total]


def _rectangles(boxes: list[tuple[float, float, float, float]]):
    """One path of many rectangles, each (left, bottom, right, top)."""
    from matplotlib.path import Path

    vertices = [v for x0, y0, x1, y1 in boxes for v in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))]
    codes = [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY] * len(boxes)
    return Path(vertices, codes)


class _Scene:
    """Where every bar, line and text of a chart goes, in points from the bottom left."""

    def __init__(self, chart: BarChart):
        rows = max(len(chart.rows), 1)
        self.left = max((_width(label, LABEL_SIZE) for label, _ in chart.rows), default=0) + 2 * GUTTER
        self.width = max(WIDTH, self.left + PLOT_WIDTH + GUTTER)
        self.height = TOP + BOTTOM + ROW * rows
        self.right = self.width - GUTTER
        self.direction = chart.direction
        self.total = max((sum(counts) for _, counts in chart.rows), default=0) or 1
        self.scale = (self.right - self.left) / self.total
        self.bars: dict[str, list] = {level: [] for level in LEVELS}
        self.texts = [
            _Text(GUTTER, self.height - TITLE_TOP - _ascent_descent(TITLE_SIZE)[0], chart.title, TITLE_SIZE)
        ]
        for index, (label, counts) in enumerate(chart.rows):
            self._row(self.height - TOP - (index + 0.5) * ROW, label, counts)
        self.axis = self._axis(chart.axis or f"number of {chart.unit}")
        self.keys = self._legend(chart.keys or LEVELS)

    def _row(self, middle: float, label: str, counts: tuple[int, ...]) -> None:
        label_x = self.left - LABEL_GAP * (self.right - self.left)
        self.texts.append(_centred(label_x, middle, label, LABEL_SIZE, anchor="right"))
        start = self.left
        for level, count in zip(LEVELS, counts, strict=True):
            if not count:
                continue
            end = start + count * self.scale
            self.bars[level].append((start, middle - ROW * BAR / 2, end, middle + ROW * BAR / 2))
            if _width(str(count), COUNT_SIZE) + 2 <= end - start:
                ink = "white" if level in DARK_LEVELS else NEAR_BLACK  # set in the SVG: kept in dark mode
                self.texts.append(
                    _centred((start + end) / 2, middle, str(count), COUNT_SIZE, anchor="center", colour=ink)
                )
            start = end

    def _axis(self, title: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
        """The x axis as line segments; adds its tick labels and title to the texts."""
        ascent, descent = _ascent_descent(TICK_SIZE)
        lines: list[tuple[tuple[float, float], tuple[float, float]]] = [
            ((self.left - LINE / 2, BOTTOM), (self.right + LINE / 2, BOTTOM))
        ]
        for tick in _ticks(self.total, self.right - self.left):
            x = self.left + tick * self.scale
            lines.append(((x, BOTTOM), (x, BOTTOM - TICK)))
            self.texts.append(_Text(x, BOTTOM - 2 * TICK - ascent, str(tick), TICK_SIZE, anchor="center"))
        under = BOTTOM - 2 * TICK - ascent - descent - LABEL_PAD - ascent
        self.texts.append(_Text((self.left + self.right) / 2, under, title, TICK_SIZE, "center"))
        return lines

    def _legend(self, names: tuple[str, ...]) -> list[tuple[str, tuple[float, float, float, float]]]:
        """A key per level, centred in a row at the bottom; adds the level names to the texts."""
        baseline = KEY_BOTTOM + _ascent_descent(KEY_SIZE)[1]
        widths = [KEY_WIDTH + KEY_PAD + _width(name, KEY_SIZE) for name in names]
        x = (self.width - sum(widths) - KEY_GAP * (len(LEVELS) - 1)) / 2
        keys = []
        for level, name, width in zip(LEVELS, names, widths, strict=True):
            half = KEY_EDGE / 2  # the key's outline, in its own colour, as matplotlib's legend draws it
            keys.append(
                (level, (x - half, baseline - half, x + KEY_WIDTH + half, baseline + KEY_HEIGHT + half))
            )
            self.texts.append(_Text(x + KEY_WIDTH + KEY_PAD, baseline, name, KEY_SIZE))
            x += width + KEY_GAP
        return keys


def _paint(renderer, scene: _Scene) -> None:
    """Hand the scene to a matplotlib renderer: background, bars, axis, legend keys, then all text."""
    from matplotlib.colors import to_rgb
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path
    from matplotlib.text import Text
    from matplotlib.transforms import Affine2D, IdentityTransform

    rtl = scene.direction == "rtl"
    points = Affine2D().scale(-1, 1).translate(scene.width, 0) if rtl else IdentityTransform()
    gc = renderer.new_gc()
    gc.set_linewidth(0)
    renderer.draw_path(gc, _rectangles([(0, 0, scene.width, scene.height)]), points, to_rgb("white"))
    renderer.open_group("bars", "bars")
    gc.set_linewidth(0.6)
    gc.set_foreground("white")
    for level, boxes in scene.bars.items():
        if boxes:
            renderer.draw_path(gc, _rectangles(boxes), points, to_rgb(LEVEL_COLOURS[level]))
    renderer.close_group("bars")
    renderer.open_group("axis", "axis")
    gc.set_linewidth(LINE)
    gc.set_foreground("black")
    codes = [Path.MOVETO, Path.LINETO] * len(scene.axis)
    renderer.draw_path(gc, Path([p for line in scene.axis for p in line], codes), points)
    renderer.close_group("axis")
    renderer.open_group("legend", "legend")
    gc.set_linewidth(0)
    for level, box in scene.keys:
        renderer.draw_path(gc, _rectangles([box]), points, to_rgb(LEVEL_COLOURS[level]))
    renderer.close_group("legend")
    renderer.open_group("text", "text")
    fonts = {size: FontProperties(size=size) for size in {text.size for text in scene.texts}}
    anchor = Text(transform=IdentityTransform())  # where each text is tied, for SVG's text-anchor
    for text in scene.texts:
        x = scene.width - text.x if rtl else text.x  # mirrored, its anchor's start is its right edge
        anchor.set_position((x, text.baseline))
        anchor.set_horizontalalignment(text.anchor)  # type: ignore[arg-type]  # left, center or right
        gc.set_foreground(text.colour)
        renderer.draw_text(gc, x, scene.height - text.baseline, text.text, fonts[text.size], 0, mtext=anchor)
    renderer.close_group("text")
    gc.restore()


def draw(chart: BarChart) -> str:
    """Draw one chart and return its SVG text."""
    import matplotlib
    from matplotlib.backends.backend_svg import RendererSVG

    out = io.StringIO()
    with matplotlib.rc_context(_style()):
        scene = _Scene(chart)
        metadata = {"Title": chart.title, "Date": None, "Creator": None}
        renderer = RendererSVG(scene.width, scene.height, out, metadata=metadata)
        _paint(renderer, scene)
        renderer.finalize()
    svg = _compact(out.getvalue())
    if chart.direction == "rtl":  # every text reads from the right; its anchor's start is its right edge
        svg = svg.replace("<svg ", '<svg direction="rtl" ', 1)
    return svg


_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_TAG = re.compile(r"<[^>]*>")  # text is escaped, so no tag holds a bare ">" and no text a "<"
_NULL_ROTATION = re.compile(r' transform="rotate\(-?0 [^"]*\)"')
_PLACE = re.compile(r' (d|x|y)="([^"]*)"')
_DECIMALS = re.compile(r"(\d+\.\d\d)\d+")
_INLINE_FONT = f"; font-family: '{FONT}', sans-serif"
# In dark mode (the reader's, as the site's stylesheet follows it; an SVG shown as an image sees it too):
# the site's dark background and text colours. Texts written in black carry no colour of their own and
# turn light; the counts inside bars carry theirs and keep it.
_DARK = (
    "@media (prefers-color-scheme: dark){svg>path:first-of-type{fill:#1b1e22!important}"
    "#bars path{stroke:#1b1e22!important}#axis path{stroke:#aab0b6!important}text{fill:#e7e8e4}}"
)
_SHARED_FONT = f"text{{font-family: '{FONT}', sans-serif}}{_DARK}</style>"


def _hundredths(match: re.Match) -> str:
    return f' {match[1]}="' + " ".join(_DECIMALS.sub(r"\1", match[2]).split()) + '"'


def _compact_tag(match: re.Match) -> str:
    return _PLACE.sub(_hundredths, _NULL_ROTATION.sub("", match[0])).replace(_INLINE_FONT, "")


def _compact(svg: str) -> str:
    """Smaller SVG, same picture: no metadata block, coordinates to 1/100 point on one line, no null
    rotations, and the font named once in the style sheet rather than on every text."""
    svg = _TAG.sub(_compact_tag, _METADATA.sub("", svg, count=1))
    return svg.replace("</style>", _SHARED_FONT, 1)


def _cache_path(cache_dir: Path, chart: BarChart) -> Path:
    return cache_dir / f"{chart.key(library_version())}.svg"


def _from_cache(
    charts: Mapping[K, BarChart], cache_dir: Path | None
) -> tuple[dict[K, str], dict[K, BarChart]]:
    """The SVG of every chart already in the cache, and the charts still to draw."""
    if cache_dir is None:
        return {}, dict(charts)
    found: dict[K, str] = {}
    missing: dict[K, BarChart] = {}
    for name, chart in charts.items():
        try:
            found[name] = _cache_path(cache_dir, chart).read_text(encoding="utf-8")
        except OSError:  # not kept, or gone since: draw it
            missing[name] = chart
    return found, missing


def _store(charts: Mapping[K, BarChart], svgs: Mapping[K, str], cache_dir: Path | None) -> None:
    """Keep freshly drawn charts in the cache (written whole, so a reader never sees half a file)."""
    if not cache_dir:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name, chart in charts.items():
        path = _cache_path(cache_dir, chart)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(svgs[name], encoding="utf-8")
        tmp.replace(path)


def _forget_unused(charts: Mapping[K, BarChart], cache_dir: Path | None, days: int = UNUSED_DAYS) -> None:
    """Mark the cached charts of this build as used now and forget those no build has used for `days`,
    so that a cache carried from build to build (as CI does) does not grow with every change of the data,
    while builds of other data sharing the folder (the tests, a synthetic atlas) keep theirs."""
    if not cache_dir:
        return
    now = time.time()
    used = {_cache_path(cache_dir, chart) for chart in charts.values()}
    for path in used:
        with contextlib.suppress(OSError):
            os.utime(path, (now, now))
    for path in cache_dir.glob("*.svg"):
        with contextlib.suppress(OSError):
            if path not in used and path.stat().st_mtime < now - days * 86400:
                path.unlink()


def render(charts: Mapping[K, BarChart], cache_dir: Path | None) -> dict[K, str]:
    """SVG text for each chart (named by any key, such as language and name), drawing only those missing
    from the cache, which then keeps them."""
    svgs, missing = _from_cache(charts, cache_dir)
    drawn = {name: draw(chart) for name, chart in missing.items()}
    _store(missing, drawn, cache_dir)
    _forget_unused(charts, cache_dir)
    logger.info("Atlas: %d of %d charts drawn, the others read from the cache", len(drawn), len(charts))
    svgs.update(drawn)
    return {name: svgs[name] for name in charts}
