"""Read one YAML document into plain Python data, and say where any value stood when asked.

Contributed files are built straight from libyaml's event stream, so nothing is ever expanded:
anchors, aliases, tags, duplicate keys, deep nesting and control characters are refused, each
with a position. Plain scalars are read by the YAML 1.2 core rules (`no`, `on`, `012` and `1:30`
stay what they look like) plus ISO dates. Positions cost time, so the common, valid path records
none; the first question about a position re-reads the text with positions kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Path_ = tuple  # a path into the document: mapping keys and list indexes
MAX_DEPTH = 10  # an assessment file needs 5 levels of nesting
MAX_SHOWN = 60  # characters of a contributed value quoted back in a message
MAX_REPORTED = 5  # control characters reported per file

EXPECTED_TOP = "expected a mapping with name, kind, regions, snapshots"
NO_ALIASES = "anchors and aliases (&name, *name) are not allowed; write the value out"
NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
NULLS = {"", "~", "null", "Null", "NULL"}
BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
MAYBE_NOT_TEXT = set("~nNtTfF0123456789+-.")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")  # ISO 8601, as the contract writes dates
INTEGER = re.compile(r"[-+]?[0-9]+\Z")
OCTAL = re.compile(r"0o[0-7]+\Z")
HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
SPECIAL_FLOATS = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf")}
SPECIAL_FLOATS |= {"+" + k: v for k, v in SPECIAL_FLOATS.items()} | {
    "-" + k: -v for k, v in SPECIAL_FLOATS.items()
}
SPECIAL_FLOATS |= {".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")}

# libyaml's words for common mistakes, and what to tell a contributor instead.
SYNTAX_HINTS = {
    "mapping values are not allowed": "a ': ' inside an unquoted value; put the value in quotes",
    "did not find expected key": "the indentation does not line up with the keys above; check the spaces",
    "could not find expected ':'": "expected 'key: value'; a value spanning lines may need quotes",
    "did not find expected ',' or ']'": "a [list] is not closed with ']' or its items lack commas",
    "did not find expected ',' or '}'": "a {mapping} is not closed with '}' or its entries lack commas",
    "found unexpected end of stream": "a quote or bracket is opened but never closed",
    "did not find expected '-' indicator": "list items ('- ') do not line up; check the spaces",
    "did not find expected node content": "a value is missing, or a bracket is never closed",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def shown(value: object) -> str:
    """A contributed value, quoted back in a message, cut short if long; control characters written
    as escapes, so that a message stays one line of plain text."""
    text = CONTROL.sub(lambda found: f"\\x{ord(found.group()):02X}", str(value))
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


class _Stop(Exception):
    """Raised inside the builder: stop reading (fast pass: a problem was found; else: cannot go on)."""


_NO_KEY, _SKIP = object(), object()


class _Builder:
    """Turns the event stream into dicts, lists and scalars; with `track`, also positions and problems."""

    def __init__(self, track: bool):
        self.track = track
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.plain: dict[Path_, str] = {}  # source text of plain scalars that were not read as text
        self.problems: list[tuple[int, int, str]] = []
        self.anchors: set[str] = set()
        self.root: object = None

    def problem(self, mark, message: str, *, stop: bool = False) -> None:
        if not self.track:
            raise _Stop
        self.problems.append((mark.line + 1, mark.column + 1, message))
        if stop:
            raise _Stop

    def check_node(self, event) -> None:
        if event.anchor is not None:
            self.anchors.add(event.anchor)
            self.problem(event.start_mark, NO_ALIASES)
        if event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(event.start_mark, f"tags such as '{shown(tag)}' are not allowed; remove it")

    def scalar(self, event: ScalarEvent) -> object:
        value = event.value
        if not event.implicit[0] or event.tag is not None:
            return value
        try:
            return read_plain(value)
        except ValueError:
            self.problem(event.start_mark, f"cannot read '{shown(value)}' as a number; put it in quotes")
            return value

    def place(self, stack: list, value: object, event) -> Path_ | None:
        """Put a value where the stream says (list item, mapping key or value); return its path."""
        if not stack:
            self.root = value
            path: Path_ | None = ()
        else:
            frame = stack[-1]
            container, parent, key = frame
            if type(container) is list:
                path = (*parent, len(container)) if self.track else None
                container.append(value)
            elif key is _NO_KEY:
                return self.key(frame, value, event)
            else:
                frame[2] = _NO_KEY
                if key is _SKIP:
                    return (*parent, "<skipped>") if self.track else None
                container[key] = value
                path = (*parent, key) if self.track else None
        if path is not None:  # tracked
            self.values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
            if isinstance(event, ScalarEvent) and event.implicit[0] and type(value) is not str:
                self.plain[path] = event.value
        return path

    def key(self, frame: list, key: object, event) -> Path_ | None:
        container, parent, _ = frame
        frame[2] = _SKIP
        if type(key) is not str:
            text = event.value if isinstance(event, ScalarEvent) else "a list or mapping"
            message = f"key '{shown(text)}' is not text; expected a name such as kind or level"
            self.problem(event.start_mark, message)
        elif key in container:
            if not self.track:
                raise _Stop
            first = self.keys[(*parent, key)][0]
            self.problem(event.start_mark, f"duplicate key '{shown(key)}' (first given on line {first})")
        else:
            frame[2] = key
            if self.track:
                self.keys[(*parent, key)] = (event.start_mark.line + 1, event.start_mark.column + 1)
        return (*parent, "<key>") if self.track else None

    def build(self, text: str) -> None:
        loader = Loader(text)
        stack: list = []
        documents = 0
        try:
            while loader.check_event():
                event = loader.get_event()
                kind = type(event)
                if kind is ScalarEvent:
                    self.check_node(event)
                    self.place(stack, self.scalar(event), event)
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    self.check_node(event)
                    if len(stack) >= MAX_DEPTH:
                        self.problem(
                            event.start_mark,
                            f"nested more than {MAX_DEPTH} levels deep; expected the shape of the contract",
                            stop=True,
                        )
                    container: dict | list = {} if kind is MappingStartEvent else []
                    stack.append([container, self.place(stack, container, event), _NO_KEY])
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    stack.pop()
                elif kind is AliasEvent:
                    if event.anchor not in self.anchors:
                        self.problem(event.start_mark, NO_ALIASES)
                    self.place(stack, None, event)
                elif kind is DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        self.problem(
                            event.start_mark, "a second document ('---'); expected one per file", stop=True
                        )
        finally:
            loader.dispose()


def read_plain(value: str) -> object:
    """An unquoted scalar by the YAML 1.2 core rules, plus ISO dates; anything else stays text."""
    if value[:1] not in MAYBE_NOT_TEXT and value:
        return value
    if value in NULLS:
        return None
    if value in BOOLEANS:
        return BOOLEANS[value]
    if DATE.match(value):
        year, month, day = (int(part) for part in value.split("-"))
        try:
            return dt.date(year, month, day)
        except ValueError:
            return value  # not a real date: the schema says so where a date belongs
    if INTEGER.match(value):
        return int(value)
    if OCTAL.match(value):
        return int(value[2:], 8)
    if HEX.match(value):
        return int(value[2:], 16)
    if FLOAT.match(value):
        return float(value)
    return SPECIAL_FLOATS.get(value, value)


class Source:
    """A parsed document: its data and problems; positions are worked out on first request."""

    def __init__(self, text: str, data: object = None, problems: list | None = None, tracked=None):
        self.text = text
        self.data = data
        self.problems: list[tuple[int, int, str]] = problems or []
        self._tracked: _Builder | None = tracked

    def _positions(self) -> _Builder:
        if self._tracked is None:
            self._tracked = _track(self.text)
        return self._tracked

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Where a path stands; for a path that is absent, where its nearest parent stands."""
        tracked = self._positions()
        table = tracked.keys if key else tracked.values
        while path:
            if path in table:
                return table[path]
            if path in tracked.values:
                return tracked.values[path]
            path = path[:-1]
        return tracked.values.get((), (1, 1))

    def plain_text(self, path: Path_) -> str | None:
        """How an unquoted value that was not read as text was written (e.g. '1.10' for 1.1)."""
        return self._positions().plain.get(path)


