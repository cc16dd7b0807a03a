"""An assessed entity: one group's assessment file, as read and validated."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel

T = TypeVar("T")


@dataclass(frozen=True)
class Entity:
    """An assessed entity: its slug (from the file name), what its file says and a digest of its bytes."""

    slug: str
    path: str
    info: BaseModel  # an AssessmentFile, with snapshots sorted oldest first
    digest: str = ""  # sha256 of the file: the same file, catalog and as-of date give the same entity
    derived: dict = field(default_factory=dict, init=False, compare=False, repr=False)  # see `derive`

    def __post_init__(self):
        # The file's fields (name, regions, snapshots...) read as the entity's own attributes: copied once,
        # since analysis reads them hundreds of thousands of times.
        for name in type(self.info).model_fields:
            object.__setattr__(self, name, getattr(self.info, name))

    def derive(self, what: Hashable, make: Callable[[Entity], T]) -> T:
        """`make(self)`, worked out once per entity: a long-lived process that reuses the entity of an
        unchanged file (see `load_assessments`) reuses this too. `what` names the value, or is a tuple of
        its name and anything else it depends on; one value is kept per name."""
        name = what[0] if isinstance(what, tuple) else what
        known = self.derived.get(name)
        if known is not None and known[0] == what:
            return known[1]
        value = make(self)
        self.derived[name] = (what, value)
        return value
