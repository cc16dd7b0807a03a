"""Parsed assessment files kept on disk by the digest of their text, so a new process need not parse
their YAML again (the slowest part of loading a file).

Only files that loaded without a problem are kept, and what a kept file says is still validated on every
load. Each file's data is held as compact JSON text (a tenth of the memory of the parsed objects), one
line per file in one store file: JSON, never pickle, so that a cache shared between CI runs holds data,
not code. Deleting it only makes the next build slower.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

import yaml

from atlas.ingest import yamlsource
from atlas.ingest.yamlsource import parse

DATE_TAG = "$date"  # a date in a parsed file; no valid assessment file has a key of this name
FORMAT = "atlas-parsed-files 2"


def _version() -> str:
    """The store's first line: its format and what parsed it (this module, the YAML reader, PyYAML and
    its parser). A store written by other parsing code is ignored, so a new rule applies to every file."""
    code = b"".join(Path(str(module.__file__)).read_bytes() for module in (yamlsource, sys.modules[__name__]))
    reader = f"{yaml.__version__} {yamlsource.Loader.__name__}".encode()  # the C or the Python parser
    return f"{FORMAT} {hashlib.sha256(code + reader).hexdigest()[:16]}"


VERSION = _version()
PARSE_AHEAD_FROM = 200  # files to parse before forking workers for them pays off
PARSE_CHUNK = 50  # files per task sent to a worker


def _encode(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {DATE_TAG: value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not kept")


def _decode(mapping: dict) -> object:
    if len(mapping) == 1 and DATE_TAG in mapping:
        return dt.date.fromisoformat(mapping[DATE_TAG])
    return mapping


def _tagged(value: object) -> bool:
    """Whether the data holds a mapping with the date tag as a key (which reading back would turn into
    a date)."""
    if isinstance(value, dict):
        return DATE_TAG in value or any(_tagged(item) for item in value.values())
    return isinstance(value, list) and any(_tagged(item) for item in value)


def to_json(data: object) -> str | None:
    """A file's parsed data as one line of JSON, or None if JSON cannot say it exactly (a valid file's
    keys are all text; a file may still hold the date tag itself)."""
    if _tagged(data):
        return None
    try:
        return json.dumps(data, default=_encode, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return None


def from_json(text: str) -> object:
    return json.loads(text, object_hook=_decode)


class ParsedFiles:
    """The parsed data of valid assessment files, by digest, in a store file (None: keep nothing).

    Read on first use; `save` rewrites it with the files of this load only, when that changes it.
    Files it does not keep can be parsed ahead, in parallel (`parse_ahead`)."""

    def __init__(self, path: Path | str | None):
        self.path = Path(path) if path else None
        self._kept: dict[str, str] | None = None
        self._used: dict[str, str] = {}
        self._ahead: dict[str, str] = {}  # parsed by `parse_ahead`, not yet validated

    def _read(self, path: Path) -> dict[str, str]:
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except (OSError, ValueError):
            return {}
        if lines[0] != VERSION:
            return {}
        return dict(line.split("\t", 1) for line in lines[1:] if "\t" in line)

    def _text(self, digest: str) -> str | None:
        if self._kept is None:
            self._kept = self._read(self.path) if self.path else {}
        return self._kept.get(digest) or self._ahead.get(digest)

    def get(self, digest: str) -> object | None:
        """The data of the file with this digest, if kept or parsed ahead."""
        text = self._text(digest)
        try:
            return None if text is None else from_json(text)
        except (ValueError, TypeError):  # a damaged line: forget it, parse the file again
            if self._kept is not None:
                self._kept.pop(digest, None)
            self._ahead.pop(digest, None)
            return None

    def put(self, digest: str, data: object) -> None:
        """Keep the data of a file that loaded without problems."""
        text = self._text(digest) or to_json(data)
        if text is not None:
            self._used[digest] = text

    def parse_ahead(self, texts: dict[str, str], workers: int) -> None:
        """Parse the texts (by digest) that are not kept, in forked worker processes when there are
        enough of them to pay for the workers; `get` then returns the data of those without problems."""
        missing = [(digest, text) for digest, text in texts.items() if self._text(digest) is None]
        if workers < 2 or len(missing) < PARSE_AHEAD_FROM or "fork" not in get_all_start_methods():
            return
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            found = pool.map(_parsed, [text for _, text in missing], chunksize=PARSE_CHUNK)
            self._ahead.update(
                (digest, data) for (digest, _), data in zip(missing, found, strict=True) if data is not None
            )

    def save(self) -> None:
        """Keep the files of this load, and only those, if that is not what is kept already."""
        if self.path is None or self._used.keys() == (self._kept or {}).keys():
            return
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        lines = [VERSION, *(f"{digest}\t{text}" for digest, text in self._used.items())]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
            partial.replace(self.path)
        except (OSError, ValueError):  # a cache that cannot be written only makes the next build slower
            partial.unlink(missing_ok=True)


def _parsed(text: str) -> str | None:
    """In a worker: a file's data as JSON, or None if it has problems or JSON cannot hold it (the
    loader then parses it again itself, to report the problems)."""
    source = parse(text)
    return None if source.problems else to_json(source.data)
