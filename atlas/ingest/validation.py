"""Check some or all assessment files and report the problems for people, editors and GitHub Actions."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
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


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """A workflow command that shows the problem on the file's line in a pull request."""
    return (
        f"::error file={_escape_property(problem.path)},line={problem.line},col={problem.column},"
        f"title=Invalid assessment file::{_escape_data(problem.message)}"
    )


def in_github_actions(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("GITHUB_ACTIONS") == "true"


def report(problems: tuple[Problem, ...], checked: int, environ: Mapping[str, str] = os.environ) -> str:
    """What `atlas validate` prints: every problem as path:line:column: message, then a summary.

    In GitHub Actions each problem is also printed as an annotation.
    """
    if not problems:
        return f"Valid: {_count(checked, 'assessment file')} checked, no problems."
    lines = [str(problem) for problem in problems]
    if in_github_actions(environ):
        lines += [github_annotation(problem) for problem in problems]
    files = len({problem.path for problem in problems})
    lines.append(
        f"{_count(len(problems), 'problem')} in {files} of {_count(checked, 'file')}. The guide to "
        "every field: content/pages/contribute.md (the site's How to contribute page)."
    )
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
