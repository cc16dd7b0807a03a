"""Load a folder of assessment files into entities, collecting every problem in every file."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from atlas.ingest.parsecache import ParsedFiles
from atlas.ingest.schema import SINGULAR, AssessmentFile, explain
from atlas.ingest.yamlsource import EXPECTED_TOP, Problem, Source, line_column, parse, shown
from atlas.model.catalog import Catalog
from atlas.model.entity import Entity
from atlas.model.vocab import SLUG_LENGTH, is_valid_slug

FICTIONAL_MARKER = "FICTIONAL.md"  # present in folders of synthetic data: the site says so on every page
IGNORED_FILES = {"README.md", FICTIONAL_MARKER}
SUFFIX = ".yaml"
YAML_SUFFIXES = (".yaml", ".yml")
MAX_BYTES = 256 * 1024  # an assessment file with every capacity rated and long notes is under 100 KB
MAX_PROBLEMS = 50  # shown per file: a file with thousands of mistakes gets a readable report


class InvalidAssessments(Exception):
    """Some assessment files are invalid; `problems` lists every one."""

    def __init__(self, problems: tuple[Problem, ...]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(str(problem) for problem in problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the assessment files:\n{lines}")


@dataclass(frozen=True)
class Loaded:
    entities: tuple[Entity, ...]
    problems: tuple[Problem, ...]


def _name_problem(path: Path) -> str | None:
    """What is wrong with an entry of the folder before its content is read, if anything."""
    if path.is_symlink():
        return "a symbolic link; expected the assessment file itself"
    if path.is_dir():
        return "a folder; expected assessment files directly in the assessments folder"
    if not path.is_file():
        return "not a regular file; expected a name like <slug>.yaml"
    if path.name.startswith("."):
        return f"a hidden file; expected a name like <slug>.yaml without the leading dot{_rename(path)}"
    if path.suffix != SUFFIX:
        return f"not an assessment file; expected a name like <slug>.yaml{_rename(path)}"
    return None


def _rename(path: Path) -> str:
    slug = path.name.lstrip(".").split(".")[0].lower()
    suggestion = f" (rename it to {slug}.yaml)"
    return suggestion if path.suffix.lower() in YAML_SUFFIXES and is_valid_slug(slug) else ""


def _slug_problem(slug: str) -> str | None:
    if is_valid_slug(slug):
        return None
    low, high = SLUG_LENGTH
    return (
        f"file name '{shown(slug)}' is not a valid slug; expected "
        f"{low}-{high} lowercase letters, digits and single hyphens"
    )


def _shared_slugs(paths: list[Path]) -> dict[Path, str]:
    """Files that claim a slug another file of the same folder already has (x.yaml and x.yml,
    X.yaml and x.yaml). A file checked from elsewhere may share a slug: it is that group's update."""
    groups: dict[tuple[Path, str], list[Path]] = defaultdict(list)
    for path in paths:
        if path.suffix.lower() in YAML_SUFFIXES:
            groups[path.parent, path.name.lstrip(".").split(".")[0].lower()].append(path)
    found = {}
    for (_, slug), group in groups.items():
        if len(group) < 2:
            continue
        keep = next((p for p in group if p.name == slug + SUFFIX), sorted(group)[0])
        for path in group:
            if path != keep:
                found[path] = (
                    f"two files for the slug '{slug}': this one and {keep.name}; keep one, {slug}.yaml"
                )
    return found


def _read(path: Path, shown_path: str) -> tuple[str | None, list[Problem]]:
    """The file's text (a UTF-8 byte-order mark dropped), or why it cannot be read."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        size = max(path.stat().st_size, len(data)) // 1024
        return None, [
            Problem(shown_path, 1, 1, f"the file has {size} KB; expected at most {MAX_BYTES // 1024} KB")
        ]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        message = f"byte 0x{data[error.start]:02X} is not UTF-8; save the file as UTF-8"
        return None, [Problem(shown_path, line, column, message)]


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters) of the byte at `offset`."""
    before = data[:offset].removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    return line_column(before, len(before))


