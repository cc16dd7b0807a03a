"""`atlas translations`: the catalog's words as a gettext template, and each language's file kept in step.

The catalog (content/catalog/) is written in English. Each of its texts becomes one message of the
`catalog` domain, told apart by a context that names what it is ("social-media question"), so that a
translator sees every text once and a changed English text is marked fuzzy in every language.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.messages.catalog import Catalog as Messages
from babel.messages.pofile import read_po, write_po

from atlas.model.catalog import Catalog

DOMAIN = "catalog"
HEADER = "The words of the Capacity Atlas's capacity catalog (content/catalog/), in English."


def catalog_texts(catalog: Catalog) -> list[tuple[str, str]]:
    """(context, English text) for every text of the catalog a reader sees, in catalog order."""
    found = []
    for category in catalog.categories:
        found += [(f"{category.id} category name", category.name)]
        found += [(f"{category.id} category description", category.description)]
        for cap in category.capacities:
            found += [(f"{cap.id} {part}", getattr(cap, part)) for part in ("name", "short", "question")]
            found += [(f"{cap.id} description", cap.description)]
            found += [(f"{cap.id} guidance {key}", text) for key, text in cap.guidance.items()]
    for region in catalog.regions.values():
        found += [
            (f"{region.id} region name", region.name),
            (f"{region.id} region description", region.description),
        ]
    return found


def template(catalog: Catalog, when: dt.datetime) -> Messages:
    """The catalog domain's template (.pot)."""
    messages = Messages(
        project="Capacity Atlas", header_comment=f"# {HEADER}", creation_date=when, fuzzy=False
    )
    for context, text in catalog_texts(catalog):
        messages.add(text, context=context, locations=[("content/catalog", 0)])
    return messages


def update(locale_dir: Path, catalog: Catalog, languages: list[str], when: dt.datetime) -> list[Path]:
    """Write locale/catalog.pot and bring each language's catalog.po in step with it; return the files."""
    pot = template(catalog, when)
    written = [locale_dir / f"{DOMAIN}.pot"]
    locale_dir.mkdir(parents=True, exist_ok=True)
    _write(written[0], pot)
    for language in languages:
        path = locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.exists():
            with path.open("rb") as file:
                translated = read_po(file, locale=language, domain=DOMAIN)
        else:
            translated = Messages(locale=language, domain=DOMAIN, project="Capacity Atlas", fuzzy=False)
        translated.update(pot, no_fuzzy_matching=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, translated)
        written.append(path)
    return written


def _write(path: Path, messages: Messages) -> None:
    with path.open("wb") as file:
        write_po(file, messages, width=100, omit_header=False, sort_output=False, include_previous=True)
