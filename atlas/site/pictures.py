"""What every picture is: a title, a text alternative, the drawing, and its numbers as rows and CSV.

The drawings (atlas.site.maps, atlas.site.profile, atlas.site.timeline, atlas.site.peerview) are plain
SVG or HTML strings made here, without Pelican or matplotlib: the same numbers give the same bytes.
Colours are CSS classes and custom properties, their light and dark values in the site's stylesheet.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

__all__ = ["Picture", "attr", "escape", "number"]


@dataclass(frozen=True)
class Picture:
    """A drawn picture and the numbers behind it."""

    title: str
    description: str  # the text alternative: what the picture shows, in sentences
    markup: str  # an <svg> element (or, for the profile, an HTML <div>)
    header: tuple[str, ...]  # the CSV's and the table's column headings (ids, not prose)
    rows: tuple[tuple, ...]

    @property
    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows([("" if cell is None else cell) for cell in row] for row in self.rows)
        return out.getvalue()


def attr(value: object) -> str:
    """A quoted, escaped XML attribute value."""
    return quoteattr(str(value))


def number(value: float | int | None, digits: int = 3) -> str:
    """A number as the CSV and the tables write it: integers bare, shares with at most `digits` places."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") or "0"
