"""`atlas translations`: the site's words as gettext templates, and each language's files kept in step.

Two domains. `atlas`: the interface, extracted with Babel from atlas/site/*.py (_, N_, gettext, ngettext,
pgettext, npgettext and the Words helpers) and from the theme's templates (jinja2.ext.i18n: {% trans %},
{% pluralize %}, _()). `catalog`: the capacity catalog (content/catalog/), written in English. Each of
its texts becomes one message of the
`catalog` domain, told apart by a context that names what it is ("social-media question"), so that a
translator sees every text once and a changed English text is marked fuzzy in every language.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.messages.catalog import Catalog as Messages
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from atlas.model.catalog import Catalog

DOMAIN = "catalog"
HEADER = "The words of the Capacity Atlas's capacity catalog (content/catalog/), in English."
INTERFACE = "atlas"
INTERFACE_HEADER = "The words of the Capacity Atlas's interface (templates and atlas/site/*.py), in English."
ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "n_": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true", "trim_blocks": "true",
                 "lstrip_blocks": "true"}  # fmt: skip


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


def interface_sources(root: Path = ROOT) -> list[tuple[str, Path]]:
    """(method, file) of every source of the interface's words, in a stable order."""
    found = [("python", path) for path in sorted((root / "atlas" / "site").glob("*.py"))]
    return found + [("jinja2", path) for path in sorted((root / "theme" / "templates").glob("*.html"))]


def interface_template(when: dt.datetime, root: Path = ROOT) -> Messages:
    """The interface domain's template (.pot): every marked message, with where it is used."""
    messages = Messages(
        project="Capacity Atlas", header_comment=f"# {INTERFACE_HEADER}", creation_date=when, fuzzy=False
    )
    for method, path in interface_sources(root):
        options = JINJA_OPTIONS if method == "jinja2" else {}
        method = "jinja2.ext:babel_extract" if method == "jinja2" else method
        where = path.relative_to(root).as_posix()
        for line, text, comments, context in extract_from_file(
            method, path, keywords=KEYWORDS, comment_tags=("Translators:",), options=options
        ):
            messages.add(text, locations=[(where, line)], auto_comments=comments, context=context)
    return messages


def update(
    locale_dir: Path, catalog: Catalog, languages: list[str], when: dt.datetime, root: Path = ROOT
) -> list[Path]:
    """Write locale/atlas.pot and locale/catalog.pot and bring each language's .po files in step with
    them; return the files written. The same sources and date always give the same bytes."""
    written = []
    locale_dir.mkdir(parents=True, exist_ok=True)
    for domain, pot in ((INTERFACE, interface_template(when, root)), (DOMAIN, template(catalog, when))):
        written.append(locale_dir / f"{domain}.pot")
        _write(written[-1], pot)
        for language in languages:
            path = locale_dir / language / "LC_MESSAGES" / f"{domain}.po"
            if path.exists():
                with path.open("rb") as file:
                    translated = read_po(file, locale=language, domain=domain)
            else:
                translated = Messages(
                    locale=language, domain=domain, project="Capacity Atlas", creation_date=when, fuzzy=False
                )
            translated.update(pot, no_fuzzy_matching=False)
            path.parent.mkdir(parents=True, exist_ok=True)
            _write(path, translated)
            written.append(path)
    return written


def _write(path: Path, messages: Messages) -> None:
    with path.open("wb") as file:
        write_po(
            file, messages, width=100, sort_output=False, include_previous=True, include_lineno=False
        )  # files without line numbers: moving code does not change the translators' files
