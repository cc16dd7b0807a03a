"""Translations: completeness checks on .po files, CLDR plurals and the shipped files (real builds in every
language: test_i18n_builds.py)."""

from __future__ import annotations

import ast
import io
import re

from babel.messages.catalog import Catalog as Messages
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations
from constants import ROOT
from english_left import words_of

from atlas.site import fragments, words
from atlas.site.languages import LOCALE_DIR, TRANSLATED
from atlas.site.translation import DOMAINS, po_path, problems, read_messages


def _po(language: str, messages: list[tuple], fuzzy: tuple = ()) -> Messages:
    """A .po file written and read back: each message (id, string[, context])."""
    catalog = Messages(locale=language, domain="atlas", fuzzy=False)
    for index, (key, string, *context) in enumerate(messages):
        catalog.add(
            key, string, context=context[0] if context else None, flags=["fuzzy"] if index in fuzzy else []
        )
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    buffer.seek(0)
    return read_po(buffer, locale=language, domain="atlas")


# -- the completeness check, on small synthetic files -------------------------------------------------


def test_a_complete_file_has_no_problems():
    messages = _po(
        "fr",
        [
            ("Search", "Rechercher"),
            ("%(count)s of %(num)s groups", "%(count)s sur %(num)s groupes"),
            (
                ("%(count)s group", "%(count)s groups"),
                ("%(count)s groupe", "%(count)s groupes", "%(count)s groupes"),
            ),
            ("wikidata name", "Wikidata", "ctx"),
        ],
    )
    assert problems(messages) == []


def test_an_untranslated_message_is_a_problem():
    found = problems(_po("fr", [("Search", "Rechercher"), ("Map", "")]))
    assert found == ["untranslated 'Map'"]


def test_a_partly_translated_plural_is_untranslated():
    found = problems(_po("ar", [(("%(count)s day", "%(count)s days"), ("يوم", "", "", "", "", ""))]))
    assert found == ["untranslated '%(count)s day'"]


def test_a_fuzzy_message_is_a_problem():
    found = problems(_po("es", [("Search", "Buscar"), ("Map", "Mapa")], fuzzy=(1,)))
    assert found == ["fuzzy 'Map'"]


def test_a_changed_placeholder_is_a_problem():
    found = problems(_po("fr", [("Of %(count)s groups", "Sur %(nombre)s groupes"), ("Hi %(name)s", "Salut")]))
    assert found == ["placeholders differ in 'Of %(count)s groups'", "placeholders differ in 'Hi %(name)s'"]


def test_a_plural_form_may_leave_out_the_count_but_the_other_form_keeps_it():
    forms = ("لا يوم", "يوم واحد", "يومان", "%(count)s أيام", "%(count)s يومًا", "%(count)s يوم")
    assert problems(_po("ar", [(("%(count)s day", "%(count)s days"), forms)])) == []
    wrong = forms[:5] + ("يوم",)
    assert problems(_po("ar", [(("%(count)s day", "%(count)s days"), wrong)])) == [
        "placeholders differ in '%(count)s day'"
    ]


# -- plurals by CLDR rules --------------------------------------------------------------------------


def _translations(language: str, forms: tuple[str, ...]) -> Translations:
    catalog = Messages(locale=language, domain="atlas", fuzzy=False)
    catalog.add(("%(count)s group", "%(count)s groups"), forms)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain="atlas")


def test_french_counts_zero_as_singular():
    fr = _translations("fr", ("%(count)s groupe", "%(count)s groupes (million)", "%(count)s groupes"))
    assert [fr.ngettext("%(count)s group", "%(count)s groups", n) for n in (0, 1, 2)] == [
        "%(count)s groupe",
        "%(count)s groupe",
        "%(count)s groupes",
    ]


def test_arabic_has_six_plural_forms():
    forms = tuple(f"form {index}" for index in range(6))
    ar = _translations("ar", forms)
    chosen = [ar.ngettext("%(count)s group", "%(count)s groups", n) for n in (0, 1, 2, 3, 11, 100)]
    assert chosen == list(forms)


def test_a_robustness_has_words_of_its_own_that_agree_with_robustness():
    """French and Spanish say a level "élevé", "alto" but a robustness "élevée", "alta": the robustness
    shown beside a rating and in lists is the robustness's word, the level's badge the level's."""
    for language, level, robust in (("fr", "élevé", "élevée"), ("es", "alto", "alta")):
        pieces = fragments.for_language(language)
        assert f">{level}<" in pieces.level_badge("high")
        assert f">{robust}<" in pieces.robustness_text("high")
        assert pieces.w.robustness("high") == robust


