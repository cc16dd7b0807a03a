"""Charts: level distributions drawn as stacked horizontal bars in SVG, with matplotlib.

A chart is described by a plain, hashable spec; the same spec always gives the same bytes, and a
spec already drawn is read back from the cache instead of being drawn again.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from atlas.vocab import LEVEL_COLOURS, LEVELS

CHART_CODE_VERSION = "1"  # bump when the drawing code changes, to invalidate cached charts


@dataclass(frozen=True)
class BarChart:
    """Stacked bars of level counts, one bar per row label."""

    title: str
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # (label, counts in LEVELS order)
    unit: str = "entities"

    def key(self, library_version: str) -> str:
        payload = json.dumps([CHART_CODE_VERSION, library_version, self.title, self.rows, self.unit])
        return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _style() -> dict:
    return {
        "svg.hashsalt": "capacity-atlas",
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def draw(chart: BarChart) -> str:
    """Draw one chart and return its SVG text."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_style()):
        labels = [label for label, _ in chart.rows][::-1]
        counts = [counts for _, counts in chart.rows][::-1]
        height = 0.9 + 0.3 * max(len(labels), 1)
        fig = Figure(figsize=(6.4, height), layout="constrained")
        ax = fig.add_subplot()
        left = [0] * len(labels)
        for i, level in enumerate(LEVELS):
            widths = [row[i] for row in counts]
            bars = ax.barh(
                labels,
                widths,
                left=left,
                color=LEVEL_COLOURS[level],
                label=level,
                edgecolor="white",
                linewidth=0.6,
                height=0.7,
            )
            ax.bar_label(
                bars,
                labels=[str(w) if w else "" for w in widths],
                label_type="center",
                fontsize=8,
                color="black" if level in ("low", "medium") else "white",
            )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.set_xlabel(f"number of {chart.unit}")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(axis="y", length=0)
        ax.set_title(chart.title, loc="left", fontsize=11)
        fig.legend(loc="outside lower center", ncols=4, frameon=False, fontsize=9)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def render(charts: dict[str, BarChart], cache_dir: Path | None) -> dict[str, str]:
    """SVG text for each named chart, drawing only those missing from the cache."""
    import importlib.metadata

    version = importlib.metadata.version("matplotlib")
    result = {}
    for name, chart in charts.items():
        cached = cache_dir / f"{chart.key(version)}.svg" if cache_dir else None
        if cached and cached.exists():
            result[name] = cached.read_text(encoding="utf-8")
            continue
        result[name] = draw(chart)
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(".tmp")
            tmp.write_text(result[name], encoding="utf-8")
            tmp.replace(cached)
    return result
