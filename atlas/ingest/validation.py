"""Check some or all assessment files (atlas.tools.validation_report says what was found)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from atlas.ingest.loading import assessment_files, load_assessments
from atlas.ingest.yamlsource import Problem
from atlas.model.catalog import Catalog


def check_files(
    catalog: Catalog, folder: Path | str, as_of: dt.date, files: list[str] | None = None
) -> tuple[tuple[Problem, ...], int]:
    """Problems in the given files, or in every file of `folder` when none are given; and how many
    files were checked. Files outside `folder` are checked too, against the folder's slugs."""
    if files is None:
        return load_assessments(folder, catalog, as_of).problems, len(assessment_files(Path(folder)))
    missing = [
        Problem(name, 1, 1, "no such file; expected the path of an assessment file")
        for name in files
        if not Path(name).is_file()
    ]
    present = [Path(name) for name in files if Path(name).is_file()]
    loaded = load_assessments(folder, catalog, as_of, only=present)
    return tuple(sorted({*missing, *loaded.problems})), len(files)