def test_an_untranslated_language_falls_back_to_english_with_cldr_numbers():
    german = words.Words("de")  # no files for it: every message in English, numbers as CLDR writes them
    assert not po_path("de", "atlas").exists()
    assert german.capacity_sentence("X", _tally()) == words.capacity_sentence("X", _tally())
    assert german.percent(0.5) == "50\xa0%"
    assert words.percent(0.5) == "50%"
    assert german.number(1234567) == "1.234.567"
    assert words.Words("fr").number(1234567) == "1\u202f234\u202f567"


def asked_messages(source: str) -> set[str]:
    """The English of every message a module asks for: the first argument of _(), n_(), gettext() and
    ngettext(), the second of pgettext(), wherever the call stands (f-strings included)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        at = {"_": 0, "n_": 0, "gettext": 0, "ngettext": 0, "N_": 0, "pgettext": 1}.get(name)
        if at is not None and len(node.args) > at and isinstance(node.args[at], ast.Constant):
            found.add(node.args[at].value)
    return found


def test_every_message_the_site_layer_asks_for_is_in_the_template():
    """Babel does not look inside f-strings: a message asked for there would never be translated."""
    messages = read_messages(LOCALE_DIR / "atlas.pot", "en", "atlas")
    template = {m.id if isinstance(m.id, str) else m.id[0] for m in messages}
    asked = {
        (path.name, text)
        for path in sorted((ROOT / "atlas" / "site").glob("*.py"))
        for text in asked_messages(path.read_text(encoding="utf-8"))
    }
    assert len(asked) > 100, "the scan finds the site layer's messages"
    assert sorted(m for m in asked if m[1] not in template) == []
    assert asked_messages("f\"{_('hidden')}\"") == {"hidden"}


def _tally():
    from atlas.analysis.state import Tally

    return Tally(levels={"none": 1, "low": 0, "medium": 2, "high": 1}, fragile=1, stale=1)


# -- the shipped files ------------------------------------------------------------------------------


def test_every_language_has_both_domains_in_step_with_the_templates():
    for domain in DOMAINS:
        template = {
            m.id if isinstance(m.id, str) else m.id[0]
            for m in read_messages(LOCALE_DIR / f"{domain}.pot", "en", domain)
            if m.id
        }
        assert template
        for language in TRANSLATED:
            found = {
                m.id if isinstance(m.id, str) else m.id[0]
                for m in read_messages(po_path(language, domain), language, domain)
                if m.id
            }
            assert found == template, (language, domain)


def test_extraction_is_deterministic_and_up_to_date(tmp_path):
    """`atlas translations` writes the same bytes as the committed templates (run it after editing)."""
    import datetime as dt

    from atlas.ingest.catalog import load_catalog
    from atlas.tools.translations import update

    when = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    written = update(tmp_path, load_catalog(ROOT / "content" / "catalog"), [], when)
    for path in written:
        committed = (LOCALE_DIR / path.name).read_text(encoding="utf-8")
        fresh = path.read_text(encoding="utf-8")
        strip = re.compile(r'"POT-Creation-Date: [^"]*"\n')
        assert strip.sub("", fresh) == strip.sub("", committed), path.name


def test_every_shipped_language_is_complete():
    """Fails until the translators' work lands: every message of both domains translated, none fuzzy, the
    same placeholders as the English."""
    found = {
        (language, domain): problems(read_messages(po_path(language, domain), language, domain))
        for language in TRANSLATED
        for domain in DOMAINS
    }
    summary = {key: f"{len(value)} problems, first: {value[:3]}" for key, value in found.items() if value}
    assert not summary, summary


# Messages a shipped language writes as the English does, on purpose: names of tools, the movement's
# words, and words both languages share. Any other translation equal to its English is a message left in
# English, which the scan for English text cannot see (its words are then the language's own too).
SAME_AS_ENGLISH = {
    "fr": {
        "Date", "fragile", "Fragile", "%(level)s, fragile", "Hub", "population", "source", "score",
        "Score", "Wikidata", "Bots", "Lua", "CentralNotice", "Edit-a-thons", "Finances",
    },
    "es": {
        "provisional", ", provisional", "Idea:", "idea: %(idea)s", "Hub", "Global", "Wikidata", "Bots",
        "Lua", "CentralNotice",
    },
    "ar": {"Lua", "CentralNotice"},
}  # fmt: skip


def test_a_translation_equal_to_its_english_is_one_kept_on_purpose():
    for language in TRANSLATED:
        same = set()
        for domain in DOMAINS:
            for message in read_messages(po_path(language, domain), language, domain):
                sources = message.id if isinstance(message.id, (list, tuple)) else [message.id]
                strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
                if words_of(sources[0] or "") and any(string == sources[0] for string in strings):
                    same.add(sources[0])
        assert same == SAME_AS_ENGLISH[language], language
