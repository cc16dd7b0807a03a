"""What a rendered page depends on, so that a rebuild can reuse every page none of whose inputs changed.

A page is rendered from its own context and the template globals. Its key hashes the fixed inputs of the
site (code, theme, settings, catalog, as-of date: the `site` digest), a digest of its declared inputs
(atlas.site.Page.inputs: what its context is made from) and what the template read from the globals
that vary with the assessments. Those globals reach the template
wrapped in `Watched`, which notes every read: reading an entity by slug ties the page to that entity,
reading anything else ties it to every assessment. Reads are noted while the page renders, and a page
renders again as soon as anything it read may have changed, so the reads on record stay complete.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any


class Opaque(TypeError):
    """A value whose content cannot be digested (an object with behaviour, not plain data)."""


SCALARS = (int, bool, float, type(None), dt.date, dt.datetime)


def _scalar(value) -> bytes:
    return f"{type(value).__name__}:{value!r};".encode()


class Digests:
    """Stable digests of plain values and dataclasses of them."""

    def __init__(self):
        self._fields: dict[type, tuple[str, ...]] = {}  # of the dataclasses met so far

    def of(self, value: object) -> str:
        parts: list[bytes] = []
        self._feed(value, parts)
        return hashlib.sha256(b"".join(parts)).hexdigest()

    def _feed(self, value: Any, parts: list[bytes]) -> None:
        kind = type(value)
        if kind is str:
            parts.append(b"s%d:%s" % (len(value), value.encode()))
        elif kind is list or kind is tuple:
            parts.append(b"[")
            for item in value:
                self._feed(item, parts)
            parts.append(b"]")
        elif kind is dict:
            parts.append(b"{")
            for key, item in value.items():
                self._feed(key, parts)
                self._feed(item, parts)
            parts.append(b"}")
        elif kind in SCALARS:
            parts.append(_scalar(value))
        else:
            names = self._fields.get(kind)
            if names is None:
                if not dataclasses.is_dataclass(value) or isinstance(value, type):
                    return self._other(value, parts)
                names = self._fields[kind] = tuple(field.name for field in dataclasses.fields(kind))
            parts.append(kind.__qualname__.encode() + b"(")
            for name in names:
                self._feed(getattr(value, name), parts)
            parts.append(b")")

    def _other(self, value: Any, parts: list[bytes]) -> None:
        """Subclasses of the plain types (such as Markup), other mappings and sets; else Opaque."""
        if isinstance(value, str):
            parts.append(type(value).__name__.encode())
            self._feed(str(value), parts)
        elif isinstance(value, SCALARS):
            parts.append(_scalar(value))
        elif isinstance(value, (list, tuple)):
            self._feed(list(value), parts)
        elif isinstance(value, Mapping):
            self._feed(dict(value), parts)
        elif isinstance(value, (set, frozenset)):
            items = []
            for item in value:
                inner: list[bytes] = []
                self._feed(item, inner)
                items.append(b"".join(inner))
            parts.append(b"<" + b",".join(sorted(items)) + b">")
        else:
            raise Opaque(type(value).__name__)


def is_code(value: object) -> bool:
    """A module-level function, class or module: covered by the digest of the code."""
    if inspect.isclass(value) or inspect.ismodule(value) or inspect.isbuiltin(value):
        return True
    return inspect.isfunction(value) and value.__closure__ is None and "<locals>" not in value.__qualname__


class Reads:
    """What one page read from the watched globals."""

    __slots__ = ("everything", "entities")

    def __init__(self):
        self.everything = False
        self.entities: set[str] = set()


class Watched:
    """A template global that varies with the assessments, standing in for it and noting reads.

    `fixed` names attributes that are part of the site digest; `lookups` names mappings from entity
    slug to entity, whose reads tie the page to the entities looked up only.
    """

    __slots__ = ("_value", "_reads", "_fixed", "_lookups")

    def __init__(self, value, reads: Reads, fixed=frozenset(), lookups=frozenset()):
        self._value, self._reads, self._fixed, self._lookups = value, reads, fixed, lookups

    def __getattr__(self, name: str):
        value = getattr(self._value, name)
        if name in self._lookups:
            return EntityLookup(value, self._reads)
        if name not in self._fixed:
            self._reads.everything = True
        return value

    def _all(self):
        self._reads.everything = True
        return self._value

    def __getitem__(self, key):
        return self._all()[key]

    def __call__(self, *args, **kwargs):
        return self._all()(*args, **kwargs)

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self._all())

    def __contains__(self, item):
        return item in self._all()

    def __bool__(self):
        kind = type(self._value)
        if hasattr(kind, "__bool__") or hasattr(kind, "__len__"):
            return bool(self._all())
        return True


class EntityLookup:
    """Entities by slug: reading one ties the page to that entity alone."""

    __slots__ = ("_value", "_reads")

    def __init__(self, value: Mapping, reads: Reads):
        self._value, self._reads = value, reads

    def __getitem__(self, slug):
        self._reads.entities.add(slug)
        return self._value[slug]

    def get(self, slug, default=None):
        self._reads.entities.add(slug)
        return self._value.get(slug, default)

    def __contains__(self, slug):
        self._reads.entities.add(slug)
        return slug in self._value

    def __getattr__(self, name: str):
        self._reads.everything = True
        return getattr(self._value, name)

    def __iter__(self):
        self._reads.everything = True
        return iter(self._value)

    def __len__(self):
        self._reads.everything = True
        return len(self._value)


def page_key(site: str, save_as: str, template: str, inputs: str | None, data: str | None, entities) -> str:
    """The key of one rendering: `inputs` is None when the page depends on everything (`data` covers it)."""
    text = "\n".join(
        [site, save_as, template, inputs or "-", data or "-", *sorted(f"{s}={d}" for s, d in entities)]
    )
    return hashlib.sha256(text.encode()).hexdigest()


class IncompleteInputs(RuntimeError):
    """Pages whose key did not change rendered differently: their contexts read undeclared inputs."""

    def __init__(self, pages: list[str]):
        self.pages = pages
        super().__init__(
            f"{len(pages)} page(s) would have been reused stale, so what they are made from is not all "
            f"declared (Page.inputs): {', '.join(pages[:10])}"
        )


class Inputs:
    """What a page's context is made from, declared when the page is listed (see atlas.site.pages.Page).

    `text()` says it as plain text for the page's key, worked out when first asked for; None means the
    page depends on every assessment. A page whose context reads more than it declares would be reused
    stale: builds with ATLAS_CHECK_INPUTS render reused pages anyway and stop on any difference.
    """

    __slots__ = ("_text", "_made")

    def __init__(self):
        self._made = False
        self._text: str | None = None

    def text(self) -> str | None:
        if not self._made:
            self._text, self._made = self._work_out(), True
        return self._text

    def _work_out(self) -> str | None:
        return None


class Everything(Inputs):
    """Every assessment (the page summarises them all)."""

    __slots__ = ()


class Files(Inputs):
    """The whole file of one entity, and of named groups of others (`others()`, asked for when the key
    is first needed)."""

    __slots__ = ("entity", "others")

    def __init__(self, entity, others: Callable[[], Mapping[str, Sequence]] | None = None):
        super().__init__()
        self.entity, self.others = entity, others

    def _work_out(self) -> str:
        lines = [f"{self.entity.slug}={self.entity.digest}"]
        for label, entities in (self.others() if self.others else {}).items():
            lines.append(f"{label} " + " ".join(f"{e.slug}:{e.digest}" for e in entities))
        return "\n".join(lines)


class Peers(Files):
    """The whole file of one entity and, for each of its gaps (`others()`: capacity id to the peers it
    shows for it), who each peer is and its ratings of that capacity only: a change to a peer's other
    ratings does not count. `numbers()` (plain data or text) says what else the page shows of other
    groups, such as how many groups of each set of peers are at each level: it counts only when what it
    says changes."""

    __slots__ = ("numbers",)

    def __init__(self, entity, others=None, numbers: Callable[[], object] | None = None):
        super().__init__(entity, others)
        self.numbers = numbers

    def _work_out(self) -> str:
        lines = [f"{self.entity.slug}={self.entity.digest}"]
        for cap, entities in (self.others() if self.others else {}).items():
            said = (f"{e.slug}:{e.derive(identity)}:{e.derive(rating_digests).get(cap)}" for e in entities)
            lines.append(f"{cap} " + " ".join(said))
        if self.numbers is not None:
            lines.append(repr(self.numbers()))
        return "\n".join(lines)


class Ratings(Inputs):
    """Some capacities' ratings: how many entities there are and, for each that ever rated one of them,
    who it is and each of its ratings of them. Other capacities' ratings do not count. Pages listed
    together may share `said` (capacity to what it says of that capacity), so each is said once."""

    __slots__ = ("entities", "capacities", "said")

    def __init__(self, entities: Sequence, capacities: Sequence[str], said: dict[str, str] | None = None):
        super().__init__()
        self.entities, self.capacities = entities, tuple(capacities)
        self.said = {} if said is None else said

    def _work_out(self) -> str:
        return "\n".join([str(len(self.entities)), *map(self._capacity, self.capacities)])

    def _capacity(self, cap: str) -> str:
        found = self.said.get(cap)
        if found is None:
            lines = [f"#{cap}"]
            for entity in self.entities:
                digest = entity.derive(rating_digests).get(cap)
                if digest is not None:
                    lines.append(f"{entity.slug}\t{entity.derive(identity)}\t{digest}")
            found = self.said[cap] = "\n".join(lines)
        return found


class Names(Inputs):
    """Which entities there are: each one's slug and name. Nothing else in their files counts."""

    __slots__ = ("entities",)

    def __init__(self, entities: Sequence):
        super().__init__()
        self.entities = entities

    def _work_out(self) -> str:
        return "\n".join(f"{entity.slug}\t{entity.name}" for entity in self.entities)


def identity(entity) -> str:
    """Who an entity is and when and how it was assessed: a digest of everything in its file but the
    ratings."""
    info = entity.info
    parts = [info.model_dump_json(exclude={"snapshots"})]
    parts += [snap.model_dump_json(exclude={"ratings"}) for snap in info.snapshots]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def rating_digests(entity) -> dict[str, str]:
    """For each capacity the entity ever rated, a short digest of its rating in each snapshot."""
    snapshots = entity.snapshots
    rated = {cap for snap in snapshots for cap in snap.ratings}
    return {
        cap: hashlib.sha256(
            "\x1f".join(
                s.ratings[cap].model_dump_json() if cap in s.ratings else "" for s in snapshots
            ).encode()
        ).hexdigest()[:24]
        for cap in rated
    }
