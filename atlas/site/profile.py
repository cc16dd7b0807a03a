"""A group's profile at a glance: every capacity of the catalog as a tile, by category.

A rated tile shows the level three ways (a meter of 0 to 3 filled bars, the level's word, and its
colour) and the robustness in words; a capacity not assessed is an empty dashed tile. Plain HTML laid
out by CSS grid (theme/static/css/atlas.css, .pp-*), so it reflows to two columns on a 360 px phone and
never scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Mapping

from atlas.analysis.state import CurrentRating
from atlas.model.catalog import Catalog
from atlas.model.vocab import LEVELS
from atlas.site.pictures import Picture, attr, escape
from atlas.site.picturewords import LEVEL_WORDS, listed, text

PROFILE_HEADER = ("category", "capacity", "level", "robustness")


def draw_profile(
    catalog: Catalog,
    current: Mapping[str, CurrentRating],
    *,
    ident: str,
    title: str,
    names: Mapping[str, str] | None = None,
    category_names: Mapping[str, str] | None = None,
    texts: dict | None = None,
    levels: Mapping[str, str] | None = None,
    robustness: Mapping[str, str] | None = None,
    tiles: dict | None = None,
) -> Picture:
    """The profile of one group: `current` maps capacity ids to its current ratings (objects with
    `level` and `robustness`, such as analysis.state.CurrentRating); `names` labels the capacities.
    `tiles` keeps the tiles drawn so far (one language's), by capacity, level and robustness."""
    levels = levels or LEVEL_WORDS
    tiles = {} if tiles is None else tiles
    parts = [f'<div class="pic pic-profile" id={attr(ident)} role="group" aria-labelledby="{ident}-t">']
    parts.append(f'<p class="visually-hidden" id="{ident}-t">{escape(title)}</p>')
    for category in catalog.categories:
        label = (category_names or {}).get(category.id, category.name)
        parts.append(f'<p class="pp-cat">{escape(label)}</p><ul class="pp-tiles">')
        for capacity in category.capacities:
            rating = current.get(capacity.id)
            key = (capacity.id, rating.level, rating.robustness) if rating else (capacity.id, None, None)
            tile = tiles.get(key)
            if tile is None:
                name = (names or {}).get(capacity.id, capacity.name)
                tile = tiles[key] = _tile(capacity.id, name, rating, texts, levels, robustness or levels)
            parts.append(tile)
        parts.append("</ul>")
    parts.append("</div>\n")
    rows = profile_rows(catalog, current)
    description = _description(title, rows, texts, levels)
    return Picture(title, description, "".join(parts), PROFILE_HEADER, rows)


def _tile(
    cap_id: str,
    name: str,
    rating,
    texts: dict | None,
    levels: Mapping[str, str],
    robustness_words: Mapping[str, str],
) -> str:
    """One capacity's tile: blank when not assessed, else its meter, level and robustness."""
    if rating is None:
        return (
            f'<li class="pp-tile pp-blank" data-capacity={attr(cap_id)}>'
            f'<span class="pp-name">{escape(name)}</span>{escape(text(texts, "not-assessed"))}</li>'
        )
    level, robustness = rating.level, rating.robustness
    bars = "".join('<i class="on"></i>' if i < LEVELS.index(level) else "<i></i>" for i in range(3))
    if robustness:
        rob = text(texts, "robustness", robustness=robustness_words.get(robustness, robustness))
    else:  # a capacity at none has no robustness to rate
        rob = "" if level == "none" else text(texts, "no-robustness")
    return (
        f'<li class="pp-tile pp-{level}" data-capacity={attr(cap_id)} data-level="{level}">'
        f'<span class="pp-name">{escape(name)}</span>'
        f'<span class="pp-meter" aria-hidden="true">{bars}</span>{escape(levels[level])}'
        + (f'<span class="pp-rob">{escape(rob)}</span>' if rob else "")
        + "</li>"
    )


def profile_rows(catalog: Catalog, current: Mapping[str, CurrentRating]) -> tuple[tuple, ...]:
    """The profile's numbers, as its table and CSV give them (without drawing it)."""
    rows: list[tuple] = []
    for category in catalog.categories:
        for capacity in category.capacities:
            rating = current.get(capacity.id)
            level, robustness = (rating.level, rating.robustness) if rating else (None, None)
            rows.append((category.id, capacity.id, level, robustness))
    return tuple(rows)


def _description(title: str, rows: tuple[tuple, ...], texts: dict | None, levels: Mapping[str, str]) -> str:
    rated = [row for row in rows if row[2]]
    counts = listed(
        texts,
        (
            text(texts, "level-count", count=sum(1 for r in rated if r[2] == level), level=levels[level])
            for level in LEVELS
        ),
    )
    return text(texts, "profile-alt", title=title, rated=len(rated), total=len(rows), counts=counts)
