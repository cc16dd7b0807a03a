"""The as-of date every "current" and "stale" is judged at."""

from __future__ import annotations

import datetime as dt
import os


def resolve_as_of(value: str | dt.date | None = None, environ=os.environ) -> dt.date:
    """The as-of date: given, else ATLAS_AS_OF, else SOURCE_DATE_EPOCH's day, else today (UTC)."""
    if isinstance(value, dt.date):
        return value
    text = value or environ.get("ATLAS_AS_OF")
    if text:
        return dt.date.fromisoformat(text)
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()
