"""What `atlas validate` prints: the problems found, for people, editors and GitHub Actions."""

from __future__ import annotations

import os
from collections.abc import Mapping

from atlas.ingest.yamlsource import Problem
from atlas.site.words import plural


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
        return f"Valid: {plural(checked, 'assessment file')} checked, no problems."
    lines = [str(problem) for problem in problems]
    if in_github_actions(environ):
        lines += [github_annotation(problem) for problem in problems]
    files = len({problem.path for problem in problems})
    lines.append(
        f"{plural(len(problems), 'problem')} in {files} of {plural(checked, 'file')}. The guide to "
        "every field: content/pages/contribute.md (the site's How to contribute page)."
    )
    return "\n".join(lines)
