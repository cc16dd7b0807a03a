"""Read a YAML document into plain Python data while remembering where every value stood.

PyYAML silently keeps the last of two equal keys and expands aliases; neither is acceptable for
contributed files, so documents are composed into nodes and converted here, key by key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Path_ = tuple  # a path into the document: mapping keys and list indexes


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass
class Source:
    """A parsed document: its data, and the position of each value and each mapping key."""

    data: object = None
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[tuple[int, int, str]] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Where a path stands; for a path that is absent, where its nearest parent stands."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Converter:
    def __init__(self, source: Source):
        self.source = source
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node, message: str) -> None:
        self.source.problems.append((*_mark(node), message))

    def convert(self, node: yaml.Node, path: Path_) -> object:
        self.source.values[path] = _mark(node)
        if id(node) in self.seen:
            self.problem(node, "anchors and aliases (&name, *name) are not allowed; write the value out")
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.ScalarNode) -> object:
        try:
            return self.constructor.construct_object(node)
        except (ValueError, yaml.constructor.ConstructorError) as error:
            if node.tag.endswith(":timestamp"):
                self.problem(node, f"'{node.value}' is not a real date; expected YYYY-MM-DD")
            else:
                self.problem(node, f"cannot read '{node.value}': {error}")
            return None

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag.endswith(":merge"):
                self.problem(key_node, "merge keys (<<) are not allowed; write the keys out")
                continue
            key = self.convert(key_node, (*path, "<key>"))
            if not isinstance(key, str):
                self.problem(key_node, f"key '{key_node.value}' is not read as text; quote it")
                continue
            if key in result:
                line, _ = self.source.keys[(*path, key)]
                self.problem(key_node, f"duplicate key '{key}' (first given on line {line})")
                continue
            self.source.keys[(*path, key)] = _mark(key_node)
            result[key] = self.convert(value_node, (*path, key))
        self.source.values.pop((*path, "<key>"), None)
        return result


def parse(text: str) -> Source:
    """Parse one YAML document; syntax and structure problems are collected, never raised."""
    source = Source()
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        source.problems.append((line, column, f"invalid YAML: {error.problem or error}"))
        return source
    except yaml.YAMLError as error:
        source.problems.append((1, 1, f"invalid YAML: {error}"))
        return source
    if node is None:
        source.problems.append(
            (1, 1, "the file is empty; expected a mapping with name, kind, regions, snapshots")
        )
        return source
    source.data = _Converter(source).convert(node, ())
    return source
