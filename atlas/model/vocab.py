"""The fixed vocabulary of the data contract and the one definition of each derived concept.

Everything that asks "is this a gap?", "is this stale?" or "which level is higher?" imports it
from here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Literal, get_args

Level = Literal["none", "low", "medium", "high"]  # lowest first
Robustness = Literal["low", "medium", "high"]
Kind = Literal["wiki-community", "user-group", "chapter", "thematic-organization", "hub", "other"]
Consultation = Literal["group", "individual", "survey"]
Status = Literal["provisional", "reviewed"]
LEVELS: tuple[str, ...] = get_args(Level)
ROBUSTNESS: tuple[str, ...] = get_args(Robustness)
KINDS: tuple[str, ...] = get_args(Kind)
CONSULTATIONS: tuple[str, ...] = get_args(Consultation)
STATUSES: tuple[str, ...] = get_args(Status)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
SLUG_LENGTH = (2, 80)
STALE_AFTER_DAYS = 365


def level_rank(level: str) -> int:
    """Position of a level in the order none < low < medium < high."""
    return LEVELS.index(level)


def has_capacity(level: str) -> bool:
    """A group has a capacity when its current level is medium or high."""
    return level in ("medium", "high")


def is_gap(level: str) -> bool:
    """A gap is a current level of none or low."""
    return level in ("none", "low")


def is_fragile(level: str, robustness: str | None) -> bool:
    """Fragile: the group has the capacity, but with low robustness."""
    return has_capacity(level) and robustness == "low"


def is_stale(rated_on: dt.date, as_of: dt.date) -> bool:
    """A rating is stale when it is more than a year older than the as-of date."""
    return (as_of - rated_on).days > STALE_AFTER_DAYS


def slug_for(name: str) -> str:
    """A file name for a group's name: ASCII lowercase words joined by hyphens (may be empty)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[: SLUG_LENGTH[1]].rstrip("-")


def is_valid_slug(slug: str) -> bool:
    """Lowercase ASCII letters, digits and single hyphens, 2–80 characters."""
    low, high = SLUG_LENGTH
    return low <= len(slug) <= high and SLUG_RE.match(slug) is not None
