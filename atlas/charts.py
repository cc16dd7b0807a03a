"""Charts: level distributions drawn as stacked horizontal bars in SVG, with matplotlib.

A chart is described by a plain, hashable spec; the same spec always gives the same bytes. Drawn charts
are kept in a cache folder under a hash of the spec, this module's drawing version and matplotlib's
version, so a build draws only charts it has never drawn, several at a time in a pool of processes.
matplotlib is imported only when a chart must be drawn. Deleting the cache only costs time.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from atlas.vocab import LEVEL_COLOURS, LEVELS

CHART_CODE_VERSION = "3"  # bump when the drawing code changes, to invalidate cached charts

# Layout, in inches: fixed margins instead of a layout engine, which would draw every chart twice.
WIDTH = 6.4
PLOT_WIDTH = 3.4  # at least, beside the row labels
ROW = 0.3
TOP = 0.45
BOTTOM = 0.75
GUTTER = 0.12
LABEL_SIZE = 9
COUNT_SIZE = 8
DARK_LEVELS = ("none", "high")  # levels whose colour needs white count labels


@dataclass(frozen=True)
class BarChart:
    """Stacked bars of level counts, one bar per row label."""

    title: str
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # (label, counts in LEVELS order)
    unit: str = "entities"

    def key(self, library_version: str) -> str:
        payload = json.dumps([CHART_CODE_VERSION, library_version, self.title, self.rows, self.unit])
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
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _label_width(labels: list[str]) -> float:
    """Width in inches of the longest row label, measured with the font the chart uses."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=LABEL_SIZE)
    points = max(
        (text_to_path.get_text_width_height_descent(s, font, ismath=False)[0] for s in labels), default=0
    )
    return points / 72


def draw(chart: BarChart) -> str:
    """Draw one chart and return its SVG text."""
    import matplotlib
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    with matplotlib.rc_context(_style()):
        labels = [label for label, _ in chart.rows][::-1]
        counts = [counts for _, counts in chart.rows][::-1]
        height = TOP + BOTTOM + ROW * max(len(labels), 1)
        left = _label_width(labels) + 2 * GUTTER
        width = max(WIDTH, left + PLOT_WIDTH + GUTTER)
        fig = Figure(figsize=(width, height))
        ax = fig.add_axes(
            (left / width, BOTTOM / height, 1 - (left + GUTTER) / width, 1 - (TOP + BOTTOM) / height)
        )
        total = max((sum(row) for row in counts), default=0) or 1
        points_per_unit = (width - left - GUTTER) * 72 / total
        boxes, colours = [], []
        for y, row in enumerate(counts):
            start = 0
            for level, count in zip(LEVELS, row, strict=True):
                if count:
                    boxes.append(
                        [
                            (start, y - 0.35),
                            (start + count, y - 0.35),
                            (start + count, y + 0.35),
                            (start, y + 0.35),
                        ]
                    )
                    colours.append(LEVEL_COLOURS[level])
                    if count * points_per_unit >= COUNT_SIZE * 0.62 * len(str(count)) + 2:
                        ink = "white" if level in DARK_LEVELS else "black"
                        ax.text(
                            start + count / 2,
                            y,
                            str(count),
                            ha="center",
                            va="center",
                            fontsize=COUNT_SIZE,
                            color=ink,
                        )
                    start += count
        ax.add_collection(PolyCollection(boxes, facecolors=colours, edgecolors="white", linewidths=0.6))
        for y, label in enumerate(labels):
            ax.text(
                -0.01,
                y,
                label,
                transform=ax.get_yaxis_transform(),
                ha="right",
                va="center",
                fontsize=LABEL_SIZE,
            )
        ax.set_xlim(0, total)
        ax.set_ylim(-0.5, max(len(labels), 1) - 0.5)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel(f"number of {chart.unit}")
        fig.text(GUTTER / width, 1 - 0.12 / height, chart.title, ha="left", va="top", fontsize=11)
        keys = [Patch(color=LEVEL_COLOURS[level], label=level) for level in LEVELS]
        fig.legend(
            handles=keys, loc="lower center", ncols=len(LEVELS), frameon=False, fontsize=9, borderaxespad=0.2
        )
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return _compact(out.getvalue())


_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_PATH_DATA = re.compile(r' d="([^"]*)"')
_DECIMALS = re.compile(r"(\d+\.\d\d)\d+")


def _compact(svg: str) -> str:
    """Smaller SVG, same picture: no metadata block, path coordinates to 1/100 point on one line."""
    svg = _METADATA.sub("", svg, count=1)
    return _PATH_DATA.sub(lambda m: ' d="' + " ".join(_DECIMALS.sub(r"\1", m.group(1)).split()) + '"', svg)


def _cache_path(cache_dir: Path, chart: BarChart) -> Path:
    return cache_dir / f"{chart.key(library_version())}.svg"


def from_cache(
    charts: dict[str, BarChart], cache_dir: Path | None
) -> tuple[dict[str, str], dict[str, BarChart]]:
    """The SVG of every chart already in the cache, and the charts still to draw."""
    found, missing = {}, {}
    for name, chart in charts.items():
        path = _cache_path(cache_dir, chart) if cache_dir else None
        if path and path.is_file():
            found[name] = path.read_text(encoding="utf-8")
        else:
            missing[name] = chart
    return found, missing


def store(charts: dict[str, BarChart], svgs: dict[str, str], cache_dir: Path | None) -> None:
    """Keep freshly drawn charts in the cache (written whole, so a reader never sees half a file)."""
    if not cache_dir:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name, chart in charts.items():
        path = _cache_path(cache_dir, chart)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(svgs[name], encoding="utf-8")
        tmp.replace(path)


def render(
    charts: dict[str, BarChart], cache_dir: Path | None, pool: Executor | None = None
) -> dict[str, str]:
    """SVG text for each named chart, drawing only those missing from the cache (in `pool` if given)."""
    svgs, missing = from_cache(charts, cache_dir)
    if pool is not None:
        futures = {name: pool.submit(draw, chart) for name, chart in missing.items()}
        drawn = {name: future.result() for name, future in futures.items()}
    else:
        drawn = {name: draw(chart) for name, chart in missing.items()}
    store(missing, drawn, cache_dir)
    svgs.update(drawn)
    return {name: svgs[name] for name in charts}