def line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character, counting line breaks as YAML does."""
    line, line_start = 1, 0
    for found in LINE_BREAK.finditer(text, 0, index):
        line, line_start = line + 1, found.end()
    return line, index - line_start + 1


def _unprintable(text: str) -> list[tuple[int, int, str]]:
    found = []
    for match in NOT_PRINTABLE.finditer(text):
        line, column = line_column(text, match.start())
        code = f"U+{ord(match.group()):04X}"
        found.append((line, column, f"control character {code} is not allowed in YAML; remove it"))
        if len(found) == MAX_REPORTED:
            break
    return found


def _inside(text: str, position: tuple[int, int]) -> tuple[int, int]:
    """A position clamped into the text (libyaml puts the end of the stream past the last line)."""
    lines = LINE_BREAK.split(text)
    line = min(position[0], len(lines))
    column = position[1] if line == position[0] else len(lines[line - 1]) + 1
    return line, min(column, len(lines[line - 1]) + 1)


def _character_at(text: str, line: int, column: int) -> str:
    lines = LINE_BREAK.split(text)
    return lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""


def _syntax_problem(text: str, error: yaml.YAMLError) -> tuple[int, int, str]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = _inside(text, (mark.line + 1, mark.column + 1) if mark else (1, 1))
    problem = getattr(error, "problem", None) or str(error)
    character = _character_at(text, line, column)
    if "tab" in problem or character == "\t":
        return line, column, "invalid YAML: a tab character; YAML indents with spaces only"
    hint = next((hint for words, hint in SYNTAX_HINTS.items() if problem.startswith(words)), None)
    if hint is None and "cannot start any token" in problem:
        hint = f"'{character}' cannot start an unquoted value; put the value in quotes"
    return line, column, f"invalid YAML: {problem}" + (f" ({hint})" if hint else "")


def _track(text: str) -> _Builder:
    builder = _Builder(track=True)
    try:
        builder.build(text)
    except _Stop:
        pass
    except yaml.YAMLError as error:
        builder.problems.append(_syntax_problem(text, error))
    return builder


def parse(text: str) -> Source:
    """Parse one YAML document; syntax and structure problems are collected, never raised."""
    if text.startswith("\ufeff"):
        text = text[1:]
    unprintable = _unprintable(text)
    if unprintable:
        return Source(text, problems=unprintable)
    fast = _Builder(track=False)
    try:
        fast.build(text)
    except (_Stop, yaml.YAMLError):
        tracked = _track(text)
        return Source(text, tracked.root, tracked.problems, tracked)
    if fast.root is None and _blank(text):
        return Source(text, problems=[(1, 1, f"the file is empty; {EXPECTED_TOP}")])
    return Source(text, fast.root)


def _blank(text: str) -> bool:
    """Nothing but white space, comments and document markers."""
    lines = (line.strip() for line in text.splitlines())
    return all(line in ("", "---", "...") or line.startswith("#") for line in lines)
