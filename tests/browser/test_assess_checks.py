"""The assessment form's checks against `atlas validate`, on every example and hostile file: the same
verdict, and problems on the lines the validator names, but for the rules only a YAML reader can see,
listed with the reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from browsing import DESKTOP
from constants import AS_OF, ROOT

EXAMPLES = ROOT / "tests" / "examples"
HOSTILE = ROOT / "tests" / "hostile"
CHECKED_FILES = sorted(
    [*EXAMPLES.glob("*/*.yaml"), *(path for path in HOSTILE.glob("*.yaml") if path.name != "expected.yaml")]
)
# The rules only `atlas validate` checks, by the file that breaks each, and why the browser cannot.
VALIDATOR_ONLY = {
    "beyond-schema/alias.yaml": "YAML aliases: a parser hands on the expanded value, so data never shows one",
    "hostile/anchor-and-alias.yaml": "YAML anchors and aliases (as above); the form writes none",
    "hostile/billion-laughs.yaml": "YAML aliases (as above)",
    "beyond-schema/duplicate-key.yaml": "duplicate keys: a parser keeps the last value, data never holds two",
    "hostile/duplicate-key-in-rating.yaml": "duplicate keys (as above)",
    "hostile/duplicate-top-key.yaml": "duplicate keys (as above)",
    "hostile/number-as-key.yaml": "a key YAML reads as a number: data read by a browser has text keys only",
    "hostile/python-tag.yaml": "YAML tags: the form writes none, and the validator refuses them unread",
    "hostile/two-documents.yaml": "several YAML documents in one file: a reading of YAML, not of data",
    "hostile/colon-in-value.yaml": "YAML syntax (an unquoted ': '): the form quotes every text it writes",
    "hostile/tab-indentation.yaml": "YAML syntax (tabs as indentation): the form writes the layout itself",
    "hostile/unclosed-list.yaml": "YAML syntax (an unclosed list): as above",
    "hostile/deep-nesting.yaml": "nesting too deep for the reader: a limit of reading YAML",
    "hostile/control-character.yaml": "a raw control character in the file: the form writes escapes, and "
    "checks control characters in the text typed (as the validator does in escaped text)",
    "hostile/latin-1-bytes.yaml": "bytes that are not UTF-8: the form writes text, which the browser encodes",
    "hostile/utf-16.yaml": "a file in UTF-16 (as above)",
}


def _key(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _as_json(value, path=()):
    """Data read by the validator's YAML reader, as JSON for the browser: a snapshot's date as the text
    the form writes; a date anywhere else, or a whole number written as a decimal, as an object (which is
    what a check of text or of whole numbers must refuse)."""
    if isinstance(value, dict):
        return {str(key): _as_json(item, (*path, key)) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item, (*path, index)) for index, item in enumerate(value)]
    if isinstance(value, dt.date):
        is_date = len(path) == 3 and path[0] == "snapshots" and path[2] == "date"
        return value.isoformat() if is_date else {"date": value.isoformat()}
    if isinstance(value, float) and value.is_integer():
        return {"decimal": value}
    return value


def _readable(path: Path):
    """The file's data as `atlas validate` reads it, or None when reading it as YAML fails."""
    from atlas.ingest.yamlsource import parse

    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None
    source = parse(text)
    if source.data is None and source.problems[0][2].startswith("the file is empty"):
        return {"empty": True}  # no data: what the browser checks is the null document
    return None if source.problems else _as_json(source.data)


def _lines(path: Path, problems: list[dict]) -> set[int]:
    """The lines the form's problems point at, found as the validator finds a path's line; a problem
    with the file as a whole (its slug, or not a mapping) is on line 1, as the validator puts it."""
    from atlas.ingest.yamlsource import parse

    source = parse(path.read_text(encoding="utf-8"))
    return {
        source.position(tuple(found["path"]), key=found["rule"] == "unknownKey")[0]
        if found["path"] not in ([], ["slug"])
        else 1
        for found in problems
    }


def test_the_form_checks_give_the_validators_verdict(page_watch, form_site, catalog):
    """Every example and hostile file: the form's check accepts it exactly when `atlas validate` does,
    and finds its problems on the lines the validator names, except the listed YAML-level rules, which
    only a YAML reader can see."""
    from atlas.ingest.loading import load_assessments

    _, base = form_site
    page = page_watch(viewport=DESKTOP)
    page.goto(base + "assess/")
    cases, lines = [], {}
    for path in CHECKED_FILES:
        problems = load_assessments(path.parent, catalog, AS_OF, only=[path]).problems
        lines[_key(path)] = {problem.line for problem in problems}
        known = sorted(other.stem for other in path.parent.glob("*.yaml") if other != path)
        context = {"slug": path.stem, "today": AS_OF.isoformat(), "known": known}
        cases.append([_key(path), _readable(path), context])
    found = page.evaluate(
        "(cases) => Object.fromEntries(cases.map(([key, data, context]) => [key, data === null ? null"
        " : window.atlasFile.check(data.empty ? null : data, context)]))",
        cases,
    )
    paths = {_key(path): path for path in CHECKED_FILES}
    unread = {key for key in lines if found[key] is None}
    browser = {key: _lines(paths[key], found[key]) for key in lines if key not in unread}
    differ = {key for key in browser if browser[key] != lines[key]}
    assert differ == set(), {key: (browser[key], lines[key]) for key in differ}
    assert unread == set(VALIDATOR_ONLY), "VALIDATOR_ONLY lists exactly the rules the form cannot see"
    assert all(lines[key] for key in VALIDATOR_ONLY), "the validator rejects each of them"
    valid = sum(not problems for problems in lines.values())
    assert valid >= 5 and len(lines) - valid >= 80
