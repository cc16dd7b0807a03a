"""An assessed entity: one group's assessment file, as read and validated."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

T = TypeVar("T")
FILE_FIELDS = (
    *("name", "kind", "regions", "countries", "languages", "url", "emerging", "population", "related"),
    "snapshots",
)


@dataclass(frozen=True)
class Entity:
    """An assessed entity: its slug (from the file name), what its file says and a digest of its bytes."""

    slug: str
    path: str
    info: BaseModel  # an AssessmentFile, with snapshots sorted oldest first
    digest: str = ""  # sha256 of the file: the same file, catalog and as-of date give the same entity
    derived: dict = field(default_factory=dict, init=False, compare=False, repr=False)  # see `derive`
    # The file's fields, read as the entity's own: copied once, as analysis reads them hundreds of
    # thousands of times (see atlas.ingest.schema for what each holds).
    name: str = field(init=False, compare=False, repr=False)
    kind: str = field(init=False, compare=False, repr=False)
    regions: list[str] = field(init=False, compare=False, repr=False)
    countries: list[str] = field(init=False, compare=False, repr=False)
    languages: list[str] = field(init=False, compare=False, repr=False)
    url: str | None = field(init=False, compare=False, repr=False)
    emerging: bool = field(init=False, compare=False, repr=False)
    population: int | None = field(init=False, compare=False, repr=False)
    related: list[str] = field(init=False, compare=False, repr=False)
    snapshots: list[Any] = field(init=False, compare=False, repr=False)  # schema.Snapshot, oldest first

    def __post_init__(self):
        for name in FILE_FIELDS:
            object.__setattr__(self, name, getattr(self.info, name))

    def derive(self, make: Callable[..., T], *args: object, slot: str = "") -> T:
        """`make(self, *args)`, worked out once per entity and arguments: a long-lived process that reuses
        the entity of an unchanged file (see `load_assessments`) reuses it too.

        The value must depend on nothing but the entity and `args`, so `make` is a module-level function
        and `args` plain values (text, numbers, dates, tuples of them): no atlas, no objects. One value is
        kept per function, or per function and `slot` (e.g. one per language, which is among `args`)."""
        key = (make, slot) if slot else make
        known = self.derived.get(key)
        if known is not None and known[0] == args:  # checked when it was made (checking costs more)
            return known[1]
        name = getattr(make, "__qualname__", "")
        if not inspect.isfunction(make) or "<locals>" in name or "<lambda>" in name:
            raise UndeclaredInput(f"derive needs a module-level function, not {make!r}")
        if not all(map(_plain, args)):
            raise UndeclaredInput(f"{name}: arguments must be plain values, not {[type(a) for a in args]}")
        value = make(self, *args)
        self.derived[key] = (args, value)
        return value


class UndeclaredInput(TypeError):
    """A derived value asked for with something it may depend on that is not plain data."""


PLAIN = (str, int, float, bool, type(None), dt.date)


def _plain(value: object) -> bool:
    """Plain data: what a derived value may depend on besides its entity."""
    if isinstance(value, PLAIN):
        return True
    return isinstance(value, (tuple, frozenset)) and all(map(_plain, value))
