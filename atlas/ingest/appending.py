"""Where a new snapshot goes in an assessment file's text: after the last one, indented as the others.

Files are extended as text, never re-dumped from data, so every byte before the new snapshot (comments
and earlier snapshots included) stays as the group wrote it. `atlas new --snapshot` and the site's
assessment form both append here.
"""

from __future__ import annotations

from typing import NamedTuple

import yaml

from atlas.ingest.yamlsource import Loader  # libyaml's when installed: the same marks, ten times as fast


class AppendPoint(NamedTuple):
    """Where the snapshots list ends (an index into the text) and how its items begin (such as '  - ')."""

    at: int
    prefix: str


class NoSnapshotList(ValueError):
    """The file has no block list under 'snapshots:' to add to."""


_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _at(mark) -> int:
    """A mark's place in the text (every event libyaml reads has one)."""
    assert mark is not None
    return mark.index


def append_point(text: str) -> AppendPoint:
    """Where a snapshot is appended to `text`, which must be a readable assessment file. It is read as
    YAML events, at depth 1 the top mapping's keys and values in turn; no document is built."""
    depth, is_key, key, block, first = 0, True, None, False, None
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, _START):
            if depth == 1 and not is_key and key == "snapshots":
                block = isinstance(event, yaml.SequenceStartEvent) and not event.flow_style
            elif depth == 2 and block and first is None:
                first = _at(event.start_mark)
            depth += 1
        elif isinstance(event, _END):
            depth -= 1
            if depth == 1:
                if block and first is not None:
                    return AppendPoint(_at(event.end_mark), text[text.rfind("\n", 0, first) + 1 : first])
                block, is_key = False, not is_key
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            if depth == 2 and block and first is None:
                first = _at(event.start_mark)
            elif depth == 1:
                key = event.value if is_key and isinstance(event, yaml.ScalarEvent) else key
                is_key = not is_key
    raise NoSnapshotList("expected a block list under 'snapshots:' (one '- date: ...' entry per session)")


def appended(text: str, point: AppendPoint, block: str) -> str:
    """`text` with `block` (whole lines) inserted at `point`, on a line of its own."""
    head = text[: point.at]
    if head and not head.endswith("\n"):
        head += "\n"
    return head + block + text[point.at :]
