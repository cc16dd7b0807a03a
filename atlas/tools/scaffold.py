"""Text for new assessment files and new snapshots, ready for a contributor to fill in.

Files are written and extended as text, never re-dumped from data, so that every comment a group
wrote in its file survives an update.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

from atlas.analysis.state import current_ratings
from atlas.ingest.appending import NoSnapshotList, append_point, appended
from atlas.ingest.loading import load_assessments
from atlas.ingest.schema import EXPECTED, Country, Language, unknown_value
from atlas.model.catalog import Catalog
from atlas.model.vocab import CONSULTATIONS, KINDS, SLUG_LENGTH, is_valid_slug

LEVEL_PLACEHOLDER = "{level: LEVEL, robustness: ROBUSTNESS}"


class ScaffoldError(ValueError):
    """The request cannot be carried out; the message says why and what to do."""


@dataclass(frozen=True)
class Header:
    """What a contributor says about the group when creating its file."""

    name: str
    kind: str
    regions: tuple[str, ...]
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionDetails:
    """Who made an assessment, and when."""

    date: dt.date
    assessed_by: str = ""
    consultation: str = "group"

    def __post_init__(self):
        problem = _choice_problem("consultation", self.consultation, list(CONSULTATIONS))
        if problem:
            raise ScaffoldError(problem)


def yaml_scalar(text: str) -> str:
    """Text as a YAML value: plain when it reads back unchanged, else double-quoted."""
    plain = text.strip() == text and "#" not in text and "\n" not in text
    if plain:
        try:
            plain = yaml.safe_load(f"key: {text}") == {"key": text}
        except yaml.YAMLError:
            plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _flow_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(yaml_scalar(value) for value in values) + "]"


def _choice_problem(what: str, value: str, options: list[str]) -> str | None:
    """The validator's own message for an unknown value, with its suggestion."""
    return None if value in options else unknown_value(what, value, options)


def _form_problems(field: str, values: tuple[str, ...], form) -> list[str | None]:
    """Values that do not have the form the file format requires (the same rule as the validator's)."""
    adapter, problems = TypeAdapter(form), list[str | None]()
    for value in values:
        try:
            adapter.validate_python(value)
        except ValidationError as error:
            (first,) = error.errors(include_url=False)
            known = first["type"] == "value_error"  # well formed, but no such code: the validator's words
            problems.append(
                str(first["ctx"]["error"])
                if known
                else f"'{value}' is not valid for {field}; expected {EXPECTED[field]}"
            )
    return problems


def header_problems(catalog: Catalog, header: Header) -> dict[str, list[str]]:
    """Everything wrong with a header, by field, each with what was expected."""
    problems: dict[str, list[str | None]] = {
        "name": [] if header.name.strip() else ["the name is empty; expected the group's display name"],
        "kind": [_choice_problem("kind", header.kind, list(KINDS))],
        "regions": [_choice_problem("region", region, list(catalog.regions)) for region in header.regions],
        "countries": _form_problems("countries", header.countries, Country),
        "languages": _form_problems("languages", header.languages, Language),
    }
    if not header.regions:
        problems["regions"].append("no region given; expected one or more of: " + ", ".join(catalog.regions))
    return {field: found for field, messages in problems.items() if (found := [m for m in messages if m])}


QUESTIONS = {
    "name": "Name of the group, in any script: ",
    "kind": "Kind ({kinds}): ",
    "regions": "Region ids, separated by commas ({regions}): ",
    "countries": "Country codes, separated by commas (optional, such as SE): ",
    "languages": "Wikimedia language codes, separated by commas (optional, such as sv): ",
}


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[,\s]+", text or "") if part)


def _header(values: dict[str, str | None]) -> Header:
    return Header(
        (values["name"] or "").strip(),
        (values["kind"] or "").strip(),
        *(_split(values[field]) for field in ("regions", "countries", "languages")),
    )


def gather_header(catalog: Catalog, given: dict[str, str | None], ask=None) -> Header:
    """A valid header from the values given; with `ask` (such as `input`), ask for each value that is
    missing or wrong until it is right. Without it, raise ScaffoldError naming every problem and its flag."""
    values = {field: given.get(field) for field in QUESTIONS}
    hints = {"kinds": " | ".join(KINDS), "regions": ", ".join(catalog.regions)}
    for field, question in QUESTIONS.items():
        if ask is None:
            break
        problems: list[str] | None = None
        if values[field] is not None:
            problems = header_problems(catalog, _header(values)).get(field)
        while values[field] is None or problems:
            if problems:
                print("\n".join(problems))
            values[field] = ask(question.format(**hints))
            problems = header_problems(catalog, _header(values)).get(field)
    header = _header(values)
    all_problems = header_problems(catalog, header)
    if all_problems:
        raise ScaffoldError(
            "; ".join(f"--{field}: {message}" for field, found in all_problems.items() for message in found)
        )
    return header


def unrated_lines(catalog: Catalog, pad: str, skip: Set[str] = frozenset()) -> list[str]:
    """Every capacity not in `skip` as a commented-out rating carrying its question, by category."""
    lines = []
    for category in catalog.categories:
        caps = [cap for cap in category.capacities if cap.id not in skip]
        if caps:
            lines.append(f"{pad}# --- {category.name} ---")
            lines += [f"{pad}# {cap.id}: {LEVEL_PLACEHOLDER}  # {cap.question}" for cap in caps]
    return lines


