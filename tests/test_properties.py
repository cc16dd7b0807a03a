"""Property-based tests: whatever bytes or structures a contributor sends, the loader answers with a
valid model or with problems that point inside the file; contributed text never comes out active."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from constants import AS_OF, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from atlas.ingest.catalog import load_catalog
from atlas.ingest.loading import load_assessments
from atlas.ingest.yamlsource import LINE_BREAK
from atlas.site.exports import FORMULA_STARTS, defuse
from atlas.site.notes import ALLOWED_TAGS, URL_SCHEMES, render_note

NAME = "some-group.yaml"
CATALOG = load_catalog(ROOT / "content" / "catalog")  # not a fixture: hypothesis would print it
# ATLAS_FUZZ_EXAMPLES=5000 python -m pytest tests/test_properties.py searches longer.
SETTINGS = settings(max_examples=int(os.environ.get("ATLAS_FUZZ_EXAMPLES", "150")), deadline=None)


def load_bytes(data: bytes):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / NAME).write_bytes(data)
        return load_assessments(tmp, CATALOG, AS_OF), tmp


def assert_valid_or_positioned(data: bytes) -> list:
    """The only outcomes allowed: one entity and no problems, or problems inside this file."""
    loaded, folder = load_bytes(data)
    if not loaded.problems:
        assert len(loaded.entities) == 1
        return []
    assert loaded.entities == ()
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = LINE_BREAK.split(text)
    for problem in loaded.problems:
        assert problem.path == f"{folder}/{NAME}"
        assert problem.message.strip()
        assert 1 <= problem.line <= len(lines), problem
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, problem
    return list(loaded.problems)


@SETTINGS
@given(st.text())
def test_any_text_gives_a_model_or_positioned_problems(text):
    assert_valid_or_positioned(text.encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_give_a_model_or_positioned_problems(data):
    assert_valid_or_positioned(data)


YAMLISH = st.text(alphabet=":-[]{}#&*!|>'\"%@`,?\t\n \r\\abcnoyes0129.~", max_size=120)


@SETTINGS
@given(YAMLISH)
def test_yaml_punctuation_soup_gives_a_model_or_positioned_problems(text):
    assert_valid_or_positioned(text.encode())


KEYS = ["name", "kind", "regions", "snapshots", "date", "ratings", "level", "robustness", "note", "x"]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=True)
    | st.dates()
    | st.text(max_size=30)
    | st.sampled_from(["nwe", "user-group", "medium", "none", "social-media", "2024-02-30", "NO", "1.10"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(), inner, max_size=4)
    ),
    max_leaves=20,
)


def valid_structure() -> dict:
    return {
        "name": "Some Group",
        "kind": "user-group",
        "regions": ["nwe"],
        "snapshots": [
            {
                "date": dt.date(2025, 6, 1),
                "assessed_by": "Board",
                "consultation": "group",
                "ratings": {"social-media": {"level": "medium", "robustness": "low", "note": "Fine."}},
            }
        ],
    }


PATHS = st.sampled_from(
    [
        ("name",),
        ("kind",),
        ("regions",),
        ("regions", 0),
        ("countries",),
        ("related",),
        ("population",),
        ("snapshots",),
        ("snapshots", 0),
        ("snapshots", 0, "date"),
        ("snapshots", 0, "assessed_by"),
        ("snapshots", 0, "ratings"),
        ("snapshots", 0, "ratings", "social-media"),
        ("snapshots", 0, "ratings", "social-media", "level"),
        ("snapshots", 0, "ratings", "social-media", "note"),
        ("snapshots", 0, "ratings", "bots"),
    ]
)


def replace(structure: dict, path: tuple, value: object) -> dict:
    target = structure
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return structure


@SETTINGS
@given(VALUES)
def test_any_structure_gives_a_model_or_positioned_problems(value):
    assert_valid_or_positioned(yaml.safe_dump(value, allow_unicode=True).encode())


@SETTINGS
@given(st.lists(st.tuples(PATHS, VALUES), min_size=1, max_size=3), st.booleans())
def test_a_damaged_valid_file_gives_a_model_or_positioned_problems(damage, flow):
    structure = valid_structure()
    for path, value in damage:
        try:
            replace(structure, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place this one points at
    text = yaml.safe_dump(structure, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    problems = assert_valid_or_positioned(text.encode())
    if not problems:
        loaded, _ = load_bytes(text.encode())
        assert loaded.entities[0].name == structure["name"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


HOSTILE_BITS = st.sampled_from(
    [
        "<script>window.__pwned=1</script>",
        '<img src=x onerror="window.__pwned=1">',
        "[x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<a href='//evil.example/'>x</a>",
        "![i](https://evil.example/i.png)",
        "<iframe src=https://evil.example></iframe>",
        "<style>*{}</style>",
        "<form><button>x</button></form>",
        '<a href="https://ok.example/" onclick="x()">ok</a>',
        "`code`",
        "**bold**",
        "\u202e",
        "<svg><script>1</script></svg>",
        "<<script>script>",
        "&lt;script&gt;",
    ]
)


@SETTINGS
@given(st.lists(HOSTILE_BITS | st.text(max_size=20), max_size=8).map("".join))
def test_rendered_notes_keep_only_the_allow_list(text):
    parser = _Tags()
    parser.feed(str(render_note(text)))
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS
        assert set(attrs) <= {"href", "rel", "title"}
        if tag == "a":
            assert attrs["rel"] == "nofollow noopener"
        if "href" in attrs:
            assert urlsplit(attrs["href"]).scheme.lower() in URL_SCHEMES


@given(st.text())
def test_defused_cells_never_start_a_formula(text):
    cell = defuse(text)
    assert cell == ("'" + text if text.startswith(FORMULA_STARTS) else text)


@SETTINGS
@given(st.one_of(st.text(), st.integers(), st.none()))
def test_the_fragments_escape_every_value_exactly_as_markupsafe_does(value):
    from markupsafe import escape

    from atlas.site.fragments import _text

    assert _text(value) == str(escape(value))


def test_the_fragments_leave_markup_as_it_is():
    from markupsafe import Markup

    from atlas.site.fragments import _text

    assert _text(Markup("<b>safe</b>")) == "<b>safe</b>"
