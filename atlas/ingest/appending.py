"""Where a new snapshot goes in an assessment file's text: after the last one, indented as the others.

Files are extended as text, never re-dumped from data, so every byte before the new snapshot (comments
and earlier snapshots included) stays as the group wrote it. `atlas new --snapshot` and the site's
assessment form both append here.
"""

from __future__ import annotations

from typing import NamedTuple

import yaml


class AppendPoint(NamedTuple):
    """Where the snapshots list ends (an index into the text) and how its items begin (such as '  - ')."""

    at: int
    prefix: str


class NoSnapshotList(ValueError):
    """The file has no block list under 'snapshots:' to add to."""


def append_point(text: str) -> AppendPoint:
    """Where a snapshot is appended to `text`, which must be a readable assessment file."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for key, value in root.value if isinstance(root, yaml.MappingNode) else ():
        if key.value == "snapshots" and isinstance(value, yaml.SequenceNode) and not value.flow_style:
            if value.value:
                first = value.value[0].start_mark.index
                return AppendPoint(value.end_mark.index, text[text.rfind("\n", 0, first) + 1 : first])
    raise NoSnapshotList("expected a block list under 'snapshots:' (one '- date: ...' entry per session)")


def appended(text: str, point: AppendPoint, block: str) -> str:
    """`text` with `block` (whole lines) inserted at `point`, on a line of its own."""
    head = text[: point.at]
    if head and not head.endswith("\n"):
        head += "\n"
    return head + block + text[point.at :]
