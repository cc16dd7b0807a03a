"""The catalog's words as gettext files: every text once, deterministic, translations kept in step."""

from __future__ import annotations

import dataclasses
import datetime as dt

from babel.messages.pofile import read_po

from atlas.tools.translations import catalog_texts, update

WHEN = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)


def read(path, locale=None):
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def test_every_text_of_the_catalog_is_one_message_with_its_context(catalog, tmp_path):
    pot = next(path for path in update(tmp_path, catalog, [], WHEN) if path.name == "catalog.pot")
    messages = {(m.context, m.id) for m in read(pot) if m.id}
    assert ("social-media name", "Social media") in messages
    assert (
        "social-media guidance robustness",
        catalog.capacities["social-media"].guidance["robustness"],
    ) in messages
    assert ("nwe region name", catalog.regions["nwe"].name) in messages
    expected = 2 * len(catalog.categories) + 9 * len(catalog.capacities) + 2 * len(catalog.regions)
    assert len(messages) == len(catalog_texts(catalog)) == expected


def test_the_files_are_the_same_every_time(catalog, tmp_path):
    first = [path.read_bytes() for path in update(tmp_path, catalog, ["fr", "ar"], WHEN)]
    assert [path.read_bytes() for path in update(tmp_path, catalog, ["fr", "ar"], WHEN)] == first


def test_a_translation_is_kept_and_a_changed_english_text_marks_it_fuzzy(catalog, tmp_path):
    update(tmp_path, catalog, ["fr"], WHEN)
    path = tmp_path / "fr" / "LC_MESSAGES" / "catalog.po"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'msgctxt "bots name"\nmsgid "Bots"\nmsgstr ""', 'msgctxt "bots name"\nmsgid "Bots"\nmsgstr "Robots"'
    )
    text = text.replace(
        'msgctxt "nwe region name"\nmsgid "Northern & Western Europe"\nmsgstr ""',
        'msgctxt "nwe region name"\nmsgid "Northern & Western Europe"\n'
        'msgstr "Europe du Nord et de l\'Ouest"',
    )
    path.write_text(text, encoding="utf-8")
    region = dataclasses.replace(catalog.regions["nwe"], name="Northern and Western Europe")
    changed = dataclasses.replace(catalog, regions={**catalog.regions, "nwe": region})
    update(tmp_path, changed, ["fr"], WHEN)
    french = read(path, "fr")
    assert french.get("Bots", context="bots name").string == "Robots"
    moved = french.get("Northern and Western Europe", context="nwe region name")
    assert moved.fuzzy and moved.string == "Europe du Nord et de l'Ouest"
    assert "(n == 0 || n == 1) ? 0" in french.plural_forms  # CLDR: French counts 0 as one
