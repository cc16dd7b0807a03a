"""Editing assessment files in tests as a contributor would: read, change the data, write back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from constants import AS_OF


def read_info(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_info(path: Path, info: dict) -> None:
    path.write_text(yaml.safe_dump(info, sort_keys=False, allow_unicode=True), encoding="utf-8")


def free_day(info: dict) -> dt.date:
    """A day close to the as-of date on which the file has no snapshot yet."""
    taken = {snap["date"] for snap in info["snapshots"]}
    return next(AS_OF - dt.timedelta(days=n) for n in range(10) if AS_OF - dt.timedelta(days=n) not in taken)


def append_session(info: dict, ratings: dict) -> None:
    """A new session agreed by everyone on a free day, rating only `ratings`."""
    info["snapshots"].append(
        {"date": free_day(info), "assessed_by": "Everyone", "consultation": "group", "ratings": ratings}
    )
