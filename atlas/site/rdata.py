"""A small reader of R's serialised objects, enough to read data packages installed by Debian.

R keeps a package's data sets in a lazy-load database: `Rdata.rdx`, a gzip-compressed serialised index
(name -> offset and length), and `Rdata.rdb`, each object serialised and compressed on its own. The
serialisation format (XDR, versions 2 and 3) is described in R's "R Internals" manual, section 1.8.
Only what plain data needs is read: vectors, lists, pairlists, attributes, S4 objects, environments
and the compact sequences of R 3.5+; code (closures, byte code) is refused.
"""

from __future__ import annotations

import gzip
import lzma
import struct
import zlib
from pathlib import Path

NA_INTEGER = -(2**31)


class RVector(list):
    """An R vector or list: its items, and its attributes (names, class, dim, ...)."""

    attrs: dict

    def __init__(self, items=(), attrs: dict | None = None):
        super().__init__(items)
        self.attrs = attrs or {}


class RObject:
    """Any other R object (S4 object, environment, symbol): a kind and its attributes (slots)."""

    def __init__(self, kind: str, attrs: dict | None = None, value=None):
        self.kind, self.attrs, self.value = kind, attrs or {}, value

    def __repr__(self) -> str:
        return f"RObject({self.kind}, {sorted(self.attrs)})"


class RDataError(ValueError):
    """The bytes are not an R serialisation this reader understands."""


# SEXP types (R Internals, 1.1) and the stream's special codes.
NIL, SYM, LIST, CLO, ENV, PROM, LANG = 0, 1, 2, 3, 4, 5, 6
CHAR, LGL, INT, REAL, CPLX, STR, VEC, EXPR, RAW, S4 = 9, 10, 13, 14, 15, 16, 19, 20, 24, 25
REF, NILVALUE, GLOBALENV, UNBOUND, MISSING, BASENS = 255, 254, 253, 252, 251, 250
NAMESPACE, PACKAGE, PERSIST, EMPTYENV, BASEENV, ATTRLANG, ATTRLIST, ALTREP = (
    249,
    248,
    247,
    242,
    241,
    240,
    239,
    238,
)
PAIRLISTS = (LIST, LANG, PROM, 17, ATTRLANG, ATTRLIST)
LATIN1 = 4  # a string's "levels" bit (R Internals, 1.1): its bytes are Latin-1, not UTF-8


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0
        self.refs: list = []

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise RDataError("the serialised object ends early")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def read_int(self) -> int:
        return struct.unpack(">i", self.take(4))[0]

    def length(self) -> int:
        n = self.read_int()
        if n == -1:
            high, low = self.read_int(), self.read_int()
            n = (high << 32) + low
        return n

    def header(self) -> None:
        if self.take(2) != b"X\n":
            raise RDataError("only the XDR (binary, big-endian) format is read")
        version = self.read_int()
        self.read_int(), self.read_int()  # the writer's R version, the oldest R that reads it
        if version == 3:
            self.take(self.read_int())  # the native encoding's name
        elif version != 2:
            raise RDataError(f"serialisation version {version}")

    def strings(self) -> list:
        if self.read_int() != 0:
            raise RDataError("a string vector with an unknown flag")
        return [self.item() for _ in range(self.read_int())]

    def attributes(self, has: bool) -> dict:
        return _pairlist_dict(self.item()) if has else {}

    def item(self):  # noqa: C901 - one branch per kind of object, as the format lists them
        flags = self.read_int()
        kind, has_attr, has_tag = flags & 0xFF, bool(flags & 512), bool(flags & 1024)
        if kind == REF:
            index = flags >> 8 or self.read_int()
            return self.refs[index - 1]
        if kind in (NILVALUE, NIL):
            return None
        if kind in (GLOBALENV, UNBOUND, MISSING, BASENS, EMPTYENV, BASEENV):
            return RObject("environment")
        if kind in (NAMESPACE, PACKAGE, PERSIST):
            found = RObject("environment", value=self.strings())
            self.refs.append(found)
            return found
        if kind == SYM:
            found = RObject("symbol", value=self.item())
            self.refs.append(found)
            return found
        if kind == ENV:
            found = RObject("environment")
            self.refs.append(found)
            self.read_int()  # locked
            self.item(), self.item(), self.item()  # enclosure, frame, hash table
            found.attrs = self.attributes(True)
            return found
        if kind in PAIRLISTS:
            attrs = self.attributes(has_attr)
            tag = self.item() if has_tag else None
            car, cdr = self.item(), self.item()
            return RObject("pairlist", attrs, ((tag, car), cdr))
        if kind == CHAR:  # its encoding is a flag: Latin-1 (Natural Earth's "Côte d'Ivoire"), else UTF-8
            n = self.read_int()
            encoding = "latin-1" if (flags >> 12) & LATIN1 else "utf-8"
            return None if n == -1 else self.take(n).decode(encoding, "replace")
        if kind == ALTREP:
            return self.altrep()
        if kind in (LGL, INT):
            n = self.length()
            items = [None if v == NA_INTEGER else v for v in struct.unpack(f">{n}i", self.take(4 * n))]
            if kind == LGL:
                items = [None if v is None else bool(v) for v in items]
        elif kind == REAL:
            n = self.length()
            items = list(struct.unpack(f">{n}d", self.take(8 * n)))
        elif kind == CPLX:
            n = self.length()
            parts = struct.unpack(f">{2 * n}d", self.take(16 * n))
            items = [complex(parts[i], parts[i + 1]) for i in range(0, 2 * n, 2)]
        elif kind in (STR, VEC, EXPR):
            items = [self.item() for _ in range(self.length())]
        elif kind == RAW:
            items = list(self.take(self.length()))
        elif kind == S4:
            return RObject("S4", self.attributes(has_attr))
        else:
            raise RDataError(f"objects of R type {kind} are not read")
        return RVector(items, self.attributes(has_attr))

    def altrep(self):
        """R 3.5+ compact sequences and wrappers, expanded to plain vectors."""
        info, state, attrs = self.item(), self.item(), self.item()
        name = _pairlist_items(info)[0][1].value if isinstance(info, RObject) else None
        if name in ("compact_intseq", "compact_realseq"):
            n, start, step = state
            values = [start + step * i for i in range(int(n))]
            items = RVector([int(v) for v in values] if name == "compact_intseq" else values)
        elif name and name.startswith("wrap_"):
            items = RVector(state[0])
        elif name == "deferred_string":
            source = _pairlist_items(state)[0][1] if isinstance(state, RObject) else state
            items = RVector(str(v) if v is not None else None for v in source)
        else:
            raise RDataError(f"the compact R object {name!r} is not read")
        items.attrs = _pairlist_dict(attrs)
        return items


