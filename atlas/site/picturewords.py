"""The English words of the pictures, in one place for translation (each a format string).

Callers that translate pass their own mapping with the same keys; a missing key falls back to English.
"""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # maps
    "no-data": "No data",
    "outside": "Outside the region",
    "percent": "{value}%",
    "share-tip": "{name}: {percent} ({count} of {n})",
    "count-tip": "{name}: {value}",
    "no-data-tip": "{name}: no data",
    "map-alt": (
        "{title}. A world map: {with_data} places have data, of which {zero} at zero; the highest value is "
        "{top_value}, in {top}. Places without data are hatched. Every number is in the table."
    ),
    "map-alt-empty": "{title}. A world map on which no place has data yet.",
    "undrawn": "Too small to draw: {places}.",
    # profile
    "not-assessed": "not assessed",
    "robustness": "robustness {robustness}",
    "no-robustness": "robustness not given",
    "profile-alt": (
        "{title}. {rated} of the catalog's {total} capacities are rated: {counts}. The rest are blank "
        "(not assessed)."
    ),
    "level-count": "{count} {level}",
    # change over time
    "timeline-alt": (
        "{title}. {changed} capacities changed level between {first} and {last}: {summary}. "
        "Every rating is in the table."
    ),
    "timeline-alt-none": "{title}. No capacity changed level between {first} and {last}.",
    "change": "{capacity}: {levels}",
    # peers
    "peers-alt": (
        "{title}. For each capacity the group rated, the share of its peers at each level; shares from "
        "fewer than {small} peers are marked as small."
    ),
    "small-n": "few peers",
    "you": "this group",
}

LEVEL_WORDS = {"none": "none", "low": "low", "medium": "medium", "high": "high"}


def text(texts: dict[str, str] | None, key: str, **values: object) -> str:
    """The text `key`, from `texts` or else in English, filled in with `values`."""
    template = (texts or {}).get(key) or TEXTS[key]
    return template.format(**values)