def _check_file(path: Path, shown_path: str, catalog: Catalog, as_of, known, memo, parsed):
    """Validate one file; return (entity or None, problems)."""
    problems: list[Problem] = []
    slug = path.stem
    slug_problem = _slug_problem(slug)
    if slug_problem:
        problems.append(Problem(shown_path, 1, 1, slug_problem))
    text, unreadable = _read(path, shown_path)
    if text is None:
        return None, problems + unreadable
    digest = hashlib.sha256(text.encode()).hexdigest()
    key = (digest, as_of, tuple(catalog.capacities), tuple(catalog.regions))
    remembered = memo.get(shown_path)
    if not problems and remembered and remembered[0] == key and set(remembered[1].related) <= known:
        return remembered[1], []
    kept = parsed.get(digest)
    source = parse(text) if kept is None else Source(text, kept)
    problems += [Problem(shown_path, line, col, message) for line, col, message in source.problems]
    if source.problems:
        return None, problems
    if not isinstance(source.data, dict):
        found = f"found {_kind(source.data)}"
        return None, [*problems, Problem(shown_path, 1, 1, f"{EXPECTED_TOP} (key: value lines); {found}")]
    problems += _dates(source, shown_path, as_of) + _related(source, shown_path, known, slug)
    problems += _repeated(source, shown_path)
    try:
        info = AssessmentFile.model_validate(source.data, context={"catalog": catalog})
    except ValidationError as errors:
        for error in errors.errors(include_url=False):
            loc, at_key, message = explain(dict(error), AssessmentFile, catalog, source.plain_text)
            line, col = source.position(loc, key=at_key)
            problems.append(Problem(shown_path, line, col, message))
        return None, problems
    if problems:
        return None, problems
    snapshots = sorted(info.snapshots, key=lambda snap: snap.date)
    entity = Entity(slug, shown_path, info.model_copy(update={"snapshots": snapshots}), digest)
    memo[shown_path] = (key, entity)
    parsed.put(digest, source.data)
    return entity, []


def _texts_to_parse(paths: list[Path]) -> dict[str, str]:
    """The readable files among `paths`, by digest."""
    texts = {}
    for path in paths:
        if path.is_file() and not path.is_symlink():
            text, _ = _read(path, str(path))
            if text is not None:
                texts[hashlib.sha256(text.encode()).hexdigest()] = text
    return texts


def _mapping(source: Source) -> dict:
    """The file's top-level mapping (empty if the file is something else)."""
    return source.data if isinstance(source.data, dict) else {}


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None else f"a single value '{shown(value)}'"


def _dates(source: Source, shown_path: str, as_of: dt.date) -> list[Problem]:
    """Snapshot dates must be distinct and not after the as-of date."""
    problems: list[Problem] = []
    first_seen: dict[dt.date, int] = {}
    snapshots = _mapping(source).get("snapshots")
    for i, snap in enumerate(snapshots if isinstance(snapshots, list) else []):
        date = snap.get("date") if isinstance(snap, dict) else None
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            continue
        if date > as_of:
            line, col = source.position(("snapshots", i, "date"))
            message = (
                f"date {date} lies after the as-of date {as_of}; expected the day the assessment was made"
            )
            problems.append(Problem(shown_path, line, col, message))
        if date in first_seen:
            line, col = source.position(("snapshots", i, "date"))
            other = source.position(("snapshots", first_seen[date], "date"))[0]
            message = (
                f"two snapshots dated {date} (the other on line {other}); "
                "add a new snapshot with its own date"
            )
            problems.append(Problem(shown_path, line, col, message))
        first_seen.setdefault(date, i)
    return problems