def _pairlist_items(value) -> list[tuple]:
    """A pairlist's (tag, value) cells, in order."""
    cells = []
    while isinstance(value, RObject) and value.kind == "pairlist":
        (tag, car), value = value.value
        cells.append((tag, car))
    return cells


def _pairlist_dict(value) -> dict:
    return {tag.value if isinstance(tag, RObject) else tag: car for tag, car in _pairlist_items(value)}


def unserialize(data: bytes):
    """The object serialised in `data` (without compression)."""
    reader = _Reader(data)
    reader.header()
    return reader.item()


def _decompress(chunk: bytes) -> bytes:
    """One object of a lazy-load database: its length, then (R >= 2.10) a compression letter."""
    size, kind, body = int.from_bytes(chunk[:4], "big"), chunk[4:5], chunk[5:]
    if kind == b"Z":
        filters = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]
        data = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=filters).decompress(body)
    elif kind == b"2":
        import bz2

        data = bz2.decompress(body)
    elif kind == b"1":
        data = zlib.decompress(body)
    elif kind == b"0":
        data = body
    else:
        data = zlib.decompress(chunk[4:])
    if len(data) != size:
        raise RDataError("a lazy-load object decompressed to the wrong length")
    return data


def lazy_load(base: Path | str, name: str):
    """One object, by name, of the lazy-load database `base`.rdx / `base`.rdb."""
    base = Path(base)
    index = _pairlist_or_list(unserialize(gzip.decompress(base.with_suffix(".rdx").read_bytes())))
    variables = _named(index["variables"])
    if name not in variables:
        raise KeyError(name)
    offset, length = (int(v) for v in variables[name])
    with base.with_suffix(".rdb").open("rb") as db:
        db.seek(offset)
        return unserialize(_decompress(db.read(length)))


def _named(value) -> dict:
    """A named R list as a dict."""
    return dict(zip(value.attrs.get("names", []), value, strict=True))


def _pairlist_or_list(value) -> dict:
    return _named(value) if isinstance(value, RVector) else _pairlist_dict(value)
