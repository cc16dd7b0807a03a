"""The Capacity Atlas core: load, validate and analyse capacity self-assessments (no Pelican)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from atlas.analysis import Atlas
from atlas.catalog import load_catalog
from atlas.loading import FICTIONAL_MARKER, load_assessments
from atlas.yamlsource import Problem


class InvalidAssessments(Exception):
    """Some assessment files are invalid; `problems` lists every one."""

    def __init__(self, problems: tuple[Problem, ...]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(str(problem) for problem in problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the assessment files:\n{lines}")


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


def open_atlas(
    catalog_dir: Path | str,
    assessments_dir: Path | str,
    as_of: dt.date,
    memo=None,
    parsed=None,
    workers: int = 1,
) -> Atlas:
    """Load the catalog and every assessment; raise InvalidAssessments listing all problems.

    `memo`, `parsed`, `workers`: see load_assessments."""
    catalog = load_catalog(catalog_dir)
    loaded = load_assessments(assessments_dir, catalog, as_of, memo=memo, parsed=parsed, workers=workers)
    if loaded.problems:
        raise InvalidAssessments(loaded.problems)
    fictional = (Path(assessments_dir) / FICTIONAL_MARKER).exists()
    return Atlas(catalog, loaded.entities, as_of, fictional=fictional)