def _related(source: Source, shown_path: str, known: set[str], own_slug: str) -> list[Problem]:
    """Every related slug must name another assessment file, once."""
    related = _mapping(source).get("related")
    problems, seen = [], set()
    for i, slug in enumerate(related if isinstance(related, list) else []):
        if not isinstance(slug, str) or not is_valid_slug(slug):
            continue  # the schema reports its form
        if slug == own_slug:
            message = f"related entry '{slug}' is this file itself; expected the slug of another group"
        elif slug in seen:
            message = f"related entry '{slug}' is listed twice; list each slug once"
        elif slug not in known:
            message = (
                f"related entry '{slug}' does not exist; expected the slug of another file in assessments/"
            )
        else:
            seen.add(slug)
            continue
        seen.add(slug)
        line, col = source.position(("related", i))
        problems.append(Problem(shown_path, line, col, message))
    return problems


def _repeated(source: Source, shown_path: str) -> list[Problem]:
    """Regions, countries and languages must each be listed once."""
    problems = []
    for key in ("regions", "countries", "languages"):
        values = _mapping(source).get(key)
        seen = set()
        for i, value in enumerate(values if isinstance(values, list) else []):
            if isinstance(value, str) and value in seen:
                line, col = source.position((key, i))
                message = f"{SINGULAR[key]} '{shown(value)}' is listed twice; list each {SINGULAR[key]} once"
                problems.append(Problem(shown_path, line, col, message))
            seen.add(value if isinstance(value, str) else None)
    return problems


def _at_most(problems: list[Problem], limit: int) -> list[Problem]:
    """The first `limit` problems of one file, and a line saying how many more there are."""
    if len(problems) <= limit:
        return problems
    problems = sorted(problems)
    rest = problems[limit]
    more = f"{len(problems) - limit} more problems in this file are not shown; fix these first"
    return [*problems[:limit], Problem(rest.path, rest.line, rest.column, more)]


def assessment_files(folder: Path) -> list[Path]:
    """Every entry of the assessments folder that should be an assessment file (hidden files other than
    .yaml/.yml ones, such as .gitkeep, are left alone)."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.name not in IGNORED_FILES
        and not (path.name.startswith(".") and path.suffix.lower() not in YAML_SUFFIXES)
    )


def load_assessments(
    folder: Path | str,
    catalog: Catalog,
    as_of: dt.date,
    only: list[Path] | None = None,
    memo=None,
    parsed: ParsedFiles | None = None,
    workers: int = 1,
) -> Loaded:
    """Load and validate every assessment file, or only the files in `only` (the folder's other
    files still count as existing for `related`); problems are sorted by file and position.

    `memo` (a dict kept by a long-lived process, such as `atlas serve`) remembers the valid entities
    of earlier loads: a file with the same text, catalog and as-of date is not parsed again.
    `parsed` keeps the parsed data of valid files on disk, for the next process; with `workers` above 1
    and an empty `memo`, many files that it does not keep are parsed in that many processes first."""
    memo = {} if memo is None else memo
    parsed = parsed or ParsedFiles(None)
    files = assessment_files(Path(folder))
    listed = None if only is None else [Path(path) for path in only]
    # A listed file may be the folder's own under another spelling (relative, absolute): count it once.
    parents = {path.parent: path.parent.resolve() for path in [*files, *(listed or [])]}
    every = sorted({parents[path.parent] / path.name: path for path in [*files, *(listed or [])]}.values())
    known = {path.stem for path in every if path.suffix == SUFFIX and not path.name.startswith(".")}
    shared = _shared_slugs(every)
    checked = files if listed is None else listed
    if workers > 1 and not memo:  # a process that remembers files has few, if any, to parse
        parsed.parse_ahead(_texts_to_parse(checked), workers)
    entities, problems = [], []
    for path in checked:
        message = shared.get(path) or _name_problem(path)
        if message:
            problems.append(Problem(str(path), 1, 1, message))
            continue
        entity, found = _check_file(path, str(path), catalog, as_of, known, memo, parsed)
        problems += _at_most(found, MAX_PROBLEMS)
        if entity is not None:
            entities.append(entity)
    if only is None:
        parsed.save()
    return Loaded(tuple(entities), tuple(sorted(set(problems))))
