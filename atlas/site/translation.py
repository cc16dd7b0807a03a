"""Each language's translations, read from its .po files when a build starts (no compiled .mo files).

A file is read and compiled once per process and per content (keyed by its digest): a long-lived process
(`atlas serve`) reads it again only after it changed, and so does the coverage count.

Two gettext domains: `atlas` (the interface: templates and atlas/site/*.py) and `catalog` (the capacity
catalog's texts, each told apart by a context). A message left empty or marked fuzzy falls back to English.
The same module checks a language's files for completeness (`problems`) and counts coverage (`coverage`).
"""

from __future__ import annotations

import hashlib
import io
import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog as Messages
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from atlas.site.languages import LOCALE_DIR, SOURCE

DOMAINS = ("atlas", "catalog")
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifgr%]")


def po_path(language: str, domain: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return Path(locale_dir) / language / "LC_MESSAGES" / f"{domain}.po"


def read_messages(path: Path, language: str, domain: str) -> Messages:
    """A .po file as Babel's catalog of messages."""
    with Path(path).open("rb") as file:
        return read_po(file, locale=language, domain=domain)


NONE = NullTranslations()  # English's, and those of a language without a file


def _digest(path: Path) -> str | None:
    """A digest of a file's bytes; None if there is no such file."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def translations(language: str, domain: str, locale_dir: Path = LOCALE_DIR) -> NullTranslations:
    """The language's messages of one domain, in memory; English (the source) or a missing file: none.
    The same file content gives the same object (compiled once per process)."""
    if language == SOURCE:
        return NONE
    path = po_path(language, domain, locale_dir)
    digest = _digest(path)
    return NONE if digest is None else _compiled(path, digest, language, domain)


def messages_digest(language: str, domain: str = "atlas", locale_dir: Path = LOCALE_DIR) -> str:
    """A digest of the language's messages of one domain ("source" for English, which has none)."""
    if language == SOURCE:
        return "source"
    return _digest(po_path(language, domain, locale_dir)) or "none"


@cache
def _compiled(path: Path, digest: str, language: str, domain: str) -> NullTranslations:
    buffer = io.BytesIO()
    write_mo(buffer, read_messages(path, language, domain), use_fuzzy=False)  # leaves out empty and fuzzy
    buffer.seek(0)
    return Translations(buffer, domain=domain)


translations.cache_clear = _compiled.cache_clear  # type: ignore[attr-defined]


def _placeholders(text: str | None) -> set[str]:
    found = PLACEHOLDER.finditer(text or "")
    return {match.group(0) if not match.group(1) else match.group(1) for match in found}


def problems(messages: Messages) -> list[str]:
    """Why a language is not complete: each untranslated or fuzzy message, and each translation whose
    placeholders differ from the English (a plural form may leave out the count, not add one)."""
    found = []
    for message in messages:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        where = f"{message.context + ': ' if message.context else ''}{key!r}"
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if not all(strings):
            found.append(f"untranslated {where}")
            continue
        if message.fuzzy:
            found.append(f"fuzzy {where}")
        sources = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        expected = set().union(*(_placeholders(text) for text in sources))
        if isinstance(message.id, (list, tuple)):
            wrong = any(not _placeholders(text) <= expected for text in strings)
            wrong = wrong or _placeholders(strings[-1]) != _placeholders(sources[-1])
        else:
            wrong = _placeholders(strings[0]) != expected
        if wrong:
            found.append(f"placeholders differ in {where}")
    return found


def coverage(language: str, locale_dir: Path = LOCALE_DIR) -> tuple[int, int]:
    """(translated and not fuzzy, total) messages over both domains; English is complete."""
    done = total = 0
    for domain in DOMAINS:
        path = po_path(language, domain, locale_dir)
        digest = None if language == SOURCE else _digest(path)
        if digest is None:
            template = Path(locale_dir) / f"{domain}.pot"
            template_digest = _digest(template)
            if template_digest is not None:
                count = _count(template, template_digest, SOURCE, domain)[1]
                total += count
                done += count if language == SOURCE else 0
            continue
        found = _count(path, digest, language, domain)
        done, total = done + found[0], total + found[1]
    return done, total


@cache
def _count(path: Path, digest: str, language: str, domain: str) -> tuple[int, int]:
    """(translated and not fuzzy, total) messages of one file, counted once per content."""
    done = total = 0
    for message in read_messages(path, language, domain):
        if message.id:
            total += 1
            strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
            done += bool(all(strings) and not message.fuzzy)
    return done, total