def _snapshot_lines(prefix: str, session: SessionDetails, rating_lines: list[str]) -> list[str]:
    pad = " " * len(prefix)
    who = yaml_scalar(session.assessed_by) if session.assessed_by else '""'
    who_hint = "" if session.assessed_by else "  # who took part, e.g. Board and two active volunteers"
    return [
        f"{prefix}date: {session.date.isoformat()}",
        f"{pad}assessed_by: {who}{who_hint}",
        f"{pad}consultation: {session.consultation}  # " + " | ".join(CONSULTATIONS),
        f"{pad}# status: provisional  # optional: for quick ratings (at an event) to be reviewed later",
        f"{pad}ratings:",
        *rating_lines,
    ]


RATING_HELP = (
    "# Uncomment each capacity you assessed (delete the '# ' before its id), then replace LEVEL with",
    "# none, low, medium or high and ROBUSTNESS with low, medium or high (delete robustness for none).",
    "# Leave the rest commented out: blank means 'not assessed', never 'none'. Each capacity's page",
    "# on the site describes what each level looks like (content/catalog/capacities.yaml has the same).",
)


def new_file_text(catalog: Catalog, header: Header, session: SessionDetails, schema_ref: str) -> str:
    """A new assessment file: the header and one dated snapshot with every capacity commented out."""
    problems = [message for found in header_problems(catalog, header).values() for message in found]
    if problems:
        raise ScaffoldError("; ".join(problems))
    pad = " " * 6
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        "# A capacity self-assessment. The fields: content/pages/contribute.md; how to rate:",
        "# content/pages/guidelines.md. Check the file with: atlas validate <this file>",
        f"name: {yaml_scalar(header.name)}",
        f"kind: {header.kind}  # " + " | ".join(KINDS),
        f"regions: {_flow_list(header.regions)}",
        f"countries: {_flow_list(header.countries)}" if header.countries else "# countries: [SE]",
        f"languages: {_flow_list(header.languages)}" if header.languages else "# languages: [sv]",
        "# url: https://example.org  # optional: your website or wiki page",
        "# population: 10500000  # optional: how many people you serve (speakers, inhabitants)",
        "# related: [other-slug]  # optional: related entries, such as a wiki community and its chapter",
        "snapshots:  # one per assessment session, oldest first: add new ones at the end",
        *_snapshot_lines("  - ", session, [pad + line for line in RATING_HELP] + unrated_lines(catalog, pad)),
    ]
    return "\n".join(lines) + "\n"


def _rating_text(rating) -> str:
    parts = [f"level: {rating.level}"]
    if rating.robustness:
        parts.append(f"robustness: {rating.robustness}")
    if rating.support_wanted:
        parts.append("support_wanted: true")
    return "{" + ", ".join(parts) + "}"


def add_snapshot(path: Path, catalog: Catalog, as_of: dt.date, session: SessionDetails) -> str:
    """The file's text with a new last snapshot, pre-filled with the current ratings.

    The file must be valid. Earlier text, comments included, is kept exactly as it was.
    """
    loaded = load_assessments(path.parent, catalog, as_of, only=[path])
    if loaded.problems:
        problems = "\n".join(str(problem) for problem in loaded.problems)
        raise ScaffoldError(f"fix the file before adding a snapshot:\n{problems}")
    entity = loaded.entities[0]
    latest = entity.snapshots[-1].date
    if session.date <= latest:
        raise ScaffoldError(
            f"the latest snapshot is dated {latest}; a new one needs a later date (give --date YYYY-MM-DD)"
        )
    if session.date > as_of:
        raise ScaffoldError(f"date {session.date} lies after the as-of date {as_of}")
    text = path.read_text(encoding="utf-8")
    try:
        point = append_point(text)
    except NoSnapshotList as error:
        raise ScaffoldError(str(error)) from None
    pad = " " * (len(point.prefix) + 2)
    current = current_ratings(entity, as_of)
    rated = [
        f"{pad}{cap_id}: {_rating_text(current[cap_id].rating)}  # as rated on {current[cap_id].date}"
        for cap_id in catalog.capacities
        if cap_id in current
    ]
    help_lines = [
        "# Pre-filled with the current ratings. Change what has changed, and delete the lines you did",
        "# not look at again: those keep their earlier rating. Notes and ideas are not copied.",
    ]
    rating_lines = [pad + line for line in help_lines] + rated
    unrated = unrated_lines(catalog, pad, skip=set(current))
    if unrated:
        rating_lines += [f"{pad}# Not rated yet:"] + unrated
    block = "\n".join(_snapshot_lines(point.prefix, session, rating_lines)) + "\n"
    return appended(text, point, block)


def check_slug(slug: str) -> None:
    """Raise ScaffoldError unless the slug is a valid, permanent file name."""
    if not is_valid_slug(slug):
        low, high = SLUG_LENGTH
        raise ScaffoldError(
            f"'{slug}' is not a valid slug; expected {low}-{high} lowercase ASCII letters, digits and "
            "single hyphens (give one with --slug)"
        )
