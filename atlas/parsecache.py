"""Parsed assessment files kept on disk by the digest of their text, so a new process need not parse
their YAML again (the slowest part of loading a file).

Only files that loaded without a problem are kept, and what a kept file says is still validated on every
load. One JSON file holds them all (reading one file is quicker than reading a thousand); JSON, never
pickle, so that a cache shared between CI runs holds data, not code. Deleting it only makes the next
build slower.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from atlas.yamlsource import parse

DATE_TAG = "$date"  # a date in a parsed file; no valid assessment file has a key of this name
VERSION = 1
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


class ParsedFiles:
    """The parsed data of valid assessment files, by digest, in one file (None: keep nothing).

    Read on first use; `save` rewrites it with the files of this load only, when that changes it.
    Files it does not keep can be parsed ahead, in parallel (`parse_ahead`)."""

    def __init__(self, path: Path | str | None):
        self.path = Path(path) if path else None
        self._kept: dict[str, object] | None = None
        self._used: dict[str, object] = {}
        self._ahead: dict[str, object] = {}  # parsed by `parse_ahead`, not yet validated

    def _read(self) -> dict[str, object]:
        try:
            kept = json.loads(self.path.read_bytes(), object_hook=_decode)
        except (OSError, ValueError):
            return {}
        return kept.get("files", {}) if isinstance(kept, dict) and kept.get("version") == VERSION else {}

    def get(self, digest: str) -> object | None:
        """The data of the file with this digest, if kept or parsed ahead."""
        if self._kept is None:
            self._kept = self._read() if self.path else {}
        data = self._kept.get(digest)
        return self._ahead.pop(digest, None) if data is None else data

    def put(self, digest: str, data: object) -> None:
        """Keep the data of a file that loaded without problems (a valid file's keys are all text)."""
        self._used[digest] = data

    def parse_ahead(self, texts: dict[str, str], workers: int) -> None:
        """Parse the texts (by digest) that are not kept, in forked worker processes when there are
        enough of them to pay for the workers; `get` then returns the data of those without problems."""
        missing = [(digest, text) for digest, text in texts.items() if self.get(digest) is None]
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
        try:
            text = json.dumps(
                {"version": VERSION, "files": self._used},
                default=_encode,
                ensure_ascii=False,
                separators=(",", ":"),
            )
        except (TypeError, ValueError):
            return  # something JSON cannot say exactly: parse again next time
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        partial.replace(self.path)


def _parsed(text: str) -> object | None:
    """In a worker: a file's data, or None if it has problems (the loader parses it again to report them)."""
    source = parse(text)
    return None if source.problems else source.data
