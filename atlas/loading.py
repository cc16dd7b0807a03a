"""Load a folder of assessment files into entities, collecting every problem in every file."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from atlas.catalog import Catalog
from atlas.schema import EXPECTED, build_models
from atlas.vocab import SLUG_LENGTH, is_valid_slug
from atlas.yamlsource import Problem, Source, parse

FICTIONAL_MARKER = "FICTIONAL.md"  # present in folders of synthetic data: the site says so on every page
IGNORED_FILES = {"README.md", FICTIONAL_MARKER}


@dataclass(frozen=True)
class Entity:
    """An assessed entity: its slug (from the file name) and what its file says."""

    slug: str
    path: str
    info: BaseModel  # an AssessmentFile, with snapshots sorted oldest first

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "info":
            raise AttributeError(name)
        return getattr(self.info, name)


@dataclass(frozen=True)
class Loaded:
    entities: tuple[Entity, ...]
    problems: tuple[Problem, ...]


def _describe(error: dict, catalog: Catalog) -> tuple[tuple, bool, str]:
    """Turn one pydantic error into (path, points at a key?, message with what was expected)."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        return loc, True, _unknown("capacity", loc[-1], list(catalog.capacities))
    field = next((part for part in reversed(loc) if isinstance(part, str)), "file")
    if kind == "extra_forbidden":
        return loc, True, f"unknown key '{loc[-1]}'; expected one of: {_allowed(error)}"
    if kind == "missing":
        return loc[:-1], False, f"missing required key '{loc[-1]}'"
    if kind == "literal_error":
        options = [opt.strip(" '") for opt in error["ctx"]["expected"].replace(" or ", ", ").split(",")]
        return loc, False, _unknown(field.rstrip("s"), value, options)
    if kind == "string_pattern_mismatch":
        return (
            loc,
            False,
            f"'{value}' is not valid for {field}; expected {EXPECTED.get(field, 'a different form')}",
        )
    if kind in ("too_short", "string_too_short") and not value:
        return loc, False, f"{field} is empty; expected at least one entry"
    if kind == "value_error":
        return loc, False, str(error["ctx"]["error"])
    return loc, False, f"{field}: {error['msg'].lower()} (got {_show(value)})"


def _unknown(what: str, value: object, options: list[str]) -> str:
    message = f"unknown {what} '{value}'"
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    if len(options) <= 12:
        return f"{message}; expected one of: {', '.join(options)}"
    return f"{message}; expected an id from the catalog (see the capacities page)"


def _allowed(error: dict) -> str:
    return error.get("ctx", {}).get("allowed", "the keys described in the data contract")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_file(
    path: Path, shown: str, model: type[BaseModel], catalog: Catalog, as_of: dt.date, known: set[str]
):
    """Validate one file; return (entity or None, problems)."""
    problems: list[Problem] = []
    slug = path.stem
    if path.suffix != ".yaml":
        return None, [Problem(shown, 1, 1, "not an assessment file; expected a name like <slug>.yaml")]
    if not is_valid_slug(slug):
        low, high = SLUG_LENGTH
        problems.append(
            Problem(
                shown,
                1,
                1,
                f"file name '{slug}' is not a valid slug; expected "
                f"{low}-{high} lowercase letters, digits and single hyphens",
            )
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [
            *problems,
            Problem(shown, 1, 1, f"not UTF-8 text (byte {error.start}); save the file as UTF-8"),
        ]
    source = parse(text)
    problems += [Problem(shown, line, col, message) for line, col, message in source.problems]
    if source.problems:
        return None, problems
    if not isinstance(source.data, dict):
        return None, [
            *problems,
            Problem(shown, 1, 1, "expected a mapping with name, kind, regions, snapshots"),
        ]
    problems += _dates(source, shown, as_of) + _related(source, shown, known)
    try:
        info = model.model_validate(source.data)
    except ValidationError as errors:
        for error in errors.errors(include_url=False):
            loc, at_key, message = _describe(error, catalog)
            line, col = source.position(loc, key=at_key)
            problems.append(Problem(shown, line, col, message))
        return None, problems
    if problems:
        return None, problems
    snapshots = sorted(info.snapshots, key=lambda snap: snap.date)
    return Entity(slug, shown, info.model_copy(update={"snapshots": snapshots})), []


def _dates(source: Source, shown: str, as_of: dt.date) -> list[Problem]:
    """Snapshot dates must be distinct and not after the as-of date."""
    problems, first_seen = [], {}
    snapshots = source.data.get("snapshots")
    for i, snap in enumerate(snapshots if isinstance(snapshots, list) else []):
        date = snap.get("date") if isinstance(snap, dict) else None
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            continue
        line, col = source.position(("snapshots", i, "date"))
        if date > as_of:
            problems.append(
                Problem(
                    shown,
                    line,
                    col,
                    f"date {date} lies after the as-of date {as_of}; "
                    "expected the day the assessment was made",
                )
            )
        if date in first_seen:
            problems.append(
                Problem(
                    shown,
                    line,
                    col,
                    f"two snapshots dated {date} (the other on line "
                    f"{first_seen[date]}); add a new snapshot with its own date",
                )
            )
        first_seen.setdefault(date, line)
    return problems


def _related(source: Source, shown: str, known: set[str]) -> list[Problem]:
    """Every related slug must name another assessment file."""
    related = source.data.get("related")
    problems = []
    for i, slug in enumerate(related if isinstance(related, list) else []):
        if isinstance(slug, str) and is_valid_slug(slug) and slug not in known:
            line, col = source.position(("related", i))
            problems.append(
                Problem(
                    shown,
                    line,
                    col,
                    f"related entry '{slug}' does not exist; "
                    "expected the slug of another file in assessments/",
                )
            )
    return problems


def assessment_files(folder: Path) -> list[Path]:
    """Every file in the assessments folder that should be an assessment file."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.name not in IGNORED_FILES and not p.name.startswith(".")
    )


def load_assessments(folder: Path | str, catalog: Catalog, as_of: dt.date) -> Loaded:
    """Load and validate every assessment file; problems are sorted by file and position."""
    model = build_models(catalog)
    files = assessment_files(Path(folder))
    known = {path.stem for path in files if path.suffix == ".yaml"}
    entities, problems = [], []
    for path in files:
        entity, found = _check_file(path, str(path), model, catalog, as_of, known)
        problems += found
        if entity is not None:
            entities.append(entity)
    return Loaded(tuple(entities), tuple(sorted(set(problems))))
